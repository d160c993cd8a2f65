using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>y = x broadcast to a shape;   dx = dy (the tape sums it back to x's shape)</summary>
internal sealed class BroadcastTo(Shape shape) : Op
{
    public override string Name => "BroadcastTo";

    /// <summary>The gradient reads only shapes.</summary>
    public override ulong KeptForGradient(ulong needed) => 0;

    public Tensor Call(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dims = BroadcastPlan.Shape(x.Shape.D, shape.D);
        if (dims is null || !dims.AsSpan().SequenceEqual(shape.D))
        {
            throw Error($"cannot broadcast x {x.Describe()} to shape {shape}");
        }
        var y = Tensor.Empty(shape, x.DType);
        switch (x.Buffer)
        {
            case float[] f: Broadcast.To(f, x.Shape.D, y.Data<float>(), shape.D); break;
            case double[] d: Broadcast.To(d, x.Shape.D, y.Data<double>(), shape.D); break;
            case int[] n: Broadcast.To(n, x.Shape.D, y.Data<int>(), shape.D); break;
            case long[] l: Broadcast.To(l, x.Shape.D, y.Data<long>(), shape.D); break;
            case byte[] b: Broadcast.To(b, x.Shape.D, y.Data<byte>(), shape.D); break;
            default: Broadcast.To(x.Data<bool>(), x.Shape.D, y.Data<bool>(), shape.D); break;
        }
        return Finish(y, x);
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank) =>
        tangents[0] is { } t
            ? Tf.BroadcastTo(Autodiff.Tangents.Align(t, batchRank, shape.Rank), new Shape([.. Autodiff.Tangents.Lead(t, batchRank), .. shape.D]))
            : null;

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) => [dy];
}

namespace TapeFlow.Ops;

/// <summary>y = x with a new shape (same elements, row-major);   dx = reshape(dy, x.shape)</summary>
internal sealed class Reshape(int[] shape) : Op
{
    public override string Name => "Reshape";

    /// <summary>The gradient reads only shapes.</summary>
    public override ulong KeptForGradient(ulong needed) => 0;

    public Tensor Call(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dims = (int[])shape.Clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (unknown >= 0) throw Error($"only one dimension may be -1, got ({string.Join(", ", shape)}) for x {x.Describe()}");
                unknown = i;
            }
            else if (dims[i] < 0) throw Error($"invalid dimension {dims[i]} in ({string.Join(", ", shape)})");
            else known *= dims[i];
        }
        if (unknown >= 0)
        {
            if (known == 0 || x.Size % known != 0)
            {
                throw Error($"cannot reshape a tensor with {x.Size} elements to ({string.Join(", ", shape)}): x {x.Describe()}");
            }
            dims[unknown] = (int)(x.Size / known);
            known *= dims[unknown];
        }
        if (known != x.Size)
        {
            throw Error($"cannot reshape a tensor with {x.Size} elements to shape ({string.Join(", ", shape)}) ({known} elements): x {x.Describe()}");
        }
        // Plain tensors are immutable, so the buffer can be shared; a variable's cannot.
        var buffer = x is Variable ? (System.Array)x.Buffer.Clone() : x.Buffer;
        return Finish(new Tensor(buffer, Shape.Own(dims), x.DType), x);
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank) =>
        tangents[0] is { } t ? Tf.Reshape(t, [.. Autodiff.Tangents.Lead(t, batchRank), .. output.Shape.D]) : null;

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) => [Tf.Reshape(dy, inputs[0].Shape.Dims)];
}

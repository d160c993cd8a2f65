using System.Numerics;

namespace TapeFlow.Ops;

/// <summary>An element-wise op of one input whose output has the input's shape and dtype.</summary>
internal abstract class UnaryOp : Op
{
    /// <summary>The dtypes the kernel accepts.</summary>
    public virtual DTypes Accepts => DTypes.Floating;

    public Tensor Call(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!Accepts.Contains(x.DType)) throw Error($"expected {Accepts.Describe()}, got x {x.Describe()}");
        var y = Tensor.Uninitialized(x.Shape, x.DType);
        switch (x.DType)
        {
            case DType.Float32: Run<float>(x, y); break;
            case DType.Float64: Run<double>(x, y); break;
            case DType.Int32: Run<int>(x, y); break;
            case DType.Int64: Run<long>(x, y); break;
            case DType.UInt8: Run<byte>(x, y); break;
            default: throw Error($"expected {Accepts.Describe()}, got x {x.Describe()}");
        }
        return Finish(y, x);
    }

    /// <summary>The kernel over all of <paramref name="x"/>, in aligned ranges on the intra-op pool when it is large.</summary>
    private void Run<T>(Tensor x, Tensor y) where T : unmanaged, INumber<T>
    {
        int chunks = Kernels.ParallelSplit.Chunks((int)x.Size, out int threads);
        if (chunks <= 1) Forward<T>(x.Data<T>(), y.Data<T>());
        else new SplitJob<T>(this, x.Data<T>(), y.Data<T>()).Run(chunks, threads);
    }

    /// <summary>A split call: each element takes the path it takes on one thread.</summary>
    private sealed class SplitJob<T>(UnaryOp op, T[] x, T[] y) : Kernels.RangeJob(y.Length) where T : unmanaged, INumber<T>
    {
        protected override void Kernel(int from, int count) => op.Forward<T>(x.AsSpan(from, count), y.AsSpan(from, count));
    }

    protected abstract void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>;

    /// <summary>dL/dx given dL/dy, the input and the output.</summary>
    public abstract Tensor? Gradient(Tensor dy, Tensor x, Tensor y);

    /// <summary>Element-wise, the Jacobian is diagonal and so symmetric: J·v is the gradient with dy = v.</summary>
    public sealed override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank) =>
        tangents[0] is { } t ? Gradient(t, inputs[0], output) : null;

    public sealed override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) => [Gradient(dy, inputs[0], output)];
}

using System.Numerics;
using System.Runtime.InteropServices;

namespace TapeFlow.Ops;

/// <summary>
/// y = dy · 1[features &gt; 0], the gradient of Relu in one pass (TF's ReluGrad);
/// d(dy) = ReluGrad(ddy, features), d(features) = 0 (piecewise constant).
/// </summary>
internal sealed class ReluGrad : Op
{
    public override string Name => "ReluGrad";

    public Tensor Call(Tensor gradients, Tensor features)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(features);
        RequireSameDType(gradients, features);
        RequireNumeric(gradients);
        if (!gradients.Shape.Equals(features.Shape))
        {
            throw Error($"gradients and features must have the same shape: gradients {gradients.Describe()}, features {features.Describe()}");
        }
        var y = Tensor.Uninitialized(features.Shape, features.DType);
        switch (features.DType)
        {
            case DType.Float32: Run(gradients.Data<float>(), features.Data<float>(), y.Data<float>()); break;
            case DType.Float64: Run(gradients.Data<double>(), features.Data<double>(), y.Data<double>()); break;
            case DType.Int32: Run(gradients.Data<int>(), features.Data<int>(), y.Data<int>()); break;
            case DType.Int64: Run(gradients.Data<long>(), features.Data<long>(), y.Data<long>()); break;
            default: Run(gradients.Data<byte>(), features.Data<byte>(), y.Data<byte>()); break;
        }
        return Finish(y, gradients, features);
    }

    /// <summary>The kernel over all elements, in aligned ranges on the intra-op pool when they are many.</summary>
    private static void Run<T>(T[] dy, T[] x, T[] y) where T : unmanaged, INumber<T>
    {
        int chunks = Kernels.ParallelSplit.Chunks(y.Length, out int threads);
        if (chunks <= 1) Kernel<T>(dy, x, y);
        else new SplitJob<T>(dy, x, y).Run(chunks, threads);
    }

    /// <summary>A split call.</summary>
    private sealed class SplitJob<T>(T[] dy, T[] x, T[] y) : Kernels.RangeJob(y.Length) where T : unmanaged, INumber<T>
    {
        protected override void Kernel(int from, int count) => ReluGrad.Kernel<T>(dy.AsSpan(from, count), x.AsSpan(from, count), y.AsSpan(from, count));
    }

    private static void Kernel<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && x.Length >= Vector<T>.Count)
        {
            ref T dr = ref MemoryMarshal.GetReference(dy);
            ref T xr = ref MemoryMarshal.GetReference(x);
            ref T yr = ref MemoryMarshal.GetReference(y);
            int last = x.Length - Vector<T>.Count;
            for (; i <= last; i += Vector<T>.Count)
            {
                var mask = Vector.GreaterThan(Vector.LoadUnsafe(ref xr, (nuint)i), Vector<T>.Zero);
                Vector.ConditionalSelect(mask, Vector.LoadUnsafe(ref dr, (nuint)i), Vector<T>.Zero).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < x.Length; i++) y[i] = x[i] > T.Zero ? dy[i] : T.Zero;
    }

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) =>
        [Registry.ReluGrad.Call(dy, inputs[1]), Tf.ZerosLike(inputs[1])];
}

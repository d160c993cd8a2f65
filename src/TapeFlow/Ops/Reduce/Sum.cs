using System.Numerics;

namespace TapeFlow.Ops;

/// <summary>y = Σ x over axes;   dx = dy broadcast back to x's shape</summary>
internal sealed class Sum(int[]? axes, bool keepDims) : ReduceOp(axes, keepDims)
{
    public override string Name => "Sum";

    /// <summary>The gradient reads only shapes.</summary>
    public override ulong KeptForGradient(ulong needed) => 0;

    protected override void Kernel<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner) =>
        Kernels.Reduce.Run<T, Kernels.SumOperator>(x, y, outer, n, inner);

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank) =>
        tangents[0] is { } t ? Tf.ReduceSum(t, Autodiff.Tangents.Shift(Axes, batchRank), KeepDims) : null;

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) => [Expand(dy, inputs[0])];
}

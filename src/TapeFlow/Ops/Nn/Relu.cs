using System.Numerics;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>y = max(x, 0);   dx = dy · 1[y &gt; 0]  (0 at x = 0, as TF), one fused ReluGrad</summary>
internal sealed class Relu : UnaryOp
{
    public override string Name => "Relu";

    /// <summary>The gradient (and JVP) reads the output only.</summary>
    public override ulong KeptForGradient(ulong needed) => 1UL << Autodiff.SavedTensors.OutputBit;

    public override DTypes Accepts => DTypes.Numeric;

    protected override void Forward<T>(ReadOnlySpan<T> x, Span<T> y) => Elementwise.Map<T, Operator>(x, y);

    public override Tensor Gradient(Tensor dy, Tensor x, Tensor y) =>
        dy.Shape.Equals(y.Shape)
            ? Registry.ReluGrad.Call(dy, y)
            : Tf.Where(Tf.Greater(y, Tf.Scalar(0, y.DType)), dy, Tf.ZerosLike(dy)); // a batch of tangents (forward mode) broadcasts

    internal readonly struct Operator : IUnaryOperator
    {
        public static T Invoke<T>(T x) where T : unmanaged, INumber<T> => T.Max(x, T.Zero);

        public static Vector<T> Invoke<T>(Vector<T> x) where T : unmanaged, INumber<T> => Vector.Max(x, Vector<T>.Zero);
    }
}

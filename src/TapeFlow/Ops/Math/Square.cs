using System.Numerics;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>y = x²;   dx = dy · 2x</summary>
internal sealed class Square : UnaryOp
{
    public override string Name => "Square";

    /// <summary>The gradient reads the input only.</summary>
    public override ulong KeptForGradient(ulong needed) => 1UL;

    public override DTypes Accepts => DTypes.Numeric;

    protected override void Forward<T>(ReadOnlySpan<T> x, Span<T> y) => Elementwise.Map<T, Operator>(x, y);

    public override Tensor Gradient(Tensor dy, Tensor x, Tensor y) => Tf.Multiply(dy, Tf.Multiply(x, Tf.Scalar(2, x.DType)));

    private readonly struct Operator : IUnaryOperator
    {
        public static T Invoke<T>(T x) where T : unmanaged, INumber<T> => x * x;

        public static Vector<T> Invoke<T>(Vector<T> x) where T : unmanaged, INumber<T> => x * x;
    }
}

using System.Numerics;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>y = -x;   dx = -dy</summary>
internal sealed class Neg : UnaryOp
{
    public override string Name => "Neg";

    /// <summary>The gradient reads only shapes.</summary>
    public override ulong KeptForGradient(ulong needed) => 0;

    public override DTypes Accepts => DTypes.Numeric;

    protected override void Forward<T>(ReadOnlySpan<T> x, Span<T> y) => Elementwise.Map<T, Operator>(x, y);

    public override Tensor Gradient(Tensor dy, Tensor x, Tensor y) => Tf.Negative(dy);

    private readonly struct Operator : IUnaryOperator
    {
        public static T Invoke<T>(T x) where T : unmanaged, INumber<T> => -x;

        public static Vector<T> Invoke<T>(Vector<T> x) where T : unmanaged, INumber<T> => -x;
    }
}

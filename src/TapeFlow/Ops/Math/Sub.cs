using System.Numerics;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>y = a - b;   da = dy, db = -dy</summary>
internal sealed class Sub : BinaryOp<Sub.Operator>
{
    public override string Name => "Sub";

    /// <summary>The gradient reads only shapes.</summary>
    public override ulong KeptForGradient(ulong needed) => 0;

    public override (Tensor? Da, Tensor? Db) Gradient(Tensor dy, Tensor a, Tensor b, Tensor y) => (dy, Tf.Negative(dy));

    protected override Tensor? Tangent(Tensor? ta, Tensor? tb, Tensor a, Tensor b, Tensor y) =>
        ta is null ? (tb is null ? null : Tf.Negative(tb)) : tb is null ? ta : Tf.Subtract(ta, tb);

    public override Tensor? GradientA(Tensor dy, Tensor a, Tensor b, Tensor y) => dy;

    public override Tensor? GradientB(Tensor dy, Tensor a, Tensor b, Tensor y) => Tf.Negative(dy);

    internal readonly struct Operator : IBinaryOperator
    {
        public static T Invoke<T>(T a, T b) where T : unmanaged, INumber<T> => a - b;

        public static Vector<T> Invoke<T>(Vector<T> a, Vector<T> b) where T : unmanaged, INumber<T> => a - b;
    }
}

using System.Numerics;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>y = a · b;   da = dy · b, db = dy · a</summary>
internal sealed class Mul : BinaryOp<Mul.Operator>
{
    public override string Name => "Mul";

    /// <summary>da reads b and db reads a.</summary>
    public override ulong KeptForGradient(ulong needed) => ((needed & 1) != 0 ? 2UL : 0) | ((needed & 2) != 0 ? 1UL : 0);

    public override (Tensor? Da, Tensor? Db) Gradient(Tensor dy, Tensor a, Tensor b, Tensor y) =>
        (Tf.Multiply(dy, b), Tf.Multiply(dy, a));

    protected override Tensor? Tangent(Tensor? ta, Tensor? tb, Tensor a, Tensor b, Tensor y)
    {
        var fromA = ta is null ? null : Tf.Multiply(ta, b);
        var fromB = tb is null ? null : Tf.Multiply(a, tb);
        return fromA is null ? fromB : fromB is null ? fromA : Tf.Add(fromA, fromB);
    }

    public override Tensor? GradientA(Tensor dy, Tensor a, Tensor b, Tensor y) => Tf.Multiply(dy, b);

    public override Tensor? GradientB(Tensor dy, Tensor a, Tensor b, Tensor y) => Tf.Multiply(dy, a);

    internal readonly struct Operator : IBinaryOperator
    {
        public static T Invoke<T>(T a, T b) where T : unmanaged, INumber<T> => a * b;

        public static Vector<T> Invoke<T>(Vector<T> a, Vector<T> b) where T : unmanaged, INumber<T> => a * b;
    }
}

using System.Numerics;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>y = a + b;   da = dy, db = dy</summary>
internal sealed class Add : BinaryOp<Add.Operator>
{
    public override string Name => "AddV2";

    /// <summary>The gradient reads only shapes.</summary>
    public override ulong KeptForGradient(ulong needed) => 0;

    public override (Tensor? Da, Tensor? Db) Gradient(Tensor dy, Tensor a, Tensor b, Tensor y) => (dy, dy);

    internal readonly struct Operator : IBinaryOperator
    {
        public static T Invoke<T>(T a, T b) where T : unmanaged, INumber<T> => a + b;

        public static Vector<T> Invoke<T>(Vector<T> a, Vector<T> b) where T : unmanaged, INumber<T> => a + b;
    }
}

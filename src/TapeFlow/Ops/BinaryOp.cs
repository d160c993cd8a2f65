using System.Numerics;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>An element-wise op of two inputs of one dtype, broadcast as numpy does.</summary>
internal abstract class BinaryOp<TOperator> : Op where TOperator : IBinaryOperator
{
    /// <summary>The dtypes the kernel accepts.</summary>
    public virtual DTypes Accepts => DTypes.Numeric;

    public Tensor Call(Tensor a, Tensor b)
    {
        var shape = CheckOperands(this, a, b, Accepts);
        var y = Tensor.Uninitialized(shape, a.DType);
        switch (a.DType)
        {
            case DType.Float32: Forward<float>(a, b, y); break;
            case DType.Float64: Forward<double>(a, b, y); break;
            case DType.Int32: Forward<int>(a, b, y); break;
            case DType.Int64: Forward<long>(a, b, y); break;
            default: Forward<byte>(a, b, y); break;
        }
        return Finish(y, a, b);
    }

    /// <summary>The checks every two-operand op shares: same dtype, an accepted one, broadcastable shapes.</summary>
    internal static Shape CheckOperands(Op op, Tensor a, Tensor b, DTypes accepts)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.DType != b.DType)
        {
            throw new ArgumentException($"{op.Name}: the operands have different dtypes: a {a.Describe()}, b {b.Describe()}; cast one with Tf.Cast");
        }
        if (!accepts.Contains(a.DType)) throw new ArgumentException($"{op.Name}: expected {accepts.Describe()}, got a {a.Describe()}, b {b.Describe()}");
        if (a.Shape.Equals(b.Shape) || b.Rank == 0) return a.Shape;
        if (a.Rank == 0) return b.Shape;
        var dims = BroadcastPlan.Shape(a.Shape.D, b.Shape.D)
            ?? throw new ArgumentException($"{op.Name}: incompatible shapes for broadcasting: a {a.Describe()}, b {b.Describe()}");
        return Shape.Own(dims);
    }

    // Not virtual: a generic virtual call costs a runtime lookup on every op.
    private static void Forward<T>(Tensor a, Tensor b, Tensor y) where T : unmanaged, INumber<T> =>
        Broadcast.Binary<T, TOperator>(a.Data<T>(), a.Shape.D, b.Data<T>(), b.Shape.D, y.Data<T>(), y.Shape.D);

    /// <summary>dL/da and dL/db at the output's shape; the tape reduces them to each input's shape.</summary>
    public abstract (Tensor? Da, Tensor? Db) Gradient(Tensor dy, Tensor a, Tensor b, Tensor y);

    public sealed override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank)
    {
        var ta = tangents[0] is { } x ? Autodiff.Tangents.Align(x, batchRank, output.Rank) : null;
        var tb = tangents[1] is { } z ? Autodiff.Tangents.Align(z, batchRank, output.Rank) : null;
        return Tangent(ta, tb, inputs[0], inputs[1], output);
    }

    /// <summary>
    /// J_a·ta + J_b·tb, with the tangents (<c>null</c> = zero) aligned to the output's rank. The default
    /// uses that each partial Jacobian is diagonal after broadcasting, so J_a·ta is the gradient for a with dy = ta.
    /// </summary>
    protected virtual Tensor? Tangent(Tensor? ta, Tensor? tb, Tensor a, Tensor b, Tensor y)
    {
        var fromA = ta is null ? null : Gradient(ta, a, b, y).Da;
        var fromB = tb is null ? null : Gradient(tb, a, b, y).Db;
        return fromA is null ? fromB : fromB is null ? fromA : Tf.Add(fromA, fromB);
    }

    /// <summary>dL/da alone, for when b needs no gradient; ops override it when that saves work.</summary>
    public virtual Tensor? GradientA(Tensor dy, Tensor a, Tensor b, Tensor y) => Gradient(dy, a, b, y).Da;

    /// <summary>dL/db alone, for when a needs no gradient; ops override it when that saves work.</summary>
    public virtual Tensor? GradientB(Tensor dy, Tensor a, Tensor b, Tensor y) => Gradient(dy, a, b, y).Db;

    public sealed override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output)
    {
        var (da, db) = Gradient(dy, inputs[0], inputs[1], output);
        return [da, db];
    }

    public sealed override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output, ulong needed) => (needed & 3) switch
    {
        1 => [GradientA(dy, inputs[0], inputs[1], output), null],
        2 => [null, GradientB(dy, inputs[0], inputs[1], output)],
        _ => Backward(dy, inputs, output),
    };
}

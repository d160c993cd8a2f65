using TapeFlow.Autodiff;

namespace TapeFlow.Ops;

/// <summary>
/// A primitive operation: a forward kernel and, beside it, its gradient written in tensor ops
/// (so that the gradient is itself recorded and differentiates again). Named after TF's raw op.
/// Stateless ops are singletons in <see cref="Registry"/>; ops with attributes (axes, perm, ...)
/// are small per-call instances that carry them.
/// </summary>
internal abstract class Op
{
    /// <summary>TF's raw op name (<c>Mul</c>, <c>Sum</c>, <c>MatMul</c>, ...).</summary>
    public abstract string Name { get; }

    /// <summary>False for ops TF registers as not differentiable (comparisons, ArgMax, Floor, ...): their outputs are never recorded.</summary>
    public virtual bool IsDifferentiable => true;

    /// <summary>The gradient with respect to each input, given the upstream gradient <paramref name="dy"/>; <c>null</c> = no gradient.</summary>
    public abstract Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output);

    /// <summary>
    /// The Jacobian-vector product J·v: one tangent per input (<c>null</c> = zero), each shaped
    /// <c>batch + input.shape</c> with <paramref name="batchRank"/> leading batch axes; the result is shaped
    /// <c>batch + output.shape</c> (or broadcasts to it), <c>null</c> when no tangent reaches the output.
    /// The default derives it from <see cref="Backward(Tensor, Tensor[], Tensor)"/> (exact, see <see cref="JvpFromVjp"/>); ops override
    /// it with a direct rule where that is cheaper. Written in tensor ops, so it differentiates again.
    /// </summary>
    public virtual Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank) =>
        JvpFromVjp.Compute(this, inputs, output, tangents, batchRank);

    /// <summary>
    /// As <see cref="Backward(Tensor, Tensor[], Tensor)"/>, told which inputs need a gradient (bit k for
    /// input k; inputs from 64 on always count as needed): an op may skip the others and return null there.
    /// </summary>
    public virtual Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output, ulong needed) => Backward(dy, inputs, output);

    /// <summary>
    /// Which values the gradient (and JVP) needs, given which inputs can take a gradient (bit k for input k):
    /// bit k of the result for input k's values, bit 63 for the output's. A tape keeps only those for large
    /// tensors (see <c>Autodiff.SavedTensors</c>); shapes and dtypes are always kept. The default keeps everything.
    /// </summary>
    public virtual ulong KeptForGradient(ulong needed) => ulong.MaxValue;

    /// <summary>
    /// True for ops whose gradient runs caller-supplied code (a custom gradient), which might keep the
    /// tensors it is given: reverse walks then do not recycle buffers (see <c>Memory.WalkArena</c>).
    /// </summary>
    public virtual bool GradientRunsUserCode => false;

    /// <summary>Sends a freshly computed output through the funnel: numerics check and tape recording.</summary>
    protected Tensor Finish(Tensor output, Tensor x) => Engine.Record(this, output, x);

    /// <inheritdoc cref="Finish(Tensor, Tensor)"/>
    protected Tensor Finish(Tensor output, Tensor a, Tensor b) => Engine.Record(this, output, a, b);

    /// <inheritdoc cref="Finish(Tensor, Tensor)"/>
    protected Tensor Finish(Tensor output, Tensor[] inputs) => Engine.Record(this, output, inputs);

    /// <summary>A ValueError-style error that names the op.</summary>
    protected ArgumentException Error(string message) => new($"{Name}: {message}");

    /// <summary>Rejects dtypes the op has no kernel for, naming op, shape and dtype.</summary>
    protected void RequireFloating(Tensor x)
    {
        if (!x.DType.IsFloating()) throw Error($"expected a floating dtype (float32 or float64), got x {x.Describe()}");
    }

    /// <summary>Rejects bool (no arithmetic on it), naming op, shape and dtype.</summary>
    protected void RequireNumeric(Tensor x)
    {
        if (x.DType == DType.Bool) throw Error($"expected a numeric dtype, got x {x.Describe()}");
    }

    /// <summary>Rejects two inputs of different dtypes, as TF does (no implicit promotion).</summary>
    protected void RequireSameDType(Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
        {
            throw Error($"cannot compute {Name} as input #1 was expected to be a {a.DType.Name()} tensor but is a {b.DType.Name()} tensor: a {a.Describe()}, b {b.Describe()}");
        }
    }

    /// <summary>Normalises a possibly negative axis against a rank, naming the op when out of range.</summary>
    protected int Axis(int axis, int rank, string what = "axis")
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw Error($"{what} {axis} is out of range for a tensor of rank {rank}");
        return a;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

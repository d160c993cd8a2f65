using TapeFlow.Autodiff;
using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>
/// y = act(a @ b + bias) for a [m, k], b [k, n], bias [n] (optional), act = ReLU or none: a dense layer in one
/// op, as TF's <c>_FusedMatMul</c> (what grappler makes of MatMul, BiasAdd and Relu). The bias and ReLU run in
/// the product's epilogue, on each thread's finished blocks, so the layer makes one output instead of three.
/// With dz = dy · 1[y &gt; 0] (ReLU) or dy: da = dz @ bᵀ, db = aᵀ @ dz, dbias = Σ dz over the rows.
/// </summary>
internal sealed class FusedMatMul(bool relu) : FusedLayer(relu)
{
    public override string Name => "_FusedMatMul";

    public Tensor Call(Tensor a, Tensor b, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.DType != b.DType || (bias is not null && bias.DType != a.DType))
        {
            throw Error($"the operands have different dtypes: a {a.Describe()}, b {b.Describe()}{(bias is null ? "" : $", bias {bias.Describe()}")}");
        }
        RequireFloating(a);
        if (a.Rank != 2 || b.Rank != 2) throw Error($"both operands must have rank 2: a {a.Describe()}, b {b.Describe()}");
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        if (b.Shape[0] != k) throw Error($"inner dimensions differ: a {a.Describe()}, b {b.Describe()}");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != n))
        {
            throw Error($"the bias must be 1D with as many values as the product has columns: a {a.Describe()}, b {b.Describe()}, bias {bias.Describe()}");
        }
        var y = Tensor.Uninitialized(Shape.Own([m, n]), a.DType);
        if (a.DType == DType.Float32) Gemm.Run(a.Data<float>(), 0, b.Data<float>(), 0, y.Data<float>(), 0, m, n, k, false, false, bias?.Data<float>(), Relu);
        else Gemm.Run(a.Data<double>(), 0, b.Data<double>(), 0, y.Data<double>(), 0, m, n, k, false, false, bias?.Data<double>(), Relu);
        return Finish(y, a, b, bias);
    }

    /// <summary>Both gradients at once where that pays (<see cref="MatMul.Pair"/>), else one by one.</summary>
    protected override (Tensor? Input, Tensor? Weight) ProductGradients(Tensor dz, Tensor[] inputs, bool input, bool weight) =>
        input && weight ? MatMul.Pair(new MatMul(false, true), dz, inputs[1], new MatMul(true, false), inputs[0], dz) : base.ProductGradients(dz, inputs, input, weight);

    protected override Tensor InputGradient(Tensor dz, Tensor[] inputs) => Tf.MatMul(dz, inputs[1], transposeB: true);

    protected override Tensor WeightGradient(Tensor dz, Tensor[] inputs) => Tf.MatMul(inputs[0], dz, transposeA: true);

    /// <summary>dy = act'(y) · (ta @ b + a @ tb + tbias), tangents aligned so batch axes broadcast apart.</summary>
    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank)
    {
        Tensor? t = null;
        if (tangents[0] is { } ta) t = Tf.MatMul(Tangents.Align(ta, batchRank, 2), inputs[1]);
        if (tangents[1] is { } tb) t = Sum(t, Tf.MatMul(inputs[0], Tangents.Align(tb, batchRank, 2)));
        if (tangents.Length == 3 && tangents[2] is { } tc) t = Sum(t, Tangents.Align(tc, batchRank, 2));
        return t is null || !Relu ? t : Registry.Relu.Gradient(t, output, output);
    }

    private static Tensor Sum(Tensor? a, Tensor b) => a is null ? b : Tf.Add(a, b);
}

using TapeFlow.Kernels;

namespace TapeFlow.Ops;

/// <summary>
/// y = op(a) @ op(b) over the last two axes, batch axes broadcast (TF's BatchMatMulV2);
/// for y = a @ b: da = dy @ bᵀ, db = aᵀ @ dy, with the transposes folded into the flags.
/// </summary>
internal sealed class MatMul(bool transposeA, bool transposeB) : Op
{
    public override string Name => "MatMul";

    /// <summary>da reads b and db reads a.</summary>
    public override ulong KeptForGradient(ulong needed) => ((needed & 1) != 0 ? 2UL : 0) | ((needed & 2) != 0 ? 1UL : 0);

    public bool TransposeA => transposeA;

    public bool TransposeB => transposeB;

    public Tensor Call(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.DType != b.DType) throw Error($"the operands have different dtypes: a {a.Describe()}, b {b.Describe()}");
        if (!a.DType.IsFloating() && a.DType != DType.Int32) throw Error($"expected float32, float64 or int32, got a {a.Describe()}, b {b.Describe()}");
        if (a.Rank < 2 || b.Rank < 2) throw Error($"both operands must have rank >= 2: a {a.Describe()}, b {b.Describe()}");
        int m = transposeA ? a.Shape[-1] : a.Shape[-2], ka = transposeA ? a.Shape[-2] : a.Shape[-1];
        int kb = transposeB ? b.Shape[-1] : b.Shape[-2], n = transposeB ? b.Shape[-2] : b.Shape[-1];
        if (ka != kb) throw Error($"inner dimensions differ: a {a.Describe()}, b {b.Describe()}");
        if (a.Rank == 2 && b.Rank == 2)
        {
            var y2 = Tensor.Uninitialized(Shape.Own([m, n]), a.DType);
            Product(a, 0, b, 0, y2, 0, m, n, ka);
            return Finish(y2, a, b);
        }
        var aBatch = a.Shape.D[..^2];
        var bBatch = b.Shape.D[..^2];
        var batch = BroadcastPlan.Shape(aBatch, bBatch)
            ?? throw Error($"batch dimensions do not broadcast: a {a.Describe()}, b {b.Describe()}");
        var y = Tensor.Uninitialized(Shape.Own([.. batch, m, n]), a.DType);
        int count = Product(batch);
        var aIndex = BatchOffsets(aBatch, batch);
        var bIndex = BatchOffsets(bBatch, batch);
        for (int i = 0; i < count; i++)
        {
            Product(a, aIndex[i] * m * ka, b, bIndex[i] * ka * n, y, i * m * n, m, n, ka);
        }
        return Finish(y, a, b);
    }

    private void Product(Tensor a, int ao, Tensor b, int bo, Tensor y, int yo, int m, int n, int k)
    {
        switch (a.Buffer)
        {
            case float[] f: Gemm.Run(f, ao, b.Data<float>(), bo, y.Data<float>(), yo, m, n, k, transposeA, transposeB); break;
            case double[] d: Gemm.Run(d, ao, b.Data<double>(), bo, y.Data<double>(), yo, m, n, k, transposeA, transposeB); break;
            default: Gemm.Run(a.Data<int>(), ao, b.Data<int>(), bo, y.Data<int>(), yo, m, n, k, transposeA, transposeB); break;
        }
    }

    private static int Product(int[] dims)
    {
        int p = 1;
        foreach (int d in dims) p *= d;
        return p;
    }

    /// <summary>For each batch index of the broadcast batch shape, the matrix index in an operand's own batch.</summary>
    private static int[] BatchOffsets(int[] own, int[] batch)
    {
        int count = Product(batch);
        var result = new int[count];
        if (own.Length == 0 || count == 0) return result;
        var plan = BroadcastPlan.Create(batch, own);
        int rank = plan.Dims.Length, s = plan.Strides[0][rank - 1], inner = plan.Inner, outer = plan.Outer;
        Span<int> idx = stackalloc int[rank];
        Span<int> off = stackalloc int[1];
        for (int o = 0, start = 0; o < outer; o++, start += inner)
        {
            for (int i = 0; i < inner; i++) result[start + i] = off[0] + i * s;
            plan.Advance(idx, off);
        }
        return result;
    }

    /// <summary>d(a @ b) = ta @ b + a @ tb, same flags; tangents aligned so batch axes broadcast apart.</summary>
    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents, int batchRank)
    {
        var fromA = tangents[0] is { } ta ? Tf.MatMul(Autodiff.Tangents.Align(ta, batchRank, output.Rank), inputs[1], transposeA, transposeB) : null;
        var fromB = tangents[1] is { } tb ? Tf.MatMul(inputs[0], Autodiff.Tangents.Align(tb, batchRank, output.Rank), transposeA, transposeB) : null;
        return fromA is null ? fromB : fromB is null ? fromA : Tf.Add(fromA, fromB);
    }

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output, ulong needed)
    {
        // A product with a constant (the first layer's input) skips that operand's whole GEMM.
        if ((needed & 3) == 3) return Backward(dy, inputs, output);
        return Backward(dy, inputs, output, onlyA: (needed & 1) != 0);
    }

    public override Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output) => Backward(dy, inputs, output, onlyA: null);

    /// <summary>Both gradients, or only da (<paramref name="onlyA"/> true) or only db (false).</summary>
    private Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output, bool? onlyA)
    {
        bool wantA = onlyA != false, wantB = onlyA != true;
        var a = inputs[0];
        var b = inputs[1];
        return (transposeA, transposeB) switch
        {
            (false, false) => [wantA ? Tf.MatMul(dy, b, transposeB: true) : null, wantB ? Tf.MatMul(a, dy, transposeA: true) : null],
            (false, true) => [wantA ? Tf.MatMul(dy, b) : null, wantB ? Tf.MatMul(dy, a, transposeA: true) : null],
            (true, false) => [wantA ? Tf.MatMul(b, dy, transposeB: true) : null, wantB ? Tf.MatMul(a, dy) : null],
            _ => [wantA ? Tf.MatMul(b, dy, transposeA: true, transposeB: true) : null, wantB ? Tf.MatMul(dy, a, transposeA: true, transposeB: true) : null],
        };
    }
}

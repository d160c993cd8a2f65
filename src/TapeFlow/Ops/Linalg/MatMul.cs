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

    /// <summary>Both gradients (computed at once where that pays, see <see cref="Pair"/>), or only da (<paramref name="onlyA"/> true) or only db (false).</summary>
    private Tensor?[] Backward(Tensor dy, Tensor[] inputs, Tensor output, bool? onlyA)
    {
        var a = inputs[0];
        var b = inputs[1];
        // da = opA(a1, a2) and db = opB(b1, b2), the transposes folded into the flags.
        var (opA, a1, a2, opB, b1, b2) = (transposeA, transposeB) switch
        {
            (false, false) => (new MatMul(false, true), dy, b, new MatMul(true, false), a, dy),
            (false, true) => (new MatMul(false, false), dy, b, new MatMul(true, false), dy, a),
            (true, false) => (new MatMul(false, true), b, dy, new MatMul(false, false), a, dy),
            _ => (new MatMul(true, true), b, dy, new MatMul(true, true), dy, a),
        };
        if (onlyA is null)
        {
            var (da, db) = Pair(opA, a1, a2, opB, b1, b2);
            return [da, db];
        }
        return onlyA.Value ? [opA.Call(a1, a2), null] : [null, opB.Call(b1, b2)];
    }

    /// <summary>
    /// Two products of one backward step (a layer's input and weight gradients, which do not depend on each other)
    /// at once, each on its own intra-op thread, as TF's executor runs independent gradient nodes in parallel. Only
    /// inside a window of sizes: a small product splits its own blocks poorly (each share repeats the packing of an
    /// operand, and the hand-off and the wait for the slower share cost microseconds), a large one splits well.
    /// Outside it, or for anything but two rank-2 float products on two or more threads, the two plain calls.
    /// The results, their recording on tapes and their bits are those of the plain calls.
    /// </summary>
    public static (Tensor First, Tensor Second) Pair(MatMul first, Tensor a1, Tensor b1, MatMul second, Tensor a2, Tensor b2)
    {
        if (Tf.Config.GetIntraOpThreads() < 2
            || !first.Concurrent(a1, b1, out int m1, out int n1, out int k1)
            || !second.Concurrent(a2, b2, out int m2, out int n2, out int k2)
            || a1.DType != a2.DType)
        {
            return (first.Call(a1, b1), second.Call(a2, b2));
        }
        var y1 = Tensor.Uninitialized(Shape.Own([m1, n1]), a1.DType);
        var y2 = Tensor.Uninitialized(Shape.Own([m2, n2]), a2.DType);
        if (a1.DType == DType.Float32) RunPair<float>(first, a1, b1, y1, m1, n1, k1, second, a2, b2, y2, m2, n2, k2);
        else RunPair<double>(first, a1, b1, y1, m1, n1, k1, second, a2, b2, y2, m2, n2, k2);
        return (first.Finish(y1, a1, b1), second.Finish(y2, a2, b2));
    }

    /// <summary>
    /// Multiply-adds per product from which running two at once beats running them one after the other, each split
    /// (Ice Lake, two threads, alternated in one process): the MLP's 64x128x64 input gradient with its 128x64x64
    /// weight gradient 32.5 -> 24.3 µs, 64x64x32 with 64x32x64 9.6 -> 7.3; at 20K each (64x32x10) 3.3 -> 3.6.
    /// </summary>
    private const long PairMinWork = 1 << 16;

    /// <summary>
    /// Multiply-adds per product above which each splits over the threads as well as the two run at once: 2M each
    /// (64x256x128 with 256x128x64) 84.0 against 84.7 µs, 4M 1.04x, 16M 0.93x (the same run).
    /// </summary>
    private const long PairMaxWork = 1 << 20;

    /// <summary>Whether this product may run as one of a concurrent pair: rank 2, float, valid, inside the window.</summary>
    private bool Concurrent(Tensor a, Tensor b, out int m, out int n, out int k)
    {
        m = n = k = 0;
        if (a.Rank != 2 || b.Rank != 2 || a.DType != b.DType || !a.DType.IsFloating()) return false;
        m = transposeA ? a.Shape[1] : a.Shape[0];
        k = transposeA ? a.Shape[0] : a.Shape[1];
        n = transposeB ? b.Shape[0] : b.Shape[1];
        if ((transposeB ? b.Shape[1] : b.Shape[0]) != k) return false; // the plain call reports it
        long work = (long)m * n * k;
        return work >= PairMinWork && work <= PairMaxWork;
    }

    private static void RunPair<T>(MatMul first, Tensor a1, Tensor b1, Tensor y1, int m1, int n1, int k1,
        MatMul second, Tensor a2, Tensor b2, Tensor y2, int m2, int n2, int k2)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        GemmPair<T>.Run(
            new GemmArgs<T>(a1.Data<T>(), 0, b1.Data<T>(), 0, y1.Data<T>(), 0, m1, n1, k1, first.TransposeA, first.TransposeB),
            new GemmArgs<T>(a2.Data<T>(), 0, b2.Data<T>(), 0, y2.Data<T>(), 0, m2, n2, k2, second.TransposeA, second.TransposeB));
    }
}

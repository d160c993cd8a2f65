using System.Buffers;
using System.Numerics;

namespace TapeFlow.Kernels;

/// <summary>
/// 2-D convolution (NHWC input, [kh, kw, in, out] filters, TF's cross-correlation) as im2col + GEMM
/// over chunks of images, and its two backward passes: the input gradient as GEMM + col2im, the
/// filter gradient as colsᵀ · dy summed over chunks. Workers take contiguous ranges of the batch;
/// the column buffers are pooled so training does not churn the large-object heap.
/// </summary>
internal static class Conv
{
    /// <summary>The most scalars one column buffer holds (16 MB of float32).</summary>
    private const int MaxColumns = 1 << 22;

    /// <summary>
    /// y[n, oh, ow, o] = Σ x[n, oh·s + kh·d - pad, ow·s + kw·d - pad, c] · f[kh, kw, c, o], then + bias[o] and
    /// ReLU when asked, in each product's epilogue (a fused convolution layer).
    /// </summary>
    public static void Forward<T>(T[] x, T[] f, T[] y, Window g, int outC, T[]? bias = null, bool relu = false) where T : unmanaged, INumber<T>
    {
        long work = (long)g.N * g.Pixels * g.Patch * outC;
        Batches.For(g.N, Batches.Workers(g.N, work), (_, start, count) =>
            Chunks(g, start, count, (n0, cnt) =>
            {
                int rows = cnt * g.Pixels;
                var (cols, offset, rented) = Columns(x, g, n0, cnt);
                try
                {
                    Gemm.Run(cols, offset, f, 0, y, n0 * g.Pixels * outC, rows, outC, g.Patch, false, false, bias, relu);
                }
                finally
                {
                    if (rented) ArrayPool<T>.Shared.Return(cols);
                }
            }));
    }

    /// <summary>dx = col2im(dy · fᵀ): each output pixel's gradient spread back over its window.</summary>
    public static void BackpropInput<T>(T[] f, T[] dy, T[] dx, Window g, int outC) where T : unmanaged, INumber<T>
    {
        long work = (long)g.N * g.Pixels * g.Patch * outC;
        Batches.For(g.N, Batches.Workers(g.N, work), (_, start, count) =>
            Chunks(g, start, count, (n0, cnt) =>
            {
                int rows = cnt * g.Pixels;
                if (IsPointwise(g))
                {
                    Gemm.Run(dy, n0 * g.Pixels * outC, f, 0, dx, n0 * g.Pixels * g.C, rows, g.C, outC, false, true);
                    return;
                }
                var cols = ArrayPool<T>.Shared.Rent(rows * g.Patch);
                try
                {
                    Gemm.Run(dy, n0 * g.Pixels * outC, f, 0, cols, 0, rows, g.Patch, outC, false, true);
                    Im2Col.Scatter<T>(cols.AsSpan(0, rows * g.Patch), dx, g, n0, cnt);
                }
                finally
                {
                    ArrayPool<T>.Shared.Return(cols);
                }
            }));
    }

    /// <summary>df = Σ over images of colsᵀ · dy, as a [kh·kw·c, out] matrix.</summary>
    public static void BackpropFilter<T>(T[] x, T[] dy, T[] df, Window g, int outC) where T : unmanaged, INumber<T>
    {
        long work = (long)g.N * g.Pixels * g.Patch * outC;
        int workers = Batches.Workers(g.N, work);
        int size = g.Patch * outC;
        var partials = new T[workers][];
        Batches.For(g.N, workers, (w, start, count) =>
        {
            var sum = new T[size];
            var part = new T[size];
            Chunks(g, start, count, (n0, cnt) =>
            {
                int rows = cnt * g.Pixels;
                var (cols, offset, rented) = Columns(x, g, n0, cnt);
                try
                {
                    Gemm.Run(cols, offset, dy, n0 * g.Pixels * outC, part, 0, g.Patch, outC, rows, true, false);
                    Im2Col.AddTo<T>(part, sum);
                }
                finally
                {
                    if (rented) ArrayPool<T>.Shared.Return(cols);
                }
            });
            partials[w] = sum;
        });
        foreach (var p in partials)
        {
            if (p is not null) Im2Col.AddTo<T>(p, df);
        }
    }

    /// <summary>A 1x1 window with stride 1: the image itself is the column matrix.</summary>
    private static bool IsPointwise(Window g) => g.KH == 1 && g.KW == 1 && g.SH == 1 && g.SW == 1;

    /// <summary>The column matrix of images [n0, n0 + count): the input itself when pointwise, else a pooled buffer.</summary>
    private static (T[] Cols, int Offset, bool Rented) Columns<T>(T[] x, Window g, int n0, int count) where T : unmanaged, INumber<T>
    {
        if (IsPointwise(g)) return (x, n0 * g.H * g.W * g.C, false);
        int length = count * g.Pixels * g.Patch;
        var cols = ArrayPool<T>.Shared.Rent(length);
        Im2Col.Gather<T>(x, cols.AsSpan(0, length), g, n0, count);
        return (cols, 0, true);
    }

    /// <summary>Walks images [start, start + count) in chunks whose column matrix fits <see cref="MaxColumns"/>.</summary>
    private static void Chunks(Window g, int start, int count, Action<int, int> body)
    {
        int per = Math.Max(1, MaxColumns / Math.Max(1, g.Pixels * g.Patch));
        for (int n0 = start; n0 < start + count; n0 += per) body(n0, Math.Min(per, start + count - n0));
    }
}

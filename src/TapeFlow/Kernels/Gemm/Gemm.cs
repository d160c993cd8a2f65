using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TapeFlow.Kernels;

/// <summary>
/// C = op(A) · op(B) for row-major matrices at offsets into flat buffers, where op transposes when
/// asked. Packed panels and a register-tiled FMA micro-kernel (12×32 or 8×32 floats with AVX-512, 6×16 with
/// AVX2, 4×4 scalar otherwise and for integers), cache-blocked by <see cref="GemmDriver{T, TKernel}"/>;
/// large products split their columns (or rows) over the intra-op threads.
/// </summary>
internal static class Gemm
{
    /// <summary>Below this many multiply-adds the plain triple loop beats packing.</summary>
    private const long SmallWork = 512;

    /// <summary>
    /// Multiply-adds per thread before splitting pays for the hand-off (~2.5 µs of work; a spinning worker picks a
    /// batch up in well under a microsecond). At 2^19 the MLP's 128x64x64 and 64x128x64 gradients ran on one
    /// thread (9.6 µs each); split, 6.5 µs.
    /// </summary>
    private const long WorkPerThread = 1 << 18;

    /// <summary>
    /// Chunks per thread in a column split of a row-major op(A): more chunks than threads, so a thread the OS is slow to
    /// schedule leaves its share to the others. Such a chunk reads its A rows in place, so extra chunks cost little
    /// (Ice Lake, two threads, alternated: 64x256x784 114 µs with four per thread, 129 with one). Every other split
    /// gets one chunk per thread: a row chunk packs all of op(B), a column chunk of Aᵀ packs (or reads strided) all
    /// of op(A), and with four per thread that repeated work cost up to half the product (1024^3 with Aᵀ 16.5 ms in
    /// column chunks, 9.0 in row shares).
    /// </summary>
    private const int ChunksPerThread = 4;

    /// <summary>
    /// An op(A) larger than this always goes to the threads in row shares, whatever C's shape: every column chunk would
    /// stream all of A from memory again (Zen 3, two threads, alternated: 2048^3 +11-21% in four runs, 1536^3 +2-5%).
    /// </summary>
    private const long RowSharesABytes = 8L << 20;

    /// <summary>
    /// C = op(A) · op(B), then, when asked, C = max(C + bias, 0) row by row (<paramref name="bias"/> of n values,
    /// <paramref name="relu"/>): a fused dense layer, whose epilogue each thread applies to its finished blocks.
    /// </summary>
    public static void Run<T>(T[] a, int aOffset, T[] b, int bOffset, T[] c, int cOffset, int m, int n, int k, bool transA, bool transB,
        T[]? bias = null, bool relu = false)
        where T : unmanaged, INumber<T>
    {
        if (m == 0 || n == 0) return;
        var g = new GemmArgs<T>(a, aOffset, b, bOffset, c, cOffset, m, n, k, transA, transB) { Bias = bias, Relu = relu };
        if (k == 0)
        {
            c.AsSpan(cOffset, m * n).Clear();
            if (g.HasEpilogue) GemmEpilogue.Apply(g, 0, m, 0, n);
            return;
        }
        long work = (long)m * n * k;
        if (work <= SmallWork)
        {
            Naive(g);
            if (g.HasEpilogue) GemmEpilogue.Apply(g, 0, m, 0, n);
        }
        else if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        {
            if (Vector512.IsHardwareAccelerated && Tall(m, k)) Split<T, MicroKernel512Tall<T>>(g, work);
            else if (Vector512.IsHardwareAccelerated) Split<T, MicroKernel512<T>>(g, work);
            else if (Vector256.IsHardwareAccelerated) Split<T, MicroKernel256<T>>(g, work);
            else Split<T, MicroKernelScalar<T>>(g, work);
        }
        else
        {
            Split<T, MicroKernelScalar<T>>(g, work);
        }
    }

    /// <summary>
    /// Whether the 12-row AVX-512 kernel beats the 8-row one: the product is deep enough that a tile's C traffic (12 rows
    /// prefetched, loaded and stored per call) stays small beside its FMAs (a first convolution, 50176x32x9, ran 9% slower
    /// with it), and its rows padded to 12 are at most 4% more than padded to 8 (batch 64 pads to 72: the 8-row kernel).
    /// </summary>
    private static bool Tall(int m, int k) => k >= TallMinDepth && (m + 11) / 12 * 12 * 25 <= (m + 7) / 8 * 8 * 26;

    /// <summary>Depth below which products keep the 8-row kernel (see <see cref="Tall"/>).</summary>
    private const int TallMinDepth = 32;

    /// <summary>Runs on one thread, or splits C into column (else row) slabs aligned to the tile over the threads.</summary>
    private static void Split<T, TKernel>(in GemmArgs<T> g, long work)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        int threads = (int)Math.Min(Tf.Config.GetIntraOpThreads(), Math.Max(1, work / WorkPerThread));
        bool canRows = g.M >= threads * 2 * TKernel.MR, canColumns = g.N >= threads * 2 * TKernel.NR;
        // Split C's longer side: each share then repeats the handling of the smaller operand only (rows repack op(B),
        // K x N, per share; columns re-read op(A), M x K). Ice Lake, two threads, one process alternated against the
        // former columns-first rule: 784x256x64 (Aᵀ, the MLP's first weight gradient) 170 -> 123 µs, 256x128x64 (Aᵀ)
        // 38.8 -> 29.3, 784x256x512 (Aᵀ) 1384 -> 822, 512x256x784 867 -> 811, 12544x288x64 (Bᵀ) 2654 -> 1937,
        // 512^3 and 1024^3 with Aᵀ 1675 -> 1120 and 16484 -> 9048, square products without a transpose -1-3%; the
        // batch-64 forward products (64 rows, 128-256 columns) keep their column chunks.
        bool rowShares = canRows && ((long)g.M * g.K * Unsafe.SizeOf<T>() > RowSharesABytes || g.M >= g.N);
        bool byColumns = !rowShares && canColumns;
        if (threads <= 1 || !(byColumns || canRows))
        {
            GemmDriver<T, TKernel>.Compute(g, 0, g.M, 0, g.N);
            return;
        }
        int units = byColumns ? (g.N + TKernel.NR - 1) / TKernel.NR : (g.M + TKernel.MR - 1) / TKernel.MR;
        int chunks = byColumns && !g.TransA ? Math.Min(units, threads * ChunksPerThread) : threads;
        var job = GemmJob<T, TKernel>.ForThisThread;
        job.Set(g, chunks, byColumns);
        try
        {
            IntraOpPool.Run(job, chunks, threads);
        }
        finally
        {
            job.Clear();
        }
    }

    /// <summary>The triple loop for tiny products, where packing would cost more than it saves.</summary>
    private static void Naive<T>(in GemmArgs<T> g) where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < g.M; i++)
        {
            for (int j = 0; j < g.N; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < g.K; p++) s += g.AAt(i, p) * g.BAt(p, j);
                g.C[g.COffset + i * g.N + j] = s;
            }
        }
    }

    /// <summary>The parts of one split product; reused per calling thread, so a call allocates nothing.</summary>
    private sealed class GemmJob<T, TKernel> : IntraOpJob
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        [ThreadStatic] private static GemmJob<T, TKernel>? current;

        private GemmArgs<T> args;
        private int parts;
        private bool byColumns;

        public static GemmJob<T, TKernel> ForThisThread => current ??= new();

        public void Set(in GemmArgs<T> g, int count, bool columns)
        {
            args = g;
            parts = count;
            byColumns = columns;
        }

        public void Clear() => args = default;

        public override void Execute(int part)
        {
            int unit = byColumns ? TKernel.NR : TKernel.MR;
            int extent = byColumns ? args.N : args.M;
            int units = (extent + unit - 1) / unit;
            int from = Math.Min(extent, units * part / parts * unit);
            int to = Math.Min(extent, units * (part + 1) / parts * unit);
            if (from >= to) return;
            if (byColumns) GemmDriver<T, TKernel>.Compute(args, 0, args.M, from, to);
            else GemmDriver<T, TKernel>.Compute(args, from, to, 0, args.N);
        }
    }
}

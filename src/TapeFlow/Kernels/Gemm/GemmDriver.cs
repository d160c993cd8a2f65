using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TapeFlow.Kernels;

/// <summary>
/// The BLIS loop nest around one micro-kernel: for each depth block (kc) pack op(A)'s rows once,
/// for each column block (nc) pack op(B), then sweep MR-row A panels (kept in L1) across the NR-column
/// B panels (streamed from L2). Full tiles go straight to C; edge tiles through a small scratch tile.
/// </summary>
internal static class GemmDriver<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : IMicroKernel<T>
{
    /// <summary>Rows of one packed A block: bounds the A scratch for very tall products.</summary>
    private const int MaxRowBlock = 1200;

    /// <summary>Up to this many NR-wide column tiles, full Aᵀ panels are read in place rather than packed.</summary>
    private const int InPlaceColumns = 4;

    /// <summary>Up to this depth per block, Aᵀ panels are read in place whatever the number of columns.</summary>
    private const int InPlaceTransposedDepth = 192;

    /// <summary>A row-major A block up to this size stays in L2 between the B blocks that reread it, so it is read in place.</summary>
    private const long InPlaceABlockBytes = 512 << 10;

    /// <summary>C[i0..i1, j0..j1] = op(A)[i0..i1, :] · op(B)[:, j0..j1].</summary>
    [SkipLocalsInit]
    public static void Compute(in GemmArgs<T> g, int i0, int i1, int j0, int j1)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int kBlocks = (g.K + TKernel.KC - 1) / TKernel.KC;
        int kcMax = (g.K + kBlocks - 1) / kBlocks; // even depth blocks: no thin last block
        int mcMax = Math.Min(RoundUp(i1 - i0, mr), MaxRowBlock);
        int ncMax = Math.Min(RoundUp(j1 - j0, nr), TKernel.NC);
        ref T packA = ref PackBuffer<T>.A.Get(mcMax * kcMax);
        ref T packB = ref PackBuffer<T>.B.Get(ncMax * kcMax);
        Span<T> edge = stackalloc T[mr * nr];
        ref T c = ref MemoryMarshal.GetArrayDataReference(g.C);
        nint ldc = g.N;

        for (int ic = i0; ic < i1; ic += mcMax)
        {
            int mc = Math.Min(mcMax, i1 - ic);
            for (int pc = 0; pc < g.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, g.K - pc);
                bool accumulate = pc > 0;
                // Row-major A is read in place: its 6 rows stream along k and the panel stays in L1 across the
                // column tiles, so packing it only adds a copy (measured 5-60% slower, most with few columns, as
                // for convolutions with 32 or 64 filters). Only an A block too large for L2 that several B blocks
                // reread is packed: strided rows from L3 cost more than one packing pass and contiguous rereads
                // (Zen 3, 1 thread, interleaved runs: 2048^3 +2-8%, 1024x1024x512 +2-5% packed; 1024x512x1024, one
                // B block, -5%). Aᵀ is read in place only for a few column tiles, where the copy costs as much as
                // the math, or for a shallow block (the weight gradients Xᵀ·dY of a dense layer, k = the batch): its
                // panel touches one line per step, few enough to stay in L1 (Zen 3, 1 thread: 784x256x64 +13-17%,
                // 256x128x64 +27-43%, 784x256x192 +6%) unless the stored rows are a multiple of 2 KB apart and
                // those lines crowd a few L1 sets (1024x1024x128: -25%). Partial panels are still packed.
                bool inPlaceA = TKernel.StridedA && (g.TransA
                    ? j1 - j0 <= InPlaceColumns * nr || (kc <= InPlaceTransposedDepth && (long)g.M * Unsafe.SizeOf<T>() % 2048 != 0)
                    : j1 - j0 <= ncMax || (long)mc * kc * Unsafe.SizeOf<T>() <= InPlaceABlockBytes);
                if (inPlaceA)
                {
                    int full = mc - mc % mr;
                    if (full < mc) Packing.A(g, ic + full, mc - full, pc, kc, mr, ref Unsafe.Add(ref packA, (nint)full * kc));
                }
                else
                {
                    Packing.A(g, ic, mc, pc, kc, mr, ref packA);
                }
                for (int jc = j0; jc < j1; jc += ncMax)
                {
                    int nc = Math.Min(ncMax, j1 - jc);
                    Packing.B(g, pc, kc, jc, nc, nr, ref packB);
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        int rows = Math.Min(mr, mc - ir);
                        ref T ap = ref Unsafe.Add(ref packA, (nint)ir * kc);
                        ref T crow = ref Unsafe.Add(ref c, g.COffset + (nint)(ic + ir) * ldc + jc);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int cols = Math.Min(nr, nc - jr);
                            ref T bp = ref Unsafe.Add(ref packB, (nint)jr * kc);
                            ref T ct = ref Unsafe.Add(ref crow, jr);
                            bool strided = inPlaceA && rows == mr;
                            nint lda = g.TransA ? 1 : g.K, step = g.TransA ? g.M : 1;
                            ref T aIn = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g.A), g.AOffset + (g.TransA ? (nint)pc * g.M + ic + ir : (nint)(ic + ir) * g.K + pc));
                            if (rows == mr && cols == nr)
                            {
                                if (strided) TKernel.RunStrided(kc, ref aIn, lda, step, ref bp, ref ct, ldc, accumulate);
                                else TKernel.Run(kc, ref ap, ref bp, ref ct, ldc, accumulate);
                            }
                            else
                            {
                                if (strided) TKernel.RunStrided(kc, ref aIn, lda, step, ref bp, ref MemoryMarshal.GetReference(edge), nr, false);
                                else TKernel.Run(kc, ref ap, ref bp, ref MemoryMarshal.GetReference(edge), nr, false);
                                Scatter(edge, nr, ref ct, ldc, rows, cols, accumulate);
                            }
                        }
                    }
                }
            }
            if (g.HasEpilogue) GemmEpilogue.Apply(g, ic, mc, j0, j1);
        }
    }

    private static void Scatter(ReadOnlySpan<T> tile, int nr, ref T c, nint ldc, int rows, int cols, bool accumulate)
    {
        for (int r = 0; r < rows; r++)
        {
            var src = tile.Slice(r * nr, cols);
            var dst = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref c, r * ldc), cols);
            if (accumulate)
            {
                for (int j = 0; j < cols; j++) dst[j] += src[j];
            }
            else
            {
                src.CopyTo(dst);
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}

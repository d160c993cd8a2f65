using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TapeFlow.Kernels;

/// <summary>
/// 12 × (2·W) tile with 512-bit FMA (W = 16 floats or 8 doubles): 24 accumulators, two B loads and twelve
/// broadcasts per step, for products tall enough that a 12-row edge panel wastes little (<see cref="Gemm"/> picks
/// it). Each B vector, streamed from L2, feeds twelve FMAs instead of the 8-row kernel's eight: a third less L2
/// traffic per FMA, which is what held the 8-row kernel to ~110 GFLOP/s of ~150 on the Ice Lake VM (two 512-bit
/// FMA units per core). There, one thread, variants alternated in one process: 512^3 +7-12%, 1024^3 +5-12%, 2048^3
/// +3-7%, 512x256x784 +2-10%, a dense layer's Aᵀ weight gradient (784x256x64) +2-4%. Used when Vector512 is accelerated.
/// </summary>
internal readonly struct MicroKernel512Tall<T> : IMicroKernel<T> where T : unmanaged
{
    public static int MR => 12;

    public static int NR => 2 * Vector512<T>.Count;

    /// <summary>A 12 KB A panel (floats) in L1 and a 768 KB B block in L2 (256 measured 0-5% faster than 320 from 1024^3 up).</summary>
    public static int KC => 256;

    public static bool StridedA => true;

    public static int NC => typeof(T) == typeof(float) ? 768 : 384;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate)
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
        Vector512<T> c80 = default, c81 = default, c90 = default, c91 = default;
        Vector512<T> c100 = default, c101 = default, c110 = default, c111 = default;
        TilePrefetch.Rows(ref c, ldc, 12, 2 * Vector512<byte>.Count);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b);
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)w);
            var a0 = Vector512.Create(a);
            c00 = Tile512.Fma(a0, b0, c00);
            c01 = Tile512.Fma(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Tile512.Fma(a1, b0, c10);
            c11 = Tile512.Fma(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Tile512.Fma(a2, b0, c20);
            c21 = Tile512.Fma(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Tile512.Fma(a3, b0, c30);
            c31 = Tile512.Fma(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Tile512.Fma(a4, b0, c40);
            c41 = Tile512.Fma(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Tile512.Fma(a5, b0, c50);
            c51 = Tile512.Fma(a5, b1, c51);
            var a6 = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Tile512.Fma(a6, b0, c60);
            c61 = Tile512.Fma(a6, b1, c61);
            var a7 = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Tile512.Fma(a7, b0, c70);
            c71 = Tile512.Fma(a7, b1, c71);
            var a8 = Vector512.Create(Unsafe.Add(ref a, 8));
            c80 = Tile512.Fma(a8, b0, c80);
            c81 = Tile512.Fma(a8, b1, c81);
            var a9 = Vector512.Create(Unsafe.Add(ref a, 9));
            c90 = Tile512.Fma(a9, b0, c90);
            c91 = Tile512.Fma(a9, b1, c91);
            var a10 = Vector512.Create(Unsafe.Add(ref a, 10));
            c100 = Tile512.Fma(a10, b0, c100);
            c101 = Tile512.Fma(a10, b1, c101);
            var a11 = Vector512.Create(Unsafe.Add(ref a, 11));
            c110 = Tile512.Fma(a11, b0, c110);
            c111 = Tile512.Fma(a11, b1, c111);
            a = ref Unsafe.Add(ref a, 12);
            b = ref Unsafe.Add(ref b, 2 * w);
        }
        Tile512.Store(ref c, c00, c01, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, ldc), c10, c11, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 8 * ldc), c80, c81, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 9 * ldc), c90, c91, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 10 * ldc), c100, c101, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 11 * ldc), c110, c111, w, accumulate);
    }

    /// <summary>As <see cref="Run"/> with A read in place: row r of the 12-row panel starts at <c>a + r·lda</c>, step p at <c>+p·step</c> (no packing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunStrided(int kc, ref T a, nint lda, nint step, ref T b, ref T c, nint ldc, bool accumulate)
    {
        int w = Vector512<T>.Count;
        // Rows 6-11 from a second base: every row's address is a base plus one of five strides, all kept in registers.
        ref T lower = ref Unsafe.Add(ref a, 6 * lda);
        nint l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
        Vector512<T> c80 = default, c81 = default, c90 = default, c91 = default;
        Vector512<T> c100 = default, c101 = default, c110 = default, c111 = default;
        TilePrefetch.Rows(ref c, ldc, 12, 2 * Vector512<byte>.Count);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b);
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)w);
            var a0 = Vector512.Create(a);
            c00 = Tile512.Fma(a0, b0, c00);
            c01 = Tile512.Fma(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref a, lda));
            c10 = Tile512.Fma(a1, b0, c10);
            c11 = Tile512.Fma(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref a, l2));
            c20 = Tile512.Fma(a2, b0, c20);
            c21 = Tile512.Fma(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref a, l3));
            c30 = Tile512.Fma(a3, b0, c30);
            c31 = Tile512.Fma(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref a, l4));
            c40 = Tile512.Fma(a4, b0, c40);
            c41 = Tile512.Fma(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref a, l5));
            c50 = Tile512.Fma(a5, b0, c50);
            c51 = Tile512.Fma(a5, b1, c51);
            var a6 = Vector512.Create(lower);
            c60 = Tile512.Fma(a6, b0, c60);
            c61 = Tile512.Fma(a6, b1, c61);
            var a7 = Vector512.Create(Unsafe.Add(ref lower, lda));
            c70 = Tile512.Fma(a7, b0, c70);
            c71 = Tile512.Fma(a7, b1, c71);
            var a8 = Vector512.Create(Unsafe.Add(ref lower, l2));
            c80 = Tile512.Fma(a8, b0, c80);
            c81 = Tile512.Fma(a8, b1, c81);
            var a9 = Vector512.Create(Unsafe.Add(ref lower, l3));
            c90 = Tile512.Fma(a9, b0, c90);
            c91 = Tile512.Fma(a9, b1, c91);
            var a10 = Vector512.Create(Unsafe.Add(ref lower, l4));
            c100 = Tile512.Fma(a10, b0, c100);
            c101 = Tile512.Fma(a10, b1, c101);
            var a11 = Vector512.Create(Unsafe.Add(ref lower, l5));
            c110 = Tile512.Fma(a11, b0, c110);
            c111 = Tile512.Fma(a11, b1, c111);
            a = ref Unsafe.Add(ref a, step);
            lower = ref Unsafe.Add(ref lower, step);
            b = ref Unsafe.Add(ref b, 2 * w);
        }
        Tile512.Store(ref c, c00, c01, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, ldc), c10, c11, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 8 * ldc), c80, c81, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 9 * ldc), c90, c91, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 10 * ldc), c100, c101, w, accumulate);
        Tile512.Store(ref Unsafe.Add(ref c, 11 * ldc), c110, c111, w, accumulate);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TapeFlow.Kernels;

/// <summary>
/// 8 × (2·W) tile with 512-bit FMA (W = 16 floats or 8 doubles): 16 accumulators, two B loads and
/// eight broadcasts per step, which keeps both FMA ports busy. Eight rows, not six, because the sizes
/// training uses (batch 32/64/128, layer widths) are multiples of 8: no partial edge panel. Used when
/// Vector512 is accelerated.
/// </summary>
internal readonly struct MicroKernel512<T> : IMicroKernel<T> where T : unmanaged
{
    public static int MR => 8;

    public static int NR => 2 * Vector512<T>.Count;

    public static int KC => typeof(T) == typeof(float) ? 320 : 256;

    public static bool StridedA => true;

    public static int NC => typeof(T) == typeof(float) ? 768 : 384;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate)
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        TilePrefetch.Rows(ref c, ldc, 8, 2 * Vector512<byte>.Count);
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
            a = ref Unsafe.Add(ref a, 8);
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
    }

    /// <summary>As <see cref="Run"/> with A read in place: row r of the 8-row panel starts at <c>a + r·lda</c>, step p at <c>+p·step</c> (no packing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunStrided(int kc, ref T a, nint lda, nint step, ref T b, ref T c, nint ldc, bool accumulate)
    {
        int w = Vector512<T>.Count;
        nint l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda, l6 = 6 * lda, l7 = 7 * lda;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        TilePrefetch.Rows(ref c, ldc, 8, 2 * Vector512<byte>.Count);
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
            var a6 = Vector512.Create(Unsafe.Add(ref a, l6));
            c60 = Tile512.Fma(a6, b0, c60);
            c61 = Tile512.Fma(a6, b1, c61);
            var a7 = Vector512.Create(Unsafe.Add(ref a, l7));
            c70 = Tile512.Fma(a7, b0, c70);
            c71 = Tile512.Fma(a7, b1, c71);
            a = ref Unsafe.Add(ref a, step);
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
    }
}

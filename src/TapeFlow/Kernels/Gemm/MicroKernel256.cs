using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using X86Fma = System.Runtime.Intrinsics.X86.Fma;

namespace TapeFlow.Kernels;

/// <summary>
/// 6 × (2·W) tile with 256-bit vectors (W = 8 floats or 4 doubles): 12 accumulators plus two B
/// vectors and a broadcast fit the 16 registers of AVX2. FMA when the CPU has it, else multiply-add.
/// </summary>
internal readonly struct MicroKernel256<T> : IMicroKernel<T> where T : unmanaged
{
    public static int MR => 6;

    public static int NR => 2 * Vector256<T>.Count;

    public static int KC => typeof(T) == typeof(float) ? 384 : 256;

    public static bool StridedA => true;

    public static int NC => typeof(T) == typeof(float) ? 768 : 384;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate)
    {
        int w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        TilePrefetch.Rows(ref c, ldc, 6, 2 * Vector256<byte>.Count);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, (nuint)w);
            var a0 = Vector256.Create(a);
            c00 = Fma(a0, b0, c00);
            c01 = Fma(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref a, 1));
            c10 = Fma(a1, b0, c10);
            c11 = Fma(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref a, 2));
            c20 = Fma(a2, b0, c20);
            c21 = Fma(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref a, 3));
            c30 = Fma(a3, b0, c30);
            c31 = Fma(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref a, 4));
            c40 = Fma(a4, b0, c40);
            c41 = Fma(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref a, 5));
            c50 = Fma(a5, b0, c50);
            c51 = Fma(a5, b1, c51);
            a = ref Unsafe.Add(ref a, 6);
            b = ref Unsafe.Add(ref b, 2 * w);
        }
        Store(ref c, c00, c01, w, accumulate);
        Store(ref Unsafe.Add(ref c, ldc), c10, c11, w, accumulate);
        Store(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, w, accumulate);
        Store(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, w, accumulate);
        Store(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, w, accumulate);
        Store(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, w, accumulate);
    }

    /// <summary>As <see cref="Run"/> with A read in place: row r of the 6-row panel starts at <c>a + r·lda</c>, step p at <c>+p·step</c> (no packing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunStrided(int kc, ref T a, nint lda, nint step, ref T b, ref T c, nint ldc, bool accumulate)
    {
        int w = Vector256<T>.Count;
        nint l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        TilePrefetch.Rows(ref c, ldc, 6, 2 * Vector256<byte>.Count);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, (nuint)w);
            var a0 = Vector256.Create(a);
            c00 = Fma(a0, b0, c00);
            c01 = Fma(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref a, lda));
            c10 = Fma(a1, b0, c10);
            c11 = Fma(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref a, l2));
            c20 = Fma(a2, b0, c20);
            c21 = Fma(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref a, l3));
            c30 = Fma(a3, b0, c30);
            c31 = Fma(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref a, l4));
            c40 = Fma(a4, b0, c40);
            c41 = Fma(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref a, l5));
            c50 = Fma(a5, b0, c50);
            c51 = Fma(a5, b1, c51);
            a = ref Unsafe.Add(ref a, step);
            b = ref Unsafe.Add(ref b, 2 * w);
        }
        Store(ref c, c00, c01, w, accumulate);
        Store(ref Unsafe.Add(ref c, ldc), c10, c11, w, accumulate);
        Store(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, w, accumulate);
        Store(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, w, accumulate);
        Store(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, w, accumulate);
        Store(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, w, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref T row, Vector256<T> v0, Vector256<T> v1, int w, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector256.LoadUnsafe(ref row);
            v1 += Vector256.LoadUnsafe(ref row, (nuint)w);
        }
        v0.StoreUnsafe(ref row);
        v1.StoreUnsafe(ref row, (nuint)w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (!X86Fma.IsSupported) return a * b + c;
        if (typeof(T) == typeof(float)) return X86Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return X86Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException($"MicroKernel256: {typeof(T).Name} is not a floating type");
    }
}

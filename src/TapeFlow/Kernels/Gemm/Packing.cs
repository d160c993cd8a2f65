using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TapeFlow.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the k-major panels the micro-kernels read, zero-padding
/// partial panels. Transposes are handled here, by the direction of the copy: nothing is
/// materialised transposed.
/// </summary>
internal static class Packing
{
    /// <summary>Rows [i0, i0+mc) × depth [p0, p0+kc) of op(A) into panels of <paramref name="mr"/> rows: element (r, p) of panel q at q·mr·kc + p·mr + r.</summary>
    public static void A<T>(in GemmArgs<T> g, int i0, int mc, int p0, int kc, int mr, ref T dst) where T : unmanaged
    {
        ref T src = ref MemoryMarshal.GetArrayDataReference(g.A);
        for (int q = 0; q * mr < mc; q++)
        {
            int i = i0 + q * mr, rows = Math.Min(mr, mc - q * mr);
            ref T panel = ref Unsafe.Add(ref dst, (nint)q * mr * kc);
            if (rows < mr)
            {
                MemoryMarshal.CreateSpan(ref panel, mr * kc).Clear();
            }
            if (g.TransA)
            {
                // Stored [k, m]: the mr values of one step are contiguous (one vector for 8 floats or 8 doubles).
                if (rows == 8 && mr == 8 && Vector256.IsHardwareAccelerated && Vector256<T>.Count == 8)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        Vector256.LoadUnsafe(ref Unsafe.Add(ref src, g.AOffset + (nint)(p0 + p) * g.M + i)).StoreUnsafe(ref Unsafe.Add(ref panel, (nint)p * 8));
                    }
                    continue;
                }
                if (rows == 8 && mr == 8 && Vector512.IsHardwareAccelerated && Vector512<T>.Count == 8)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        Vector512.LoadUnsafe(ref Unsafe.Add(ref src, g.AOffset + (nint)(p0 + p) * g.M + i)).StoreUnsafe(ref Unsafe.Add(ref panel, (nint)p * 8));
                    }
                    continue;
                }
                if (rows == 12 && mr == 12 && Vector256.IsHardwareAccelerated && Vector256<T>.Count >= 4)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        CopyTwelve(ref Unsafe.Add(ref src, g.AOffset + (nint)(p0 + p) * g.M + i), ref Unsafe.Add(ref panel, (nint)p * 12));
                    }
                    continue;
                }
                if (rows == 6 && mr == 6 && SixWide<T>())
                {
                    for (int p = 0; p < kc; p++)
                    {
                        CopySix(ref Unsafe.Add(ref src, g.AOffset + (nint)(p0 + p) * g.M + i), ref Unsafe.Add(ref panel, (nint)p * 6));
                    }
                    continue;
                }
                for (int p = 0; p < kc; p++)
                {
                    ref T s = ref Unsafe.Add(ref src, g.AOffset + (nint)(p0 + p) * g.M + i);
                    ref T d = ref Unsafe.Add(ref panel, (nint)p * mr);
                    for (int r = 0; r < rows; r++) Unsafe.Add(ref d, r) = Unsafe.Add(ref s, r);
                }
            }
            else if (rows == 6 && mr == 6)
            {
                // Stored [m, k], a full 6-row panel (the AVX micro-kernels' MR): six source rows stream
                // together and the panel is written in order, one k step (six values) at a time.
                ref T s0 = ref Unsafe.Add(ref src, g.AOffset + (nint)i * g.K + p0);
                ref T s1 = ref Unsafe.Add(ref s0, g.K);
                ref T s2 = ref Unsafe.Add(ref s1, g.K);
                ref T s3 = ref Unsafe.Add(ref s2, g.K);
                ref T s4 = ref Unsafe.Add(ref s3, g.K);
                ref T s5 = ref Unsafe.Add(ref s4, g.K);
                for (int p = 0; p < kc; p++)
                {
                    ref T d = ref Unsafe.Add(ref panel, (nint)p * 6);
                    d = Unsafe.Add(ref s0, p);
                    Unsafe.Add(ref d, 1) = Unsafe.Add(ref s1, p);
                    Unsafe.Add(ref d, 2) = Unsafe.Add(ref s2, p);
                    Unsafe.Add(ref d, 3) = Unsafe.Add(ref s3, p);
                    Unsafe.Add(ref d, 4) = Unsafe.Add(ref s4, p);
                    Unsafe.Add(ref d, 5) = Unsafe.Add(ref s5, p);
                }
            }
            else
            {
                // Stored [m, k]: walk each row along k, writing with stride mr.
                for (int r = 0; r < rows; r++)
                {
                    ref T s = ref Unsafe.Add(ref src, g.AOffset + (nint)(i + r) * g.K + p0);
                    ref T d = ref Unsafe.Add(ref panel, r);
                    for (int p = 0; p < kc; p++) Unsafe.Add(ref d, (nint)p * mr) = Unsafe.Add(ref s, p);
                }
            }
        }
    }

    /// <summary>
    /// Twelve contiguous values (a transposed A's step for the 12-row kernel): floats as 8 + 4 (256-bit and 128-bit
    /// vectors), doubles as 4 + 4 + 4 (256-bit), nothing read or written beyond the twelve.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyTwelve<T>(ref T s, ref T d) where T : unmanaged
    {
        if (Vector256<T>.Count == 8)
        {
            Vector256.LoadUnsafe(ref s).StoreUnsafe(ref d);
            Vector128.LoadUnsafe(ref s, 8).StoreUnsafe(ref d, 8);
        }
        else
        {
            Vector256.LoadUnsafe(ref s).StoreUnsafe(ref d);
            Vector256.LoadUnsafe(ref s, 4).StoreUnsafe(ref d, 4);
            Vector256.LoadUnsafe(ref s, 8).StoreUnsafe(ref d, 8);
        }
    }

    /// <summary>Whether <see cref="CopySix{T}"/> has vectors for <typeparamref name="T"/>: 4-wide 128-bit (floats) or 256-bit (doubles).</summary>
    private static bool SixWide<T>() where T : unmanaged =>
        (Vector128.IsHardwareAccelerated && Vector128<T>.Count == 4) || (Vector256.IsHardwareAccelerated && Vector256<T>.Count == 4);

    /// <summary>
    /// Six contiguous values as two overlapping 4-wide copies ([0, 4) and [2, 6)): nothing read or written beyond the
    /// six, and a third of a scalar loop's time (a transposed A's panel step).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopySix<T>(ref T s, ref T d) where T : unmanaged
    {
        if (Vector128<T>.Count == 4)
        {
            var lo = Vector128.LoadUnsafe(ref s);
            var hi = Vector128.LoadUnsafe(ref s, 2);
            lo.StoreUnsafe(ref d);
            hi.StoreUnsafe(ref d, 2);
        }
        else
        {
            var lo = Vector256.LoadUnsafe(ref s);
            var hi = Vector256.LoadUnsafe(ref s, 2);
            lo.StoreUnsafe(ref d);
            hi.StoreUnsafe(ref d, 2);
        }
    }

    /// <summary>Depth [p0, p0+kc) × columns [j0, j0+nc) of op(B) into panels of <paramref name="nr"/> columns: element (p, c) of panel q at q·nr·kc + p·nr + c.</summary>
    public static void B<T>(in GemmArgs<T> g, int p0, int kc, int j0, int nc, int nr, ref T dst) where T : unmanaged
    {
        ref T src = ref MemoryMarshal.GetArrayDataReference(g.B);
        for (int q = 0; q * nr < nc; q++)
        {
            int j = j0 + q * nr, cols = Math.Min(nr, nc - q * nr);
            ref T panel = ref Unsafe.Add(ref dst, (nint)q * nr * kc);
            if (cols < nr)
            {
                MemoryMarshal.CreateSpan(ref panel, nr * kc).Clear();
            }
            if (g.TransB)
            {
                int c = 0;
                if (typeof(T) == typeof(float) && Transpose8.IsSupported && kc >= 8)
                {
                    // Stored [n, k]: 8×8 blocks of eight source rows become eight steps of the panel.
                    ref float fs = ref Unsafe.As<T, float>(ref src);
                    ref float fd = ref Unsafe.As<T, float>(ref panel);
                    int kc8 = kc & ~7;
                    for (; c + 8 <= cols; c += 8)
                    {
                        ref float s0 = ref Unsafe.Add(ref fs, g.BOffset + (nint)(j + c) * g.K + p0);
                        for (int p = 0; p < kc8; p += 8) Transpose8.Block(ref Unsafe.Add(ref s0, p), g.K, ref Unsafe.Add(ref fd, (nint)p * nr + c), nr);
                        for (int p = kc8; p < kc; p++)
                        {
                            for (int r = 0; r < 8; r++) Unsafe.Add(ref fd, (nint)p * nr + c + r) = Unsafe.Add(ref s0, (nint)r * g.K + p);
                        }
                    }
                }
                // Otherwise (and for the last columns): walk each column of op(B) along k, writing with stride nr;
                // four columns at a time so that four source rows stream together.
                for (; c + 4 <= cols; c += 4)
                {
                    ref T s0 = ref Unsafe.Add(ref src, g.BOffset + (nint)(j + c) * g.K + p0);
                    ref T s1 = ref Unsafe.Add(ref s0, g.K);
                    ref T s2 = ref Unsafe.Add(ref s1, g.K);
                    ref T s3 = ref Unsafe.Add(ref s2, g.K);
                    ref T d = ref Unsafe.Add(ref panel, c);
                    for (int p = 0; p < kc; p++)
                    {
                        ref T dp = ref Unsafe.Add(ref d, (nint)p * nr);
                        dp = Unsafe.Add(ref s0, p);
                        Unsafe.Add(ref dp, 1) = Unsafe.Add(ref s1, p);
                        Unsafe.Add(ref dp, 2) = Unsafe.Add(ref s2, p);
                        Unsafe.Add(ref dp, 3) = Unsafe.Add(ref s3, p);
                    }
                }
                for (; c < cols; c++)
                {
                    ref T s = ref Unsafe.Add(ref src, g.BOffset + (nint)(j + c) * g.K + p0);
                    ref T d = ref Unsafe.Add(ref panel, c);
                    for (int p = 0; p < kc; p++) Unsafe.Add(ref d, (nint)p * nr) = Unsafe.Add(ref s, p);
                }
            }
            else
            {
                // Stored [k, n]: the nr values of one step are contiguous; a full panel's step is two vectors
                // (inline, where a Memmove call per 32 floats cost 6% of the MLP step).
                if (cols == nr && nr == 2 * Vector512<T>.Count && Vector512.IsHardwareAccelerated)
                {
                    ref T s0 = ref Unsafe.Add(ref src, g.BOffset + (nint)p0 * g.N + j);
                    for (int p = 0; p < kc; p++)
                    {
                        ref T sp = ref Unsafe.Add(ref s0, (nint)p * g.N);
                        ref T dp = ref Unsafe.Add(ref panel, (nint)p * nr);
                        Vector512.LoadUnsafe(ref sp).StoreUnsafe(ref dp);
                        Vector512.LoadUnsafe(ref sp, (nuint)Vector512<T>.Count).StoreUnsafe(ref dp, (nuint)Vector512<T>.Count);
                    }
                    continue;
                }
                if (cols == nr && nr == 2 * Vector256<T>.Count && Vector256.IsHardwareAccelerated)
                {
                    ref T s0 = ref Unsafe.Add(ref src, g.BOffset + (nint)p0 * g.N + j);
                    for (int p = 0; p < kc; p++)
                    {
                        ref T sp = ref Unsafe.Add(ref s0, (nint)p * g.N);
                        ref T dp = ref Unsafe.Add(ref panel, (nint)p * nr);
                        Vector256.LoadUnsafe(ref sp).StoreUnsafe(ref dp);
                        Vector256.LoadUnsafe(ref sp, (nuint)Vector256<T>.Count).StoreUnsafe(ref dp, (nuint)Vector256<T>.Count);
                    }
                    continue;
                }
                for (int p = 0; p < kc; p++)
                {
                    var s = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref src, g.BOffset + (nint)(p0 + p) * g.N + j), cols);
                    s.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref panel, (nint)p * nr), cols));
                }
            }
        }
    }
}

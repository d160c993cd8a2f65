using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TapeFlow.Kernels;

/// <summary>
/// 8×8 float block transposes with AVX shuffles, for packing a transposed operand: eight source rows
/// are read as vectors and written as eight columns, instead of 64 scalar moves with a strided store.
/// </summary>
internal static class Transpose8
{
    /// <summary>Whether <see cref="Block"/> can run (AVX); otherwise callers keep their scalar copy.</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>
    /// dst[q·ldd + r] = src[r·lds + q] for r, q in 0..7: the 8×8 block at <paramref name="src"/> (row stride
    /// <paramref name="lds"/>) lands transposed at <paramref name="dst"/> (row stride <paramref name="ldd"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(ref float src, nint lds, ref float dst, nint ldd)
    {
        var r0 = Vector256.LoadUnsafe(ref src);
        var r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, lds));
        var r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 2 * lds));
        var r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 3 * lds));
        var r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 4 * lds));
        var r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 5 * lds));
        var r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 6 * lds));
        var r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref src, 7 * lds));

        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref dst);
        Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, ldd));
        Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, 2 * ldd));
        Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref Unsafe.Add(ref dst, 3 * ldd));
        Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 4 * ldd));
        Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 5 * ldd));
        Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 6 * ldd));
        Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref Unsafe.Add(ref dst, 7 * ldd));
    }
}

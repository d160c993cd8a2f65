using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TapeFlow.Kernels;

/// <summary>What the AVX-512 micro-kernels share: a multiply-add of their element type and the store of one tile row of two vectors.</summary>
internal static class Tile512
{
    /// <summary>Stores one tile row, <paramref name="v0"/> then <paramref name="v1"/> (<paramref name="w"/> elements on), adding the old values when <paramref name="accumulate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(ref T row, Vector512<T> v0, Vector512<T> v1, int w, bool accumulate) where T : unmanaged
    {
        if (accumulate)
        {
            v0 += Vector512.LoadUnsafe(ref row);
            v1 += Vector512.LoadUnsafe(ref row, (nuint)w);
        }
        v0.StoreUnsafe(ref row);
        v1.StoreUnsafe(ref row, (nuint)w);
    }

    /// <summary>a · b + c in one rounding, for floats and doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException($"the AVX-512 GEMM micro-kernels: {typeof(T).Name} is not a floating type");
    }
}

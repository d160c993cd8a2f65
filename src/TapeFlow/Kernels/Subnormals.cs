using System.Numerics;

namespace TapeFlow.Kernels;

/// <summary>
/// Flush-to-zero for optimizer state. TensorFlow runs its CPU kernels with denormals flushed
/// (FTZ/DAZ); .NET cannot set the FPU mode, so the kernels whose state decays geometrically
/// (Adam's m and v, momentum, RMSprop's velocity) flush it themselves. Without this, the slots of
/// weights whose gradient is exactly zero (dead ReLU units) decay into the subnormal range and get
/// stuck there (0.9 · 4·2⁻¹⁴⁹ rounds back to 4·2⁻¹⁴⁹), and every later update of them runs
/// through the CPU's slow subnormal path: measured, a 784-256-128-64-32-10 MLP step at batch 64
/// spent two thirds of its time in Adam after a thousand steps.
/// </summary>
internal static class Subnormals
{
    /// <summary>The smallest positive normal value of <typeparamref name="T"/> (float 2⁻¹²⁶, double 2⁻¹⁰²²).</summary>
    public static T MinNormal<T>() where T : IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(1.17549435E-38f) : T.CreateTruncating(2.2250738585072014E-308);

    /// <summary><paramref name="x"/>, or zero when it is subnormal.</summary>
    public static T Flush<T>(T x) where T : IFloatingPointIeee754<T> => T.IsSubnormal(x) ? T.Zero : x;

    /// <summary>Each lane of <paramref name="x"/>, or zero where its magnitude is below <paramref name="minNormal"/>.</summary>
    public static Vector<T> Flush<T>(Vector<T> x, Vector<T> minNormal) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThanOrEqual(Vector.Abs(x), minNormal), x, Vector<T>.Zero);
}

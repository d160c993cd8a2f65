using System.Numerics;
using System.Runtime.InteropServices;

namespace TapeFlow.Kernels;

/// <summary>
/// Adam's update in one SIMD pass over a variable (Keras's formula, bias correction folded into
/// <c>alpha</c> = lr·√(1-β₂ᵗ)/(1-β₁ᵗ)): m = β₁m + (1-β₁)g, v = β₂v + (1-β₂)g², v̂ = max(v̂, v) with
/// AMSGrad, w -= alpha·m / (√v(̂) + ε). For optimizers that update variable buffers in place.
/// m and v are flushed to zero when subnormal, as TF's kernels do (see <see cref="Subnormals"/>).
/// </summary>
internal static class AdamKernel
{
    public static void Step<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> vhat, T alpha, T beta1, T beta2, T epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = w.Length;
        if (g.Length != n || m.Length != n || v.Length != n || (!vhat.IsEmpty && vhat.Length != n))
        {
            throw new ArgumentException($"Adam: buffers differ in length: w {n}, g {g.Length}, m {m.Length}, v {v.Length}, vhat {vhat.Length}");
        }
        bool ams = !vhat.IsEmpty;
        T c1 = T.One - beta1, c2 = T.One - beta2;
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= Vector<T>.Count)
        {
            ref T wr = ref MemoryMarshal.GetReference(w);
            ref T gr = ref MemoryMarshal.GetReference(g);
            ref T mr = ref MemoryMarshal.GetReference(m);
            ref T vr = ref MemoryMarshal.GetReference(v);
            ref T hr = ref MemoryMarshal.GetReference(vhat);
            Vector<T> b1 = new(beta1), b2 = new(beta2), k1 = new(c1), k2 = new(c2), a = new(alpha), e = new(epsilon);
            Vector<T> tiny = new(Subnormals.MinNormal<T>());
            for (int last = n - Vector<T>.Count; i <= last; i += Vector<T>.Count)
            {
                var gi = Vector.LoadUnsafe(ref gr, (nuint)i);
                var mi = Subnormals.Flush(b1 * Vector.LoadUnsafe(ref mr, (nuint)i) + k1 * gi, tiny);
                var vi = Subnormals.Flush(b2 * Vector.LoadUnsafe(ref vr, (nuint)i) + k2 * gi * gi, tiny);
                mi.StoreUnsafe(ref mr, (nuint)i);
                vi.StoreUnsafe(ref vr, (nuint)i);
                if (ams)
                {
                    vi = Vector.Max(Vector.LoadUnsafe(ref hr, (nuint)i), vi);
                    vi.StoreUnsafe(ref hr, (nuint)i);
                }
                (Vector.LoadUnsafe(ref wr, (nuint)i) - a * mi / (Vector.SquareRoot(vi) + e)).StoreUnsafe(ref wr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            m[i] = Subnormals.Flush(beta1 * m[i] + c1 * g[i]);
            v[i] = Subnormals.Flush(beta2 * v[i] + c2 * g[i] * g[i]);
            T denom = v[i];
            if (ams)
            {
                vhat[i] = T.Max(vhat[i], v[i]);
                denom = vhat[i];
            }
            w[i] -= alpha * m[i] / (T.Sqrt(denom) + epsilon);
        }
    }
}

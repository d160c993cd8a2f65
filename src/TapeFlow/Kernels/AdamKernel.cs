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
    /// <summary>
    /// Updates all of <paramref name="w"/>; from <see cref="ParallelSplit.MinElements"/> elements on, split into
    /// aligned ranges over the intra-op threads (each element's arithmetic is the same, so are the bits).
    /// </summary>
    public static unsafe void Step<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> vhat, T alpha, T beta1, T beta2, T epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = w.Length;
        if (g.Length != n || m.Length != n || v.Length != n || (!vhat.IsEmpty && vhat.Length != n))
        {
            throw new ArgumentException($"Adam: buffers differ in length: w {n}, g {g.Length}, m {m.Length}, v {v.Length}, vhat {vhat.Length}");
        }
        int chunks = ParallelSplit.Chunks(n, out int threads);
        if (chunks <= 1)
        {
            Range(w, g, m, v, vhat, alpha, beta1, beta2, epsilon);
            return;
        }
        // The caller's spans stay pinned until every chunk is done: IntraOpPool.Run returns only then.
        fixed (T* pw = w, pg = g, pm = m, pv = v, ph = vhat)
        {
            var job = AdamJob<T>.ForThisThread;
            job.Set(pw, pg, pm, pv, ph, vhat.IsEmpty ? 0 : n, n, chunks, alpha, beta1, beta2, epsilon);
            IntraOpPool.Run(job, chunks, threads);
        }
    }

    /// <summary>The update over one contiguous range (all of it, or one chunk of a split).</summary>
    internal static void Range<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> vhat, T alpha, T beta1, T beta2, T epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = w.Length;
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

/// <summary>One split Adam update: raw pointers to the caller's pinned buffers, reused per calling thread.</summary>
internal sealed unsafe class AdamJob<T> : IntraOpJob
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static AdamJob<T>? current;

    private T* w, g, m, v, vhat;
    private int vhatLength, length, parts;
    private T alpha, beta1, beta2, epsilon;

    public static AdamJob<T> ForThisThread => current ??= new();

    public void Set(T* pw, T* pg, T* pm, T* pv, T* pvhat, int vhatCount, int n, int chunks, T a, T b1, T b2, T eps)
    {
        w = pw;
        g = pg;
        m = pm;
        v = pv;
        vhat = pvhat;
        vhatLength = vhatCount;
        length = n;
        parts = chunks;
        alpha = a;
        beta1 = b1;
        beta2 = b2;
        epsilon = eps;
    }

    public override void Execute(int chunk)
    {
        var (from, count) = ParallelSplit.Range(length, parts, chunk);
        if (count == 0) return;
        AdamKernel.Range(
            new Span<T>(w + from, count),
            new ReadOnlySpan<T>(g + from, count),
            new Span<T>(m + from, count),
            new Span<T>(v + from, count),
            vhatLength == 0 ? default : new Span<T>(vhat + from, count),
            alpha,
            beta1,
            beta2,
            epsilon);
    }
}

using System.Numerics;

namespace TapeFlow.Kernels;

/// <summary>The buffers of one variable in a multi-variable Adam step: the variable, its gradient, m, v and v̂ (AMSGrad, else null).</summary>
internal readonly record struct AdamBuffers<T>(T[] W, T[] G, T[] M, T[] V, T[]? VHat);

/// <summary>
/// One Adam step over several variables at once, as PyTorch's multi-tensor ("foreach") Adam: their elements form one
/// range, cut into aligned pieces over the intra-op threads that may span variables, so a training step's small
/// variables (biases, the last layers' weights) no longer run on the caller alone while the workers wait, and the
/// step makes one hand-off instead of one per large variable. Each element's arithmetic is
/// <see cref="AdamKernel.Range{T}"/>'s, so the bits are those of one <see cref="AdamKernel.Step{T}"/> per variable.
/// </summary>
internal sealed class AdamMany<T> : IntraOpJob
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static AdamMany<T>? current;

    private readonly List<AdamBuffers<T>> variables = [];
    private long[] starts = new long[8];
    private int parts;
    private long total;
    private T alpha, beta1, beta2, epsilon;

    /// <summary>Updates every variable of <paramref name="buffers"/>; each must have equal lengths (checked first).</summary>
    public static void Step(IReadOnlyList<AdamBuffers<T>> buffers, T alpha, T beta1, T beta2, T epsilon)
    {
        long total = 0;
        for (int i = 0; i < buffers.Count; i++)
        {
            var b = buffers[i];
            int n = b.W.Length;
            if (b.G.Length != n || b.M.Length != n || b.V.Length != n || (b.VHat is not null && b.VHat.Length != n))
            {
                throw new ArgumentException($"Adam: buffers of variable {i} differ in length: w {n}, g {b.G.Length}, m {b.M.Length}, v {b.V.Length}, vhat {b.VHat?.Length ?? 0}");
            }
            total += n;
        }
        int chunks = ParallelSplit.Chunks((int)Math.Min(total, int.MaxValue), out int threads);
        if (chunks <= 1 || total > int.MaxValue)
        {
            for (int i = 0; i < buffers.Count; i++)
            {
                var b = buffers[i];
                AdamKernel.Step<T>(b.W, b.G, b.M, b.V, b.VHat, alpha, beta1, beta2, epsilon);
            }
            return;
        }
        var job = current ??= new();
        job.Set(buffers, total, chunks, alpha, beta1, beta2, epsilon);
        try
        {
            IntraOpPool.Run(job, chunks, threads);
        }
        finally
        {
            job.variables.Clear();
        }
    }

    private void Set(IReadOnlyList<AdamBuffers<T>> buffers, long count, int chunks, T a, T b1, T b2, T eps)
    {
        variables.Clear();
        if (starts.Length < buffers.Count + 1) starts = new long[buffers.Count * 2 + 1];
        long at = 0;
        for (int i = 0; i < buffers.Count; i++)
        {
            variables.Add(buffers[i]);
            starts[i] = at;
            at += buffers[i].W.Length;
        }
        starts[buffers.Count] = at;
        total = count;
        parts = chunks;
        (alpha, beta1, beta2, epsilon) = (a, b1, b2, eps);
    }

    /// <summary>Updates the elements [from, to) of the joined range, a piece of each variable it overlaps.</summary>
    public override void Execute(int chunk)
    {
        var (from, count) = ParallelSplit.Range((int)total, parts, chunk);
        long to = from + count;
        for (int i = 0; i < variables.Count && starts[i] < to; i++)
        {
            long lo = Math.Max(from, starts[i]), hi = Math.Min(to, starts[i + 1]);
            if (lo >= hi) continue;
            int offset = (int)(lo - starts[i]), n = (int)(hi - lo);
            var b = variables[i];
            AdamKernel.Range<T>(b.W.AsSpan(offset, n), b.G.AsSpan(offset, n), b.M.AsSpan(offset, n), b.V.AsSpan(offset, n),
                b.VHat is null ? default : b.VHat.AsSpan(offset, n), alpha, beta1, beta2, epsilon);
        }
    }
}

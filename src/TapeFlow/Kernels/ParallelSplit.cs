namespace TapeFlow.Kernels;

/// <summary>
/// How an element-wise kernel over n elements is cut for the intra-op pool: not at all below
/// <see cref="MinElements"/>, else into a few ranges per thread whose boundaries fall on multiples of
/// <see cref="Align"/> elements, so that every element takes the same (vector) path as on one thread
/// and the result has the same bits whatever the thread count.
/// </summary>
internal static class ParallelSplit
{
    /// <summary>Elements below which a split costs more than it saves (about 5-10 µs of streaming work).</summary>
    public const int MinElements = 1 << 14;

    /// <summary>Chunk boundaries are multiples of this many elements (a multiple of every vector width).</summary>
    public const int Align = 256;

    /// <summary>Chunks per thread, so that a thread the OS is slow to schedule leaves its share to the others.</summary>
    private const int ChunksPerThread = 2;

    /// <summary>How many chunks to cut <paramref name="n"/> elements into (1: run serially), and over how many threads.</summary>
    public static int Chunks(int n, out int threads)
    {
        threads = Math.Min(Tf.Config.GetIntraOpThreads(), n / MinElements);
        if (threads <= 1) return 1;
        return Math.Min(threads * ChunksPerThread, n / Align);
    }

    /// <summary>Chunk <paramref name="chunk"/> of <paramref name="parts"/>: its start and length, aligned.</summary>
    public static (int From, int Count) Range(int n, int parts, int chunk)
    {
        int blocks = (n + Align - 1) / Align;
        int from = (int)Math.Min(n, (long)blocks * chunk / parts * Align);
        int to = (int)Math.Min(n, (long)blocks * (chunk + 1) / parts * Align);
        return (from, to - from);
    }
}

/// <summary>
/// An element-wise kernel over <c>length</c> elements split into <see cref="ParallelSplit"/>'s aligned ranges on
/// the intra-op pool. Created only once <see cref="ParallelSplit.Chunks"/> says to split, so small calls allocate nothing.
/// </summary>
internal abstract class RangeJob(int length) : IntraOpJob
{
    private int parts;

    /// <summary>Runs the kernel over all elements in <paramref name="chunks"/> ranges on <paramref name="threads"/> threads.</summary>
    public void Run(int chunks, int threads)
    {
        parts = chunks;
        IntraOpPool.Run(this, chunks, threads);
    }

    public sealed override void Execute(int chunk)
    {
        var (from, count) = ParallelSplit.Range(length, parts, chunk);
        if (count > 0) Kernel(from, count);
    }

    /// <summary>The kernel over elements [<paramref name="from"/>, <paramref name="from"/> + <paramref name="count"/>).</summary>
    protected abstract void Kernel(int from, int count);
}

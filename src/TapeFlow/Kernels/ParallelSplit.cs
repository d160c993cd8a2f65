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

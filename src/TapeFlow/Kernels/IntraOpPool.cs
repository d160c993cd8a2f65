using System.Diagnostics;

namespace TapeFlow.Kernels;

/// <summary>One parallel kernel call split into chunks; any thread may run any chunk.</summary>
internal abstract class IntraOpJob
{
    public abstract void Execute(int chunk);
}

/// <summary>
/// Persistent worker threads for intra-op parallelism (<c>Tf.Config.SetIntraOpThreads</c>). A call is
/// cut into more chunks than threads; the caller and the woken workers claim chunks from a shared
/// counter until none is left, and the caller waits only for chunks already claimed. So a worker that
/// the OS has not scheduled yet (a busy machine) costs nothing: the caller does its share. Idle workers
/// spin briefly before blocking, so the back-to-back kernels of a training step pay no wake-up.
/// </summary>
internal static class IntraOpPool
{
    private static readonly Lock Gate = new();
    private static Worker[] workers = [];

    /// <summary>True on a thread that is running a chunk: a call made from inside one (a GEMM per image range) runs on that thread alone.</summary>
    [ThreadStatic] private static bool inChunk;

    public static void Run(IntraOpJob job, int chunks, int threads)
    {
        if (threads <= 1 || chunks <= 1 || inChunk)
        {
            for (int c = 0; c < chunks; c++) job.Execute(c);
            return;
        }
        var batch = new Batch(job, chunks);
        var team = Team(threads - 1);
        for (int w = 0; w < threads - 1; w++) team[w].Post(batch);
        batch.Work();
        var spinner = new SpinWait();
        while (Volatile.Read(ref batch.Done) < chunks) spinner.SpinOnce(sleep1Threshold: -1);
        if (batch.Failure is { } e) throw new AggregateException("a parallel kernel chunk failed", e);
    }

    private static Worker[] Team(int count)
    {
        if (workers.Length >= count) return workers;
        lock (Gate)
        {
            if (workers.Length < count)
            {
                var grown = new Worker[count];
                Array.Copy(workers, grown, workers.Length);
                for (int i = workers.Length; i < count; i++) grown[i] = new Worker(i + 1);
                workers = grown;
            }
            return workers;
        }
    }

    /// <summary>The state of one call: who claims which chunk, how many are finished.</summary>
    private sealed class Batch(IntraOpJob job, int chunks)
    {
        public int Next;
        public int Done;
        public Exception? Failure;

        public void Work()
        {
            int c;
            inChunk = true;
            try
            {
                while ((c = Interlocked.Increment(ref Next) - 1) < chunks)
                {
                    try
                    {
                        job.Execute(c);
                    }
                    catch (Exception e)
                    {
                        Failure = e;
                    }
                    finally
                    {
                        Interlocked.Increment(ref Done);
                    }
                }
            }
            finally
            {
                inChunk = false;
            }
        }
    }

    private sealed class Worker
    {
        /// <summary>
        /// How long an idle worker spins before it blocks: longer than the gap between a training step's parallel
        /// kernels (the small ops, the optimizer, the next step's forward). With 200 µs the MLP step's worker blocked
        /// 2-3 times per step and each wake-up left one GEMM to the caller alone; OpenMP runtimes spin far longer.
        /// </summary>
        private static readonly long SpinTicks = Stopwatch.Frequency / 500; // 2 ms

        private readonly ManualResetEventSlim wake = new(false, 0);
        private Batch? mailbox;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"TapeFlow intra-op {index}" };
            thread.Start();
        }

        /// <summary>Offers a batch; a newer one replaces an untaken older one, whose caller then does its chunks itself.</summary>
        public void Post(Batch batch)
        {
            Volatile.Write(ref mailbox, batch);
            wake.Set();
        }

        private void Loop()
        {
            while (true)
            {
                long start = Stopwatch.GetTimestamp();
                Batch? batch;
                while ((batch = Interlocked.Exchange(ref mailbox, null)) is null)
                {
                    if (Stopwatch.GetTimestamp() - start < SpinTicks)
                    {
                        Thread.SpinWait(20);
                    }
                    else
                    {
                        wake.Wait();
                        wake.Reset();
                    }
                }
                batch.Work();
            }
        }
    }
}

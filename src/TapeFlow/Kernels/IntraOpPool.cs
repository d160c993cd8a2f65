using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace TapeFlow.Kernels;

/// <summary>One parallel kernel call split into chunks; any thread may run any chunk.</summary>
internal abstract class IntraOpJob
{
    public abstract void Execute(int chunk);
}

/// <summary>
/// Persistent worker threads for intra-op parallelism (<c>Tf.Config.SetIntraOpThreads</c>). A call is
/// cut into more chunks than threads, dealt out in contiguous shares: participant p (the caller is 0,
/// worker i is i) claims the chunks of its own share first, then helps with the others' shares until
/// none is left, and the caller waits only for chunks already claimed. Owning a share keeps the data
/// of repeated kernels on one core: the same blocks of a layer's GEMMs and the same slice of Adam's
/// moments every step stay in that core's L2 instead of moving between cores (on this 2-core VM the
/// MLP step's Adam took 2.4x the CPU time of the 1-thread run with first-come claiming). A worker the
/// OS has not scheduled yet (a busy machine) still costs nothing: the others do its share. Idle
/// workers spin briefly before blocking, so the back-to-back kernels of a training step pay no wake-up.
/// </summary>
internal static class IntraOpPool
{
    private static readonly Lock Gate = new();
    private static Worker[] workers = [];

    /// <summary>True on a thread that is running a chunk: a call made from inside one (a GEMM per image range) runs on that thread alone.</summary>
    [ThreadStatic] private static bool inChunk;

    /// <summary>How long a caller polls for its last chunks before yielding the core to a descheduled worker (100 µs).</summary>
    private static readonly long CallerSpinTicks = Stopwatch.Frequency / 10_000;

    /// <summary>
    /// One spin-loop pause (x86 PAUSE, Arm YIELD): ~20 ns on the Zen 5 VM. <c>Thread.SpinWait(1)</c> measured 400 ns
    /// and <c>SpinWait(20)</c> 850 ns there, which is how late a hand-off could be noticed. Every spin loop around it
    /// also reads <see cref="Stopwatch.GetTimestamp"/>, a call the GC can suspend the thread at: a loop of bare pauses
    /// made each young collection 4x longer (110 -> 440 µs), the runtime having to interrupt the spinning thread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Relax()
    {
        if (X86Base.IsSupported) X86Base.Pause();
        else if (ArmBase.IsSupported) ArmBase.Yield();
        else Thread.SpinWait(1);
    }

    public static void Run(IntraOpJob job, int chunks, int threads)
    {
        if (threads <= 1 || chunks <= 1 || inChunk)
        {
            for (int c = 0; c < chunks; c++) job.Execute(c);
            return;
        }
        // No more participants than chunks, so every share holds at least one chunk and share 0 starts with chunk 0.
        int shares = Math.Min(threads, chunks);
        var batch = new Batch(job, chunks, shares);
        var team = Team(shares - 1);
        for (int w = 0; w < shares - 1; w++) team[w].Post(batch);
        batch.Work(0);
        // The chunks still running were claimed by workers that are executing them: poll with one pause per check
        // (a SpinWait backs off exponentially and then yields, a syscall of ~1.5 µs on this VM, so it returned
        // microseconds after the last chunk). Only a worker descheduled mid-chunk makes the caller yield.
        long start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref batch.Done) < chunks)
        {
            if (Stopwatch.GetTimestamp() - start < CallerSpinTicks) Relax();
            else Thread.Yield();
        }
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

    /// <summary>The state of one call: each share's next unclaimed chunk, how many chunks are finished.</summary>
    private sealed class Batch
    {
        private readonly IntraOpJob job;
        private readonly int shares;
        private readonly int chunks;

        /// <summary>Share s holds chunks [s·chunks/shares, (s+1)·chunks/shares); next[s] is its next unclaimed one.</summary>
        private readonly int[] next;

        public int Done;
        public Exception? Failure;

        public Batch(IntraOpJob job, int chunks, int shares)
        {
            this.job = job;
            this.chunks = chunks;
            this.shares = shares;
            next = new int[shares];
            for (int s = 0; s < shares; s++) next[s] = Start(s);
            // Chunk 0 is the caller's before any worker sees the batch: a caller descheduled between posting and
            // working would otherwise find a worker that finished its own share already in the caller's.
            next[0] = 1;
        }

        private int Start(int share) => (int)((long)chunks * share / shares);

        /// <summary>Participant <paramref name="self"/> runs its own share (the caller first its reserved chunk 0), then whatever the others have not claimed.</summary>
        public void Work(int self)
        {
            inChunk = true;
            try
            {
                if (self == 0) Execute(0);
                for (int i = 0; i < shares; i++)
                {
                    int s = (self + i) % shares, end = Start(s + 1), c;
                    while ((c = Interlocked.Increment(ref next[s]) - 1) < end) Execute(c);
                }
            }
            finally
            {
                inChunk = false;
            }
        }

        private void Execute(int chunk)
        {
            try
            {
                job.Execute(chunk);
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

    private sealed class Worker
    {
        /// <summary>
        /// How long an idle worker spins before it blocks: longer than the gap between a training step's parallel
        /// kernels (the small ops, the optimizer, the next step's forward). With 200 µs the MLP step's worker blocked
        /// 2-3 times per step and each wake-up left one GEMM to the caller alone; OpenMP runtimes spin far longer.
        /// </summary>
        private static readonly long SpinTicks = Stopwatch.Frequency / 500; // 2 ms

        private readonly ManualResetEventSlim wake = new(false, 0);
        private readonly int index;
        private Batch? mailbox;

        public Worker(int index)
        {
            this.index = index;
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
                        Relax();
                    }
                    else
                    {
                        wake.Wait();
                        wake.Reset();
                    }
                }
                batch.Work(index);
            }
        }
    }
}

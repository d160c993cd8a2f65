using TapeFlow.Kernels;

namespace TapeFlow.Tests.Kernels;

[Trait("Category", "Kernels")]
public class IntraOpPoolTests
{
    /// <summary>Counts how often each chunk ran and on which thread.</summary>
    private sealed class CountingJob(int chunks) : IntraOpJob
    {
        public readonly int[] Runs = new int[chunks];
        public readonly int[] Thread = new int[chunks];

        public override void Execute(int chunk)
        {
            Interlocked.Increment(ref Runs[chunk]);
            Thread[chunk] = Environment.CurrentManagedThreadId;
        }
    }

    private sealed class FailingJob(int bad) : IntraOpJob
    {
        public int Ran;

        public override void Execute(int chunk)
        {
            Interlocked.Increment(ref Ran);
            if (chunk == bad) throw new InvalidOperationException($"chunk {chunk} failed");
        }
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(7, 2)]
    [InlineData(8, 3)]
    [InlineData(3, 4)]
    [InlineData(1000, 2)]
    public void Every_chunk_runs_exactly_once(int chunks, int threads)
    {
        for (int round = 0; round < 50; round++)
        {
            var job = new CountingJob(chunks);
            IntraOpPool.Run(job, chunks, threads);
            Assert.All(job.Runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void The_caller_starts_with_the_first_share()
    {
        // Chunk 0 is reserved for the caller before any worker sees the call, so it runs on the calling thread even
        // when the caller is descheduled between posting and working (more threads than cores makes that common).
        for (int round = 0; round < 2000; round++)
        {
            var job = new CountingJob(16);
            IntraOpPool.Run(job, 16, 4);
            Assert.Equal(Environment.CurrentManagedThreadId, job.Thread[0]);
        }
    }

    [Fact]
    public void A_failing_chunk_surfaces_after_the_others_finish()
    {
        var job = new FailingJob(bad: 5);
        var e = Assert.Throws<AggregateException>(() => IntraOpPool.Run(job, 9, 2));
        Assert.Contains("chunk 5 failed", e.InnerException!.Message);
        Assert.Equal(9, job.Ran);
    }
}

using BenchmarkDotNet.Attributes;

namespace TapeFlow.Benchmarks;

/// <summary>The parameters the training-shaped benchmarks share: the batch (64 and 512) and the intra-op threads (1 and 2).</summary>
public abstract class BatchAndThreads
{
    /// <summary>Rows per step.</summary>
    [Params(64, 512)]
    public int Batch { get; set; }

    /// <summary>Intra-op threads (<c>Tf.Config.SetIntraOpThreads</c>), set before each benchmark's own setup.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Sets the threads, then builds the benchmark's inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Tf.Config.SetIntraOpThreads(Threads);
        Build();
    }

    /// <summary>The benchmark's inputs, at <see cref="Batch"/>.</summary>
    protected abstract void Build();
}

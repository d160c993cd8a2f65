using BenchmarkDotNet.Attributes;
using TapeFlow.Bench;

namespace TapeFlow.Benchmarks;

/// <summary>One MLP training step (forward, tape gradient, Adam) at batch 64 and 512.</summary>
[MemoryDiagnoser]
public class TrainingBenchmarks : BatchAndThreads
{
    private Action step = null!;

    /// <inheritdoc/>
    protected override void Build() => step = Workloads.MlpStep(Batch);

    [Benchmark]
    public void MlpStep() => step();
}

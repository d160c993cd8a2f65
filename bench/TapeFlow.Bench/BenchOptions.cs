namespace TapeFlow.Bench;

/// <summary>What <see cref="BenchRunner.Run"/> measures and how long it spends.</summary>
public sealed class BenchOptions
{
    /// <summary>Seconds spent timing each measurement (best of five batches); less is faster and noisier.</summary>
    public double SecondsPerMeasurement { get; init; } = 0.5;

    /// <summary>Rounds per row: each round times every side of the row once, rotating which goes first; each side keeps its best.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Square GEMM sizes.</summary>
    public IReadOnlyList<int> GemmSizes { get; init; } = [64, 128, 256, 512, 1024, 2048];

    /// <summary>The Python interpreter for the numpy and PyTorch columns; a missing one skips them.</summary>
    public string Python { get; init; } = "/usr/bin/python3";

    /// <summary>Skip the Python columns entirely.</summary>
    public bool SkipPython { get; init; }

    /// <summary>Thread counts for the GEMM and training rows.</summary>
    public IReadOnlyList<int> Threads { get; init; } = [1, 2];

    /// <summary>Training steps of the long memory run (0 skips it); the Speed issue compares RSS after 10k and 100k steps.</summary>
    public int MemoryRunSteps { get; init; } = 100000;

    /// <summary>Which tables to measure (<c>--only</c>); the peak-RSS table always closes the run.</summary>
    public BenchSections Sections { get; init; } = BenchSections.All;

    /// <summary>Whether <paramref name="section"/> is to be measured.</summary>
    public bool Runs(BenchSections section) => (Sections & section) != 0;

    /// <summary>A short run for smoke checks: few sizes, short timings.</summary>
    public static BenchOptions Quick { get; } = new()
    {
        SecondsPerMeasurement = 0.1,
        Rounds = 1,
        GemmSizes = [64, 256],
        MemoryRunSteps = 200,
    };
}

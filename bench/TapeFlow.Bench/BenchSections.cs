namespace TapeFlow.Bench;

/// <summary>The tables <see cref="BenchRunner.Run"/> can measure; the peak-RSS table always closes a run.</summary>
[Flags]
public enum BenchSections
{
    /// <summary>Nothing but the closing RSS table.</summary>
    None = 0,

    /// <summary>The long MLP run sampling the GC heap and RSS (first, so the process's peak RSS is the training's).</summary>
    Memory = 1,

    /// <summary>GEMM at the square sizes and the MLP shapes, against numpy and PyTorch.</summary>
    Gemm = 2,

    /// <summary>Per-op overhead: scalar x*x with its gradient, the 100-op chains.</summary>
    Overhead = 4,

    /// <summary>The MLP training step at batch 64 and 512 on each thread count, and the core check.</summary>
    Training = 8,

    /// <summary>The Fashion CNN forward and backward.</summary>
    Cnn = 16,

    /// <summary>SPEC item 20's linear regression, 10k SGD steps.</summary>
    Regression = 32,

    /// <summary>Every table.</summary>
    All = Memory | Gemm | Overhead | Training | Cnn | Regression,
}

/// <summary>Reads <c>--only</c> lists such as <c>gemm,training</c>.</summary>
public static class BenchSectionNames
{
    /// <summary>The names <see cref="Parse"/> accepts, in the order the tables print.</summary>
    public static IReadOnlyList<string> Names { get; } = ["memory", "gemm", "overhead", "training", "cnn", "regression"];

    /// <summary>The sections named in a comma-separated list (case-insensitive); an unknown name throws, listing the valid ones.</summary>
    public static BenchSections Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var sections = BenchSections.None;
        foreach (string part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int i = 0;
            while (i < Names.Count && !string.Equals(Names[i], part, StringComparison.OrdinalIgnoreCase)) i++;
            if (i == Names.Count) throw new ArgumentException($"unknown bench section '{part}' (sections: {string.Join(", ", Names)})", nameof(list));
            sections |= (BenchSections)(1 << i);
        }
        if (sections == BenchSections.None) throw new ArgumentException($"no bench section named in '{list}' (sections: {string.Join(", ", Names)})", nameof(list));
        return sections;
    }
}

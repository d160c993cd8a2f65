namespace TapeFlow.Bench;

/// <summary>
/// Times the sides of one row (TapeFlow, numpy, PyTorch, ...) in rounds, each round rotating which side goes
/// first, and keeps each side's best. On a shared VM the host's load drifts over seconds (numpy's 2048^3 GEMM
/// measured 65-83 GFLOP/s in five runs within a minute); timing the sides of a row back to back, more than once,
/// keeps that drift out of the ratio far better than timing one whole side after the other.
/// </summary>
internal static class Interleave
{
    /// <summary>
    /// Each side's best seconds over <paramref name="rounds"/> rounds (null where a side never answered). A side
    /// is called with the round's index, so it can warm up fully in the first round only.
    /// </summary>
    public static double?[] BestSeconds(int rounds, params Func<int, double?>[] sides)
    {
        var best = new double?[sides.Length];
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < sides.Length; i++)
            {
                int s = (i + r) % sides.Length;
                if (sides[s](r) is { } t && (best[s] is not { } b || t < b)) best[s] = t;
            }
        }
        return best;
    }
}

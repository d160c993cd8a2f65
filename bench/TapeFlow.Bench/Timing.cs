using System.Diagnostics;

namespace TapeFlow.Bench;

/// <summary>Wall-clock timing the same way as the Python scripts: warm up, calibrate a batch, keep the best of several.</summary>
internal static class Timing
{
    /// <summary>
    /// The best time per call of <paramref name="step"/>: warm up for <paramref name="seconds"/> (the JIT promotes a
    /// method to optimised code after 30 calls and ~100 ms without new tier-0 work; with a single warm-up call the
    /// batch-512 MLP step with Keras's Adam measured 7.5 ms, its steady state 3.9 ms), then time
    /// <paramref name="batches"/> batches of a calibrated number of calls. A later round of the same row passes a
    /// shorter <paramref name="warmup"/>: its code is optimised already.
    /// </summary>
    public static double BestSeconds(Action step, double seconds, int batches = 5, double? warmup = null)
    {
        var warm = Stopwatch.StartNew();
        do step();
        while (warm.Elapsed.TotalSeconds < (warmup ?? seconds));
        long n = 1;
        double dt;
        while (true)
        {
            dt = Once(step, n);
            if (dt > seconds / batches || n > 1 << 22) break;
            n *= 2;
        }
        double best = dt / n;
        for (int i = 1; i < batches; i++) best = Math.Min(best, Once(step, n) / n);
        return best;
    }

    private static double Once(Action step, long n)
    {
        long t = Stopwatch.GetTimestamp();
        for (long i = 0; i < n; i++) step();
        return Stopwatch.GetElapsedTime(t).TotalSeconds;
    }

    /// <summary>The process's peak resident set (VmHWM), in MB; 0 where /proc is missing.</summary>
    public static double PeakRssMb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return double.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return Environment.WorkingSet / 1048576.0;
    }
}

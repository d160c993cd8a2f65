using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TapeFlow.Bench;

/// <summary>
/// What the machine's cores deliver right now: the same register-only arithmetic on one thread, then on
/// <c>n</c> threads at once (no memory, no shared data, no synchronisation inside the timed loop), as a
/// speed-up over one thread. On a dedicated machine it is n; on a VM whose cores the host shares it is less,
/// and varies from minute to minute (on the 2-core VM this was written on, 1.14x to 1.99x within one
/// minute). Read the multi-thread rows of the table against it: no kernel can scale past what the cores give.
/// </summary>
internal static class CoreScaling
{
    /// <summary>Best of <paramref name="repeats"/> measurements of n-thread throughput over one thread.</summary>
    public static double Measure(int threads, int repeats = 3, long iterations = 50_000_000)
    {
        if (threads <= 1) return 1;
        double best = 0;
        for (int r = 0; r < repeats; r++)
        {
            double one = Time(1, iterations);
            double many = Time(threads, iterations);
            best = Math.Max(best, threads * one / many);
        }
        return best;
    }

    /// <summary>Seconds for <paramref name="threads"/> threads to each run <paramref name="iterations"/> steps, started together.</summary>
    private static double Time(int threads, long iterations)
    {
        using var start = new Barrier(threads + 1);
        var sink = new double[threads * 16];
        var team = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int slot = t * 16; // a cache line apart: no false sharing when the results are written
            team[t] = new Thread(() =>
            {
                start.SignalAndWait();
                sink[slot] = Spin(iterations);
            })
            { IsBackground = true };
            team[t].Start();
        }
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var thread in team) thread.Join();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>A dependent chain of multiply-adds held in registers: pure core time.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Spin(long iterations)
    {
        double x = 1;
        for (long i = 0; i < iterations; i++) x = x * 1.0000001 + 1e-9;
        return x;
    }
}

using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TapeFlow.Bench;

/// <summary>
/// What the machine's cores deliver right now: the same register-only vector arithmetic on one thread, then on
/// <c>n</c> threads at once (no memory, no shared data, no synchronisation inside the timed loop), as a
/// speed-up over one thread. On a dedicated machine it is n; on a VM whose cores the host shares it is less,
/// and varies from minute to minute (on the 2-core VM this was written on, 1.14x to 1.99x within one
/// minute). Read the multi-thread rows of the table against it: no kernel can scale past what the cores give.
/// </summary>
internal static class CoreScaling
{
    /// <summary>Best of <paramref name="repeats"/> measurements of n-thread throughput over one thread.</summary>
    public static double Measure(int threads, int repeats = 3, long iterations = 20_000_000)
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

    /// <summary>
    /// Vector multiply-adds on ten independent accumulators held in registers: bound by the core's multiply-add
    /// throughput, not its latency, so two threads that the host runs on the two hardware threads of one core
    /// (sharing its FMA units) show ~1x, where a dependent chain would still show 2x.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Spin(long iterations)
    {
        var m = new Vector<float>(0.9999999f);
        var c = new Vector<float>(1e-7f);
        Vector<float> a0 = Vector<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, m, c);
            a1 = Vector.FusedMultiplyAdd(a1, m, c);
            a2 = Vector.FusedMultiplyAdd(a2, m, c);
            a3 = Vector.FusedMultiplyAdd(a3, m, c);
            a4 = Vector.FusedMultiplyAdd(a4, m, c);
            a5 = Vector.FusedMultiplyAdd(a5, m, c);
            a6 = Vector.FusedMultiplyAdd(a6, m, c);
            a7 = Vector.FusedMultiplyAdd(a7, m, c);
            a8 = Vector.FusedMultiplyAdd(a8, m, c);
            a9 = Vector.FusedMultiplyAdd(a9, m, c);
        }
        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9);
    }
}

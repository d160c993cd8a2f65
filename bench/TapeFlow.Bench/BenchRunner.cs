using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text.Json.Nodes;

namespace TapeFlow.Bench;

/// <summary>
/// Measures TapeFlow, numpy/OpenBLAS and PyTorch on the same workloads in one run and prints one
/// side-by-side table of ratios (the entry point behind <c>tapeflow bench</c>).
/// </summary>
public static class BenchRunner
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The batch of the Fashion CNN row (the CLI's and Keras's default training batch).</summary>
    private const int CnnBatch = 64;

    /// <summary>Runs every benchmark and writes the table to <paramref name="output"/>; returns 0.</summary>
    public static int Run(TextWriter output, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        double s = options.SecondsPerMeasurement;
        int threadsDefault = Tf.Config.GetIntraOpThreads();
        var gemmShapes = options.GemmSizes.Select(n => (M: n, N: n, K: n)).Concat([(M: 64, N: 256, K: 784), (M: 64, N: 128, K: 256), (M: 512, N: 256, K: 784)]).ToList();
        var chains = new (int[] Shape, int Ops)[] { ([1], 100), ([64, 256], 100) };
        int[] batches = [64, 512];
        const int regressionSteps = 10000;

        output.WriteLine($"TapeFlow bench: {CpuName()}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
            $"Vector512 {(Vector512.IsHardwareAccelerated ? "on" : "off")}, Vector256 {(Vector256.IsHardwareAccelerated ? "on" : "off")}, load average {LoadAverage()}");
        output.WriteLine($"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, LOH threshold {AppContext.GetData("System.GC.LOHThreshold") ?? "default (85000)"} bytes; intra-op threads default {threadsDefault}");
        output.WriteLine($"Timing: best of 5 batches of ~{s / 5:0.###} s after {s:0.##} s of warm-up calls, the same loop in C# and Python. Ratios > 1 mean TapeFlow is faster.");
        output.WriteLine();

        // Python first, one process at a time, so nothing else competes for the cores.
        var gemmRequest = new JsonArray(gemmShapes.Select(g => (JsonNode)new JsonArray(g.M, g.N, g.K)).ToArray());
        var numpy = new Dictionary<(string Core, int Threads), JsonNode?>();
        var notes = new List<string>();
        if (!options.SkipPython)
        {
            foreach (var core in new[] { "auto", "SkylakeX" })
            {
                if (core == "SkylakeX" && !Vector512.IsHardwareAccelerated) continue;
                foreach (int t in options.Threads)
                {
                    var env = new Dictionary<string, string?>
                    {
                        ["OPENBLAS_CORETYPE"] = core == "auto" ? null : core,
                        ["OPENBLAS_L2_SIZE"] = null,
                        ["OPENBLAS_NUM_THREADS"] = t.ToString(Inv),
                        ["OMP_NUM_THREADS"] = t.ToString(Inv),
                    };
                    var (r, why) = PythonSide.Run(options.Python, "numpy_bench.py", new JsonObject { ["gemm"] = gemmRequest.DeepClone(), ["seconds"] = s }, env);
                    numpy[(core, t)] = r;
                    if (why is not null) notes.Add($"numpy ({core}, {t} thread(s)) skipped: {why}");
                }
            }
        }
        JsonNode? torch = null;
        if (!options.SkipPython)
        {
            var request = new JsonObject
            {
                ["gemm"] = gemmRequest.DeepClone(),
                ["seconds"] = s,
                ["chain"] = new JsonArray(chains.Select(c => (JsonNode)new JsonArray(new JsonArray(c.Shape.Select(d => (JsonNode)d).ToArray()), c.Ops)).ToArray()),
                ["mlp"] = new JsonArray(batches.Select(b => (JsonNode)b).ToArray()),
                ["cnn"] = new JsonArray(CnnBatch),
                ["regression_steps"] = regressionSteps,
            };
            var env = new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = "1" };
            (torch, string? why) = PythonSide.Run(options.Python, "torch_bench.py", request, env);
            if (why is not null) notes.Add($"PyTorch skipped: {why}");
        }

        int threadsBefore = Tf.Config.GetIntraOpThreads();
        try
        {
            // First, so that the process's peak RSS at its end is the training's alone.
            double? trainingPeak = options.MemoryRunSteps > 0 ? MemoryRun(output, options.MemoryRunSteps) : null;

            int most = options.Threads.Max();
            var cores = new List<(string When, double Scaling)>();
            if (most > 1) cores.Add(("before the GEMM rows", CoreScaling.Measure(most)));

            var table = new Table("GEMM float32 (GFLOP/s)", "m x n x k", "threads", "TapeFlow", "numpy auto", "numpy SkylakeX", "PyTorch 1t", "vs best numpy",
                "kernel, C reused", "vs best numpy");
            foreach (var (m, n, k) in gemmShapes)
            {
                var (a, b) = Workloads.GemmOperands(m, n, k);
                var kernel = Workloads.GemmIntoReusedOutput(m, n, k);
                foreach (int t in options.Threads)
                {
                    Tf.Config.SetIntraOpThreads(t);
                    double sec = Timing.BestSeconds(() => Tf.MatMul(a, b), s);
                    double ours = 2.0 * m * n * k / sec / 1e9;
                    double bare = 2.0 * m * n * k / Timing.BestSeconds(kernel, s) / 1e9;
                    double? auto = Gflops(numpy.GetValueOrDefault(("auto", t)), m, n, k);
                    double? sky = Gflops(numpy.GetValueOrDefault(("SkylakeX", t)), m, n, k);
                    double? pt = t == 1 ? Gflops(torch, m, n, k) : null;
                    double? best = Max(auto, sky);
                    table.Add($"{m}x{n}x{k}", t.ToString(Inv), F(ours), F(auto), F(sky), F(pt), Ratio(ours, best), F(bare), Ratio(bare, best));
                }
            }
            table.Write(output);
            Tf.Config.SetIntraOpThreads(1);

            var over = new Table("Per-op overhead (µs per iteration, forward + gradient, 1 thread)", "workload", "TapeFlow", "PyTorch 1t", "speed-up");
            double sq = Timing.BestSeconds(Workloads.ScalarSquare(), s) * 1e6;
            double? tsq = Seconds(torch?["scalar_square"]) * 1e6;
            over.Add("scalar x*x + gradient", F(sq), F(tsq), Ratio(tsq, sq));
            for (int i = 0; i < chains.Length; i++)
            {
                var (shape, ops) = chains[i];
                double us = Timing.BestSeconds(Workloads.Chain(shape, ops), s) * 1e6;
                double? tus = Seconds(torch?["chain"]?[i]?["seconds"]) * 1e6;
                over.Add($"{ops}-op chain on [{string.Join(",", shape)}]", F(us), F(tus), Ratio(tus, us));
            }
            over.Write(output);

            if (most > 1) cores.Add(("before the training rows", CoreScaling.Measure(most)));
            var train = new Table("MLP 784-256-128-64-32-10 training step, Adam (samples/s)", "batch", "threads", "TapeFlow", "PyTorch 1t", "speed-up",
                "vs TapeFlow 1t", "TapeFlow + SIMD Adam", "speed-up");
            for (int i = 0; i < batches.Length; i++)
            {
                double? tsec = Seconds(torch?["mlp"]?[i]?["seconds"]);
                double? tps = tsec is { } x ? batches[i] / x : null;
                double? oneThread = null;
                foreach (int t in options.Threads)
                {
                    Tf.Config.SetIntraOpThreads(t);
                    double sec = Timing.BestSeconds(Workloads.MlpStep(batches[i]), s, batches: 3);
                    double simd = Timing.BestSeconds(Workloads.MlpStepSimdAdam(batches[i]), s, batches: 3);
                    if (t == 1) oneThread = batches[i] / sec;
                    train.Add(batches[i].ToString(Inv), t.ToString(Inv), F(batches[i] / sec), F(tps), Ratio(batches[i] / sec, tps),
                        t == 1 ? "-" : Ratio(batches[i] / sec, oneThread), F(batches[i] / simd), Ratio(batches[i] / simd, tps));
                }
            }
            train.Write(output);
            Tf.Config.SetIntraOpThreads(1);
            if (most > 1)
            {
                cores.Add(("after the training rows", CoreScaling.Measure(most)));
                var check = new Table($"Core check: register-only arithmetic on {most} threads at once, speed-up over 1 thread (what the cores gave; {most}.00x on a dedicated machine)", "measured", "speed-up");
                foreach (var (when, scaling) in cores) check.Add(when, Ratio(scaling, 1));
                check.Write(output);
            }

            var cnn = new Table("Fashion CNN (conv32-pool-conv64-pool-dense128-dense10) forward + backward, 1 thread (ms per batch)", "batch", "TapeFlow", "PyTorch 1t", "speed-up");
            double cnnMs = Timing.BestSeconds(Workloads.CnnStep(CnnBatch), s, batches: 3) * 1e3;
            double? torchCnnMs = Seconds(torch?["cnn"]?[0]?["seconds"]) * 1e3;
            cnn.Add(CnnBatch.ToString(Inv), F(cnnMs), F(torchCnnMs), Ratio(torchCnnMs, cnnMs));
            cnn.Write(output);

            var reg = new Table($"SPEC item 20: linear regression, {regressionSteps} SGD steps (ms, best of 3 after warming up, both sides)", "", "TapeFlow", "PyTorch 1t", "speed-up");
            // Warm up for a second, as for every other row: the JIT promotes hot methods to optimised code after
            // ~100 ms without new tier-0 work, longer than one 10k-step run takes.
            var warm = System.Diagnostics.Stopwatch.StartNew();
            while (warm.Elapsed.TotalSeconds < 1) _ = Workloads.Regression(regressionSteps);
            double ms = double.MaxValue;
            (double A, double B) fit = default;
            for (int run = 0; run < 3; run++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                fit = Workloads.Regression(regressionSteps);
                ms = Math.Min(ms, sw.Elapsed.TotalMilliseconds);
            }
            var (ra, rb) = fit;
            double? tms = Seconds(torch?["regression"]?["seconds"]) * 1e3;
            reg.Add($"a={ra:0.00000} b={rb:0.00000}", F(ms), F(tms), Ratio(tms, ms));
            reg.Write(output);

            var rss = new Table("Peak RSS (MB)", "process", "MB");
            if (trainingPeak is { } tp) rss.Add($"TapeFlow, start of process to the end of the {options.MemoryRunSteps}-step MLP run", F(tp));
            rss.Add("TapeFlow (this process, all of the above)", F(Timing.PeakRssMb()));
            if (torch?["peak_rss_mb"] is { } tr) rss.Add("PyTorch script", F(tr.GetValue<double>()));
            if (numpy.GetValueOrDefault(("auto", 1))?["peak_rss_mb"] is { } nr) rss.Add("numpy script", F(nr.GetValue<double>()));
            rss.Write(output);
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(threadsBefore);
        }

        foreach (var (key, r) in numpy)
        {
            if (r?["info"] is { } info)
            {
                output.WriteLine($"numpy {key.Core}/{key.Threads}t: OpenBLAS core {info["openblas_core"]?.ToString() ?? "?"}, threads {info["openblas_threads"]?.ToString() ?? "?"}, numpy {info["numpy"]}");
            }
        }
        if (torch?["info"] is { } ti) output.WriteLine($"PyTorch {ti["torch"]}, threads {ti["threads"]}");
        foreach (var note in notes) output.WriteLine(note);
        return 0;
    }

    /// <summary>
    /// Trains the batch-64 MLP (Keras's Adam, intra-op threads at their default) for many steps and samples
    /// the GC heap and the resident set: flat means no leak and no growth. Returns the peak RSS so far.
    /// </summary>
    private static double MemoryRun(TextWriter output, int steps)
    {
        var table = new Table($"Memory over a long run (MLP batch 64, {steps} steps, {Tf.Config.GetIntraOpThreads()} threads)", "step", "GC heap MB", "RSS MB", "RSS vs first tenth", "gen0", "gen1", "gen2", "GC pause ms");
        var pause = GC.GetTotalPauseDuration();
        var step = Workloads.MlpStep(64);
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        int tenth = Math.Max(1, steps / 10);
        double? reference = null;
        for (int i = 1; i <= steps; i++)
        {
            step();
            if (i == 1 || i % tenth == 0)
            {
                double rss = Environment.WorkingSet / 1048576.0;
                if (i == tenth) reference = rss;
                string change = reference is { } r ? ((rss / r - 1) * 100).ToString("+0.0;-0.0", Inv) + "%" : "-";
                table.Add(i.ToString(Inv), F(GC.GetTotalMemory(false) / 1048576.0), F(rss), change,
                    (GC.CollectionCount(0) - g0).ToString(Inv), (GC.CollectionCount(1) - g1).ToString(Inv), (GC.CollectionCount(2) - g2).ToString(Inv), F((GC.GetTotalPauseDuration() - pause).TotalMilliseconds));
            }
        }
        table.Write(output);
        return Timing.PeakRssMb();
    }

    private static double? Gflops(JsonNode? result, int m, int n, int k)
    {
        if (result?["gemm"] is not JsonArray rows) return null;
        foreach (var row in rows)
        {
            if (row!["m"]!.GetValue<int>() == m && row["n"]!.GetValue<int>() == n && row["k"]!.GetValue<int>() == k) return row["gflops"]!.GetValue<double>();
        }
        return null;
    }

    private static double? Seconds(JsonNode? node) => node?.GetValue<double>();

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static string F(double? v) => v switch
    {
        null => "-",
        >= 1000 => v.Value.ToString("0", Inv),
        >= 10 => v.Value.ToString("0.0", Inv),
        _ => v.Value.ToString("0.00", Inv),
    };

    /// <summary>ours / theirs for rates; for times pass (theirs, ours).</summary>
    private static string Ratio(double? numerator, double? denominator) =>
        numerator is { } a && denominator is { } b && b > 0 ? (a / b).ToString("0.00", Inv) + "x" : "-";

    /// <summary>"AMD EPYC (family 26, model 2)" from /proc/cpuinfo: the family tells Zen 4 (25) from Zen 5 (26).</summary>
    private static string CpuName()
    {
        try
        {
            string name = "?", family = "?", model = "?";
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0) continue;
                string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
                if (key == "model name") name = value;
                else if (key == "cpu family") family = value;
                else if (key == "model") model = value;
                else if (key.Length == 0 || key == "processor" && name != "?") break;
            }
            return $"{name} (family {family}, model {model})";
        }
        catch (IOException)
        {
            return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

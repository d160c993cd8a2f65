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
        output.WriteLine($"Timing: best of 5 batches of ~{s / 5:0.###} s after {s:0.##} s of warm-up calls, the same loop in C# and Python; each row alternates the sides " +
            $"over {options.Rounds} round(s) (warm-up {s / 5:0.##} s after the first) and keeps each side's best. Ratios > 1 mean TapeFlow is faster.");
        output.WriteLine();

        var notes = new List<string>();
        var workers = new List<PythonWorker>();
        // numpy per (OpenBLAS kernel, threads), each a worker started with its environment; idle workers wait on stdin.
        var numpy = new Dictionary<(string Core, int Threads), PythonWorker>();
        PythonWorker? torch = null;
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
                    var worker = PythonWorker.Start(options.Python, "numpy_bench.py", env, out string? why);
                    if (worker is null)
                    {
                        notes.Add($"numpy ({core}, {t} thread(s)) skipped: {why}");
                        continue;
                    }
                    workers.Add(worker);
                    numpy[(core, t)] = worker;
                }
            }
            torch = PythonWorker.Start(options.Python, "torch_bench.py", new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = "1" }, out string? whyTorch);
            if (torch is null) notes.Add($"PyTorch skipped: {whyTorch}");
            else workers.Add(torch);
        }

        double Warmup(int round) => round == 0 ? s : s / 5;
        // One Python measurement: seconds per call, or null (noted) when the worker cannot answer. OpenBLAS's
        // threads spin for a while after a call; the pause keeps them off the cores the next C# measurement uses.
        JsonNode? Ask(PythonWorker? worker, JsonObject request)
        {
            var reply = worker?.Ask(request);
            if (reply is null && (worker?.LastError ?? worker?.Failure) is { } why && !notes.Contains(why)) notes.Add(why);
            return reply;
        }
        Func<int, double?> Py(PythonWorker? worker, JsonObject request, int threads = 1) => round =>
        {
            if (worker is null) return null;
            var ask = (JsonObject)request.DeepClone();
            ask["seconds"] = s;
            ask["warmup"] = Warmup(round);
            var reply = Ask(worker, ask);
            if (threads > 1) Thread.Sleep(200);
            return reply?["seconds"]?.GetValue<double>();
        };
        Func<int, double?> Ours(Action step, int batches = 5) => round => Timing.BestSeconds(step, s, batches, Warmup(round));
        // A TapeFlow side at a given intra-op thread count (set before each round: the sides of a row may differ).
        static Func<int, double?> At(int threads, Func<int, double?> side) => round =>
        {
            Tf.Config.SetIntraOpThreads(threads);
            return side(round);
        };

        int threadsBefore = Tf.Config.GetIntraOpThreads();
        try
        {
            // First, so that the process's peak RSS at its end is the training's alone.
            double? trainingPeak = options.MemoryRunSteps > 0 && options.Runs(BenchSections.Memory) ? MemoryRun(output, options.MemoryRunSteps) : null;

            int most = options.Threads.Max();
            var cores = new List<(string When, double Scaling)>();
            if (options.Runs(BenchSections.Gemm))
            {
                if (most > 1) cores.Add(("before the GEMM rows", CoreScaling.Measure(most)));

                var table = new Table("GEMM float32 (GFLOP/s)", "m x n x k", "threads", "TapeFlow", "numpy auto", "numpy SkylakeX", "PyTorch 1t", "vs best numpy",
                    "kernel, C reused", "vs best numpy");
                foreach (var (m, n, k) in gemmShapes)
                {
                    var (a, b) = Workloads.GemmOperands(m, n, k);
                    var kernel = Workloads.GemmIntoReusedOutput(m, n, k);
                    var shape = new JsonObject { ["op"] = "gemm", ["m"] = m, ["n"] = n, ["k"] = k };
                    double flops = 2.0 * m * n * k;
                    foreach (int t in options.Threads)
                    {
                        var best = Interleave.BestSeconds(options.Rounds,
                            At(t, Ours(() => Tf.MatMul(a, b))),
                            At(t, Ours(kernel)),
                            Py(numpy.GetValueOrDefault(("auto", t)), shape, t),
                            Py(numpy.GetValueOrDefault(("SkylakeX", t)), shape, t),
                            t == 1 ? Py(torch, shape) : _ => null);
                        double? Rate(double? sec) => sec is { } v ? flops / v / 1e9 : null;
                        double? ours = Rate(best[0]), bare = Rate(best[1]), auto = Rate(best[2]), sky = Rate(best[3]), pt = Rate(best[4]);
                        double? top = Max(auto, sky);
                        table.Add($"{m}x{n}x{k}", t.ToString(Inv), F(ours), F(auto), F(sky), F(pt), Ratio(ours, top), F(bare), Ratio(bare, top));
                    }
                }
                table.Write(output);
                Tf.Config.SetIntraOpThreads(1);
            }

            if (options.Runs(BenchSections.Overhead))
            {
                var over = new Table("Per-op overhead (µs per iteration, forward + gradient, 1 thread)", "workload", "TapeFlow", "PyTorch 1t", "speed-up");
                var sq = Interleave.BestSeconds(options.Rounds, Ours(Workloads.ScalarSquare()), Py(torch, new JsonObject { ["op"] = "scalar_square" }));
                over.Add("scalar x*x + gradient", F(sq[0] * 1e6), F(sq[1] * 1e6), Ratio(sq[1], sq[0]));
                foreach (var (shape, ops) in chains)
                {
                    var request = new JsonObject { ["op"] = "chain", ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()), ["ops"] = ops };
                    var ch = Interleave.BestSeconds(options.Rounds, Ours(Workloads.Chain(shape, ops)), Py(torch, request));
                    over.Add($"{ops}-op chain on [{string.Join(",", shape)}]", F(ch[0] * 1e6), F(ch[1] * 1e6), Ratio(ch[1], ch[0]));
                }
                over.Write(output);
            }

            if (options.Runs(BenchSections.Training))
            {
                if (most > 1) cores.Add(("before the training rows", CoreScaling.Measure(most)));
                var train = new Table("MLP 784-256-128-64-32-10 training step, Adam (samples/s)", "batch", "threads", "TapeFlow", "PyTorch 1t", "speed-up",
                    "vs TapeFlow 1t", "TapeFlow + SIMD Adam", "speed-up");
                foreach (int batch in batches)
                {
                    // The thread counts of one batch interleave too, so "vs TapeFlow 1t" compares neighbours in time.
                    var steps = new List<Func<int, double?>>();
                    foreach (int t in options.Threads)
                    {
                        steps.Add(At(t, Ours(Workloads.MlpStep(batch), 3)));
                        steps.Add(At(t, Ours(Workloads.MlpStepSimdAdam(batch), 3)));
                    }
                    steps.Add(Py(torch, new JsonObject { ["op"] = "mlp", ["batch"] = batch }));
                    var best = Interleave.BestSeconds(options.Rounds, [.. steps]);
                    double? Rate(double? sec) => sec is { } v ? batch / v : null;
                    double? tps = Rate(best[^1]);
                    double? oneThread = null;
                    for (int i = 0; i < options.Threads.Count; i++)
                    {
                        int t = options.Threads[i];
                        double? ours = Rate(best[2 * i]), simd = Rate(best[2 * i + 1]);
                        if (t == 1) oneThread = ours;
                        train.Add(batch.ToString(Inv), t.ToString(Inv), F(ours), F(tps), Ratio(ours, tps),
                            t == 1 ? "-" : Ratio(ours, oneThread), F(simd), Ratio(simd, tps));
                    }
                }
                train.Write(output);
                Tf.Config.SetIntraOpThreads(1);
                if (most > 1) cores.Add(("after the training rows", CoreScaling.Measure(most)));
            }
            if (cores.Count > 0)
            {
                var check = new Table($"Core check: vector multiply-adds in registers on {most} threads at once, speed-up over 1 thread (what the cores gave; {most}.00x on a dedicated machine)", "measured", "speed-up");
                foreach (var (when, scaling) in cores) check.Add(when, Ratio(scaling, 1));
                check.Write(output);
            }

            if (options.Runs(BenchSections.Cnn))
            {
                var cnn = new Table("Fashion CNN (conv32-pool-conv64-pool-dense128-dense10) forward + backward, 1 thread (ms per batch)", "batch", "TapeFlow", "PyTorch 1t", "speed-up");
                var cn = Interleave.BestSeconds(options.Rounds, Ours(Workloads.CnnStep(CnnBatch), 3), Py(torch, new JsonObject { ["op"] = "cnn", ["batch"] = CnnBatch }));
                cnn.Add(CnnBatch.ToString(Inv), F(cn[0] * 1e3), F(cn[1] * 1e3), Ratio(cn[1], cn[0]));
                cnn.Write(output);
            }

            if (options.Runs(BenchSections.Regression))
            {

                var reg = new Table($"SPEC item 20: linear regression, {regressionSteps} SGD steps (ms, best of 3 per round after warming up, both sides)", "", "TapeFlow", "PyTorch 1t", "speed-up");
                (double A, double B) fit = default;
                double? torchA = null, torchB = null;
                var rg = Interleave.BestSeconds(options.Rounds,
                    round =>
                    {
                        // Warm up for a second in the first round, as for every other row: the JIT promotes hot methods to
                        // optimised code after ~100 ms without new tier-0 work, longer than one 10k-step run takes.
                        var warm = System.Diagnostics.Stopwatch.StartNew();
                        while (warm.Elapsed.TotalSeconds < (round == 0 ? 1 : 0.2)) _ = Workloads.Regression(regressionSteps);
                        double best = double.MaxValue;
                        for (int run = 0; run < 3; run++)
                        {
                            var sw = System.Diagnostics.Stopwatch.StartNew();
                            fit = Workloads.Regression(regressionSteps);
                            best = Math.Min(best, sw.Elapsed.TotalSeconds);
                        }
                        return best;
                    },
                    _ =>
                    {
                        var reply = Ask(torch, new JsonObject { ["op"] = "regression", ["steps"] = regressionSteps, ["runs"] = 3 });
                        torchA = reply?["a"]?.GetValue<double>();
                        torchB = reply?["b"]?.GetValue<double>();
                        return reply?["seconds"]?.GetValue<double>();
                    });
                var (ra, rb) = fit;
                reg.Add($"a={ra:0.00000} b={rb:0.00000}", F(rg[0] * 1e3), F(rg[1] * 1e3), Ratio(rg[1], rg[0]));
                if (torchA is { } pa && torchB is { } pb) reg.Add($"PyTorch: a={pa:0.00000} b={pb:0.00000}", "", "", "");
                reg.Write(output);
            }

            var rss = new Table("Peak RSS (MB)", "process", "MB");
            if (trainingPeak is { } tp) rss.Add($"TapeFlow, start of process to the end of the {options.MemoryRunSteps}-step MLP run", F(tp));
            rss.Add("TapeFlow (this process, all of the above)", F(Timing.PeakRssMb()));
            if (Rss(torch) is { } tr) rss.Add("PyTorch worker", F(tr));
            if (Rss(numpy.GetValueOrDefault(("auto", 1))) is { } nr) rss.Add("numpy worker (1 thread)", F(nr));
            rss.Write(output);
        }
        finally
        {
            Tf.Config.SetIntraOpThreads(threadsBefore);
            foreach (var worker in workers) worker.Dispose();
        }

        foreach (var (key, worker) in numpy)
        {
            var info = worker.Info;
            output.WriteLine($"numpy {key.Core}/{key.Threads}t: OpenBLAS core {info?["openblas_core"]?.ToString() ?? "?"}, threads {info?["openblas_threads"]?.ToString() ?? "?"}, numpy {info?["numpy"]}");
        }
        if (torch?.Info is { } ti) output.WriteLine($"PyTorch {ti["torch"]}, threads {ti["threads"]}");
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
                string change = reference is { } r ? (Math.Round((rss / r - 1) * 100, 1) + 0.0).ToString("+0.0;-0.0;+0.0", Inv) + "%" : "-";
                table.Add(i.ToString(Inv), F(GC.GetTotalMemory(false) / 1048576.0), F(rss), change,
                    (GC.CollectionCount(0) - g0).ToString(Inv), (GC.CollectionCount(1) - g1).ToString(Inv), (GC.CollectionCount(2) - g2).ToString(Inv), F((GC.GetTotalPauseDuration() - pause).TotalMilliseconds));
            }
        }
        table.Write(output);
        return Timing.PeakRssMb();
    }

    private static double? Rss(PythonWorker? worker) => worker?.Ask(new JsonObject { ["op"] = "rss" })?["peak_rss_mb"]?.GetValue<double>();

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

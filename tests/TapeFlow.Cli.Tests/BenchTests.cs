using System.Text.Json.Nodes;
using TapeFlow.Bench;

namespace TapeFlow.Cli.Tests;

/// <summary>The bench's own plumbing: interleaved rounds, the Python worker protocol, its options. No timing is asserted.</summary>
[Collection("tapeflow command")]
public sealed class BenchTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"tapeflow-bench-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Each_round_rotates_which_side_goes_first_and_each_side_keeps_its_best()
    {
        var calls = new List<(string Side, int Round)>();
        double?[] a = [3.0, 1.0, 2.0], b = [0.5, 0.7, 0.6];
        var best = Interleave.BestSeconds(3,
            r => { calls.Add(("a", r)); return a[r]; },
            r => { calls.Add(("b", r)); return b[r]; },
            r => { calls.Add(("none", r)); return null; });

        Assert.Equal([1.0, 0.5, null], best);
        Assert.Equal(
            [("a", 0), ("b", 0), ("none", 0), ("b", 1), ("none", 1), ("a", 1), ("none", 2), ("a", 2), ("b", 2)],
            calls);
    }

    [Fact]
    public void A_missing_interpreter_is_reported_not_thrown()
    {
        string python = Path.Combine(dir, "no-such-python");
        var worker = PythonWorker.Start(python, "numpy_bench.py", new Dictionary<string, string?>(), out string? why);
        Assert.Null(worker);
        Assert.Equal($"{python} not found", why);
    }

    [Fact]
    public void The_worker_answers_line_by_line_reports_a_failed_request_and_carries_on()
    {
        // A stand-in interpreter speaking the workers' protocol: an error for op "bad", a timing otherwise.
        string fake = Script("fake-python", """
            #!/bin/sh
            while read -r line; do
              case "$line" in
                *'"bad"'*) echo '{"error": "ValueError: bad row"}' ;;
                *'"info"'*) echo '{"numpy": "fake"}' ;;
                *) echo '{"seconds": 0.25}' ;;
              esac
            done
            """);

        using var worker = PythonWorker.Start(fake, "numpy_bench.py", new Dictionary<string, string?> { ["OPENBLAS_NUM_THREADS"] = "1" }, out string? why);
        Assert.True(worker is not null, why);
        Assert.Equal("fake", worker.Info?["numpy"]?.GetValue<string>());

        Assert.Equal(0.25, worker.Ask(new JsonObject { ["op"] = "gemm", ["m"] = 2 })?["seconds"]?.GetValue<double>());
        Assert.Null(worker.Ask(new JsonObject { ["op"] = "bad" }));
        Assert.Equal("numpy_bench.py bad: ValueError: bad row", worker.LastError);
        Assert.Null(worker.Failure);
        Assert.Equal(0.25, worker.Ask(new JsonObject { ["op"] = "gemm", ["m"] = 3 })?["seconds"]?.GetValue<double>());
        Assert.Null(worker.LastError);
    }

    [Fact]
    public void A_worker_that_dies_is_a_failure_with_its_last_error_line()
    {
        string fake = Script("dying-python", "#!/bin/sh\nread -r line\necho '{\"ok\": 1}'\nread -r line\necho 'ModuleNotFoundError: No module named torch' >&2\nexit 1\n");

        using var worker = PythonWorker.Start(fake, "torch_bench.py", new Dictionary<string, string?>(), out string? why);
        Assert.True(worker is not null, why);
        Assert.Null(worker.Ask(new JsonObject { ["op"] = "mlp" }));
        Assert.Equal("ModuleNotFoundError: No module named torch", worker.Failure);
        Assert.Null(worker.Ask(new JsonObject { ["op"] = "mlp" }));
    }

    /// <summary>An executable POSIX shell script standing in for the Python interpreter.</summary>
    private string Script(string name, string text)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("these tests play Python with a POSIX shell script");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void Bench_rejects_fewer_than_one_round_by_name()
    {
        var (code, output, error) = Cli.Run("bench", "--rounds", "0", "--no-python");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("error: bench: --rounds must be at least 1, got 0", error.Trim());
    }

    [Fact]
    public void Only_names_the_tables_to_measure_and_rejects_an_unknown_one_by_name()
    {
        Assert.Equal(BenchSections.Gemm | BenchSections.Training, BenchSectionNames.Parse("gemm, Training"));
        Assert.Equal(BenchSections.All, BenchSectionNames.Parse(string.Join(",", BenchSectionNames.Names)));

        var (code, output, error) = Cli.Run("bench", "--only", "gemm,speed", "--no-python");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("error: bench: unknown bench section 'speed' (sections: memory, gemm, overhead, training, cnn, regression)", error.Trim());
    }

    [Fact]
    public void A_run_limited_to_one_table_prints_that_table_and_the_closing_memory_table_only()
    {
        var (code, output, error) = Cli.Run("bench", "--only", "regression", "--quick", "--no-python");
        Assert.True(code == 0, error);
        Assert.Contains("SPEC item 20: linear regression", output);
        Assert.Contains("Peak RSS (MB)", output);
        Assert.DoesNotContain("GEMM float32", output);
        Assert.DoesNotContain("Memory over a long run", output);
        Assert.DoesNotContain("Core check", output);
    }
}

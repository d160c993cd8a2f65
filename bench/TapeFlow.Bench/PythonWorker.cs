using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TapeFlow.Bench;

/// <summary>
/// One of bench/scripts/*.py (embedded in this assembly) running as a long-lived worker: one JSON request per
/// line on its stdin, one JSON reply per line on its stdout (bench_common.serve). Kept alive for the whole run,
/// so each row can time the Python side right next to the C# side.
/// </summary>
internal sealed class PythonWorker : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stderr = new();
    private readonly string script;

    private PythonWorker(Process process, string script)
    {
        this.process = process;
        this.script = script;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Why the worker stopped answering (it exited or wrote something unreadable); null while it works.</summary>
    public string? Failure { get; private set; }

    /// <summary>Starts <paramref name="script"/> under <paramref name="python"/>, or returns null with the reason (Python missing, the module missing, a crash at start-up).</summary>
    public static PythonWorker? Start(string python, string script, IDictionary<string, string?> environment, out string? why)
    {
        why = null;
        if (!File.Exists(python))
        {
            why = $"{python} not found";
            return null;
        }
        string dir = Path.Combine(Path.GetTempPath(), $"tapeflow-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        foreach (string name in new[] { script, "bench_common.py" }) Extract(name, dir);
        var start = new ProcessStartInfo(python, ["-u", Path.Combine(dir, script)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
        var worker = new PythonWorker(process, script);
        // The first answer also proves the imports worked.
        worker.Info = worker.Ask(new JsonObject { ["op"] = "info" });
        if (worker.Info is null)
        {
            why = worker.Failure ?? $"{script} did not answer";
            worker.Dispose();
            return null;
        }
        return worker;
    }

    /// <summary>The information the worker reported at start-up (library versions, threads, BLAS kernel).</summary>
    public JsonNode? Info { get; private set; }

    /// <summary>The worker's reply to <paramref name="request"/>; null when the request failed (the reason in <see cref="LastError"/>) or the worker is gone (<see cref="Failure"/>).</summary>
    public JsonNode? Ask(JsonObject request)
    {
        LastError = null;
        if (Failure is not null) return null;
        string? line;
        try
        {
            process.StandardInput.WriteLine(request.ToJsonString());
            process.StandardInput.Flush();
            line = process.StandardOutput.ReadLine();
        }
        catch (IOException e)
        {
            line = null;
            lock (stderr) stderr.AppendLine(e.Message);
        }
        if (line is null)
        {
            // The untimed wait also waits for stderr's last lines to arrive (the timed one does not).
            if (process.WaitForExit(5000)) process.WaitForExit();
            Failure = LastLine() ?? $"{script} exited";
            return null;
        }
        try
        {
            var reply = JsonNode.Parse(line);
            if (reply?["error"] is { } error)
            {
                LastError = $"{script} {request["op"]}: {error}";
                return null;
            }
            return reply;
        }
        catch (JsonException e)
        {
            Failure = $"unreadable output from {script}: {e.Message}";
            return null;
        }
    }

    /// <summary>Why the last <see cref="Ask"/> returned null while the worker carried on.</summary>
    public string? LastError { get; private set; }

    /// <summary>Closes the worker's stdin (it exits at end of input), killing it if it does not.</summary>
    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (IOException)
        {
        }
        process.Dispose();
    }

    private string? LastLine()
    {
        lock (stderr)
        {
            return stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        }
    }

    private static void Extract(string name, string dir)
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream($"scripts/{name}")
            ?? throw new InvalidOperationException($"bench script {name} is not embedded");
        // Written under a temporary name and renamed, so a concurrent run never imports half a file.
        string path = Path.Combine(dir, name), temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temporary)) resource.CopyTo(file);
        File.Move(temporary, path, overwrite: true);
    }
}

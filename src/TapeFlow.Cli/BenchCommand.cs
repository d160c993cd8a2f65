using System.CommandLine;
using TapeFlow.Bench;

namespace TapeFlow.Cli;

/// <summary><c>tapeflow bench</c>: TapeFlow against numpy/OpenBLAS and PyTorch, measured in one run, as one table of ratios.</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error, Option<bool> verbose)
    {
        var quick = new Option<bool>("--quick") { Description = "A short run: two GEMM sizes, short timings, a short memory run." };
        var noPython = new Option<bool>("--no-python") { Description = "Skip the numpy and PyTorch columns." };
        var python = new Option<string>("--python")
        {
            Description = "The Python with numpy and torch (apt-get install python3-numpy python3-torch libopenblas0-pthread).",
            DefaultValueFactory = _ => "/usr/bin/python3",
        };
        var rounds = new Option<int?>("--rounds") { Description = "Times each row's sides this many times, alternating them, keeping each side's best (default 2; 1 with --quick)." };
        var only = new Option<string?>("--only")
        {
            Description = $"Measure only these tables, comma-separated: {string.Join(", ", BenchSectionNames.Names)} (the peak-RSS table always closes the run).",
        };
        var command = new Command("bench",
            "Measure GEMM, per-op overhead, the MLP training step, the SPEC item 20 regression and peak memory against " +
            "numpy/OpenBLAS and PyTorch (one thread) on this machine, in one run, and print the ratios.")
        {
            quick, noPython, python, rounds, only,
        };
        command.SetAction(CommandLine.Guarded(parse =>
        {
            var baseline = parse.GetValue(quick) ? BenchOptions.Quick : new BenchOptions();
            var options = new BenchOptions
            {
                SecondsPerMeasurement = baseline.SecondsPerMeasurement,
                GemmSizes = baseline.GemmSizes,
                MemoryRunSteps = baseline.MemoryRunSteps,
                Threads = baseline.Threads,
                Rounds = parse.GetValue(rounds) is { } r ? (r >= 1 ? r : throw new UserFacingException($"bench: --rounds must be at least 1, got {r}", exitCode: 2)) : baseline.Rounds,
                Python = parse.GetValue(python) ?? baseline.Python,
                SkipPython = parse.GetValue(noPython),
                Sections = parse.GetValue(only) is { } list ? Sections(list) : BenchSections.All,
            };
            return BenchRunner.Run(output, options);
        }, verbose, error));
        return command;
    }

    private static BenchSections Sections(string list)
    {
        try
        {
            return BenchSectionNames.Parse(list);
        }
        catch (ArgumentException e)
        {
            throw new UserFacingException($"bench: {e.Message.Split(" (Parameter", 2)[0]}", exitCode: 2);
        }
    }
}

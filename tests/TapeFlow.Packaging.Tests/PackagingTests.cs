using System.IO.Compression;
using System.Xml.Linq;

namespace TapeFlow.Packaging.Tests;

/// <summary>
/// Packs src/ into a temporary folder once (with no-build: the test project's references built them) for the tests of
/// <see cref="PackagingTests"/>. Slow by nature (pack, restore, build): every step has a time limit and reports its output.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    public static readonly string[] Libraries = ["TapeFlow", "TapeFlow.Keras", "TapeFlow.Plot"];
    public const string Tool = "TapeFlow.Cli";
    public const string Version = "0.1.0";

    private readonly TempDir dir = new("tapeflow-feed");

    public PackedFeed()
    {
        Directory.CreateDirectory(Folder);
        foreach (string project in Libraries.Append(Tool))
        {
            ProcessRunner.Dotnet(Repo.Root, TimeSpan.FromMinutes(4), null,
                "pack", Repo.PathOf("src", project, project + ".csproj"), "-c", Repo.Configuration, "--no-build",
                "-o", Folder, "--disable-build-servers", "-nologo")
                .EnsureSuccess($"packing {project}");
        }
    }

    /// <summary>The local feed: one .nupkg and one .snupkg per project.</summary>
    public string Folder => dir.PathOf("feed");

    /// <summary>A folder for this class's scratch work (consumer project, package caches, tool path).</summary>
    public string Scratch(string name)
    {
        string path = dir.PathOf(name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => dir.Dispose();
}

/// <summary>The packages as a user meets them: a fresh project restores TapeFlow from the feed and runs, the tool installs and runs.</summary>
public sealed class PackagingTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(4);

    [Fact]
    public void Every_library_package_carries_readme_licence_xml_docs_and_a_symbol_package()
    {
        foreach (string id in PackedFeed.Libraries)
        {
            string nupkg = Path.Combine(feed.Folder, $"{id}.{PackedFeed.Version}.nupkg");
            string snupkg = Path.Combine(feed.Folder, $"{id}.{PackedFeed.Version}.snupkg");
            Assert.True(File.Exists(nupkg), $"{nupkg} was not produced; the feed holds: {string.Join(", ", Directory.GetFiles(feed.Folder).Select(Path.GetFileName))}");
            Assert.True(File.Exists(snupkg), $"{snupkg} was not produced");

            using var package = ZipFile.OpenRead(nupkg);
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);
            if (id == "TapeFlow") Assert.Contains("buildTransitive/TapeFlow.targets", entries);

            var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open());
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Meta(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
            Assert.Equal(PackedFeed.Version, Meta("version"));
            Assert.Equal("MIT", Meta("license"));
            Assert.Equal("README.md", Meta("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Meta("description")), $"{id} has no description");
            Assert.Contains("gradienttape", Meta("tags"), StringComparison.Ordinal);
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.StartsWith("https://github.com/", repository.Attribute("url")?.Value, StringComparison.Ordinal);

            using var symbols = ZipFile.OpenRead(snupkg);
            Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
        }
    }

    [Fact]
    public void A_fresh_console_project_restores_TapeFlow_from_the_feed_and_runs_a_GradientTape_example()
    {
        string app = feed.Scratch("consumer");
        string packages = feed.Scratch("consumer-packages");
        // TapeFlow* come from the feed only (package source mapping); everything else from the machine's package
        // cache when it has it, else from nuget.org.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var sources = new List<(string Key, string Value)> { ("tapeflow-feed", feed.Folder) };
        if (Directory.Exists(cache)) sources.Add(("machine-cache", cache));
        sources.Add(("nuget.org", "https://api.nuget.org/v3/index.json"));
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
            {string.Concat(sources.Select(s => $"    <add key=\"{s.Key}\" value=\"{s.Value}\" />\n"))}  </packageSources>
              <packageSourceMapping>
                <packageSource key="tapeflow-feed"><package pattern="TapeFlow" /><package pattern="TapeFlow.*" /></packageSource>
            {string.Concat(sources.Skip(1).Select(s => $"    <packageSource key=\"{s.Key}\"><package pattern=\"*\" /></packageSource>\n"))}  </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TapeFlow" Version="{PackedFeed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using TapeFlow;

            var x = new Variable(3.0f);
            Tensor y;
            var tape = new GradientTape();
            using (tape)
            {
                y = x * x;
            }
            Console.WriteLine(tape.Gradient(y, x));
            """);
        // An empty Directory.Build.props/Directory.Packages.props stop MSBuild from climbing into whatever holds the temp folder.
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "Directory.Build.targets"), "<Project />");
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };

        ProcessRunner.Dotnet(app, Slow, env, "build", "-c", "Release", "--disable-build-servers", "-nologo").EnsureSuccess("building the consumer project");
        string restored = Path.Combine(packages, "tapeflow", PackedFeed.Version);
        Assert.True(Directory.Exists(restored), $"TapeFlow {PackedFeed.Version} was not restored into the isolated package folder {packages}");
        var run = ProcessRunner.Dotnet(app, TimeSpan.FromMinutes(1), env, Path.Combine(app, "bin", "Release", "net10.0", "Consumer.dll"))
            .EnsureSuccess("running the consumer program");
        Assert.Equal("tf.Tensor(6.0, shape=(), dtype=float32)", run.Output.Trim());
        // The package's buildTransitive targets keep tensor buffers under 4 MB out of the large-object heap.
        string runtimeConfig = File.ReadAllText(Path.Combine(app, "bin", "Release", "net10.0", "Consumer.runtimeconfig.json"));
        Assert.Contains("\"System.GC.LOHThreshold\": 4194304", runtimeConfig, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tool_package_installs_into_a_tool_path_and_tapeflow_help_runs()
    {
        string work = feed.Scratch("tool-work");
        string toolPath = feed.Scratch("tool-path");
        File.WriteAllText(Path.Combine(work, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = feed.Scratch("tool-packages") };
        ProcessRunner.Dotnet(work, Slow, env, "tool", "install", "--tool-path", toolPath, "--add-source", feed.Folder,
            PackedFeed.Tool, "--version", PackedFeed.Version).EnsureSuccess("installing the tapeflow tool");

        string tapeflow = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "tapeflow.exe" : "tapeflow");
        Assert.True(File.Exists(tapeflow), $"the tool install did not create {tapeflow}; the tool path holds: {string.Join(", ", Directory.GetFileSystemEntries(toolPath).Select(Path.GetFileName))}");
        var help = ProcessRunner.Run(tapeflow, ["--help"], work, TimeSpan.FromMinutes(1), env).EnsureSuccess("tapeflow --help");
        Assert.Contains("Usage:", help.Output, StringComparison.Ordinal);
        Assert.Contains("train", help.Output, StringComparison.Ordinal);
        Assert.Contains("demo", help.Output, StringComparison.Ordinal);
    }
}

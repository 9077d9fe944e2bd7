using System.Text.RegularExpressions;
using AutoBuild.IntegrationTests.Infrastructure;

namespace AutoBuild.IntegrationTests;

/// <summary>
/// The real thing: the packed package with the real `autobuild` tool trains on real NAS-Bench-201 rows during
/// `dotnet build`, the generator emits Best, and the program runs. Few epochs (ToolArguments) keep it fast.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class EndToEndTests
{
    private const string FastTraining = """ToolArguments="--epochs;5" """;
    private static readonly Regex Nb201Cell = new(@"\|[a-z_0-9]+~0\|\+\|[a-z_0-9]+~0\|[a-z_0-9]+~1\|\+\|[a-z_0-9]+~0\|[a-z_0-9]+~1\|[a-z_0-9]+~2\|");
    private readonly PackageFeed _feed;

    public EndToEndTests(PackageFeed feed) => _feed = feed;

    private static string Nb201Spec => Path.Combine(PackageFeed.RepoRoot, "examples", "spaces", "nas-bench-201.space.yaml");
    private static string Nb201Labels => Path.Combine(PackageFeed.RepoRoot, "examples", "NasBench201", "nb201-labels.csv");

    private static void AssertSucceeded(DotnetResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    [Fact]
    public void Two_specs_train_Best_is_generated_the_program_runs_a_rebuild_does_not_retrain_and_clean_removes_everything()
    {
        // A path with spaces and non-ASCII characters, two specs (two spaces) in one project.
        var workspace = _feed.NewWorkspace("e2e dir é");
        var project = new TestProject(_feed, workspace, "Réseau App", $"""
            <AutoBuildSpace Include="spaces/cell a.space.yaml" Labels="données/nb201 labels.csv" TargetMetric="c10v_valid_acc_200ep" {FastTraining} />
            <AutoBuildSpace Include="spaces/cell b.space.yaml" Labels="données/nb201 labels.csv" TargetMetric="c10v_test_acc_200ep" MaxFlops="6e7" {FastTraining} />
            """, """
            using AutoBuild.Examples;
            var a = CellA.Ranked[0];
            var b = CellB.Ranked[0];
            System.Console.WriteLine($"A {CellA.Best} {a.Predicted} {a.Flops}");
            System.Console.WriteLine($"B {CellB.Best} {b.Predicted} {b.Flops}");
            """);
        var spec = File.ReadAllText(Nb201Spec);
        project.Write("spaces/cell a.space.yaml", spec.Replace("space: NasBench201", "space: CellA", StringComparison.Ordinal));
        project.Write("spaces/cell b.space.yaml", spec.Replace("space: NasBench201", "space: CellB", StringComparison.Ordinal));
        project.CopyIn(Nb201Labels, "données/nb201 labels.csv");

        var first = project.Build();
        AssertSucceeded(first);
        Assert.Equal(2, Regex.Matches(first.Output, "AutoBuild: training on").Count);

        var run = project.Run();
        AssertSucceeded(run);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var lineA = Assert.Single(lines, l => l.StartsWith("A ", StringComparison.Ordinal));
        var lineB = Assert.Single(lines, l => l.StartsWith("B ", StringComparison.Ordinal));
        Assert.Matches(Nb201Cell, lineA);
        Assert.Matches(Nb201Cell, lineB);
        Assert.True(long.Parse(lineB.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) <= 60_000_000, lineB); // the budget holds

        // A no-op rebuild skips training (MSBuild's up-to-date check on the stamp) and says nothing about reports.
        var second = project.Build();
        AssertSucceeded(second);
        Assert.DoesNotContain("AutoBuild: training on", second.Output);
        Assert.Equal(2, Regex.Matches(second.Output, "Skipping target \"_AutoBuild_Train\" because all output files are up-to-date").Count);

        AssertSucceeded(project.Clean());
        Assert.Empty(project.AutoBuildFiles());
    }

    [Fact]
    public void Spec_and_csv_errors_fail_the_build_at_their_file_line_and_column()
    {
        var workspace = _feed.NewWorkspace("e2e-errors");
        var project = new TestProject(_feed, workspace, "Errors",
            $"""<AutoBuildSpace Include="nb201.space.yaml" Labels="labels.csv" TargetMetric="c10v_valid_acc_200ep" {FastTraining} />""",
            "System.Console.WriteLine(\"never runs\");\n");
        var spec = File.ReadAllText(Nb201Spec);
        var labels = File.ReadAllLines(Nb201Labels);

        // A typo in the spec: line 14, column 17 is the op name.
        var lines = spec.Split('\n');
        Assert.Equal("  skip_connect: identity", lines[13]);
        lines[13] = "  skip_connect: identiti";
        project.Write("nb201.space.yaml", string.Join('\n', lines));
        project.Write("labels.csv", string.Join('\n', labels) + "\n");
        var specError = project.Build();
        Assert.NotEqual(0, specError.ExitCode);
        Assert.Contains($"{project.PathOf("nb201.space.yaml")}(14,17): error AB1005:", specError.Output);

        // A bad value in the CSV: row 3 (counting the header), column 1.
        project.Write("nb201.space.yaml", spec);
        var row = labels[2].Split(',');
        row[0] = "conv_9x9";
        labels[2] = string.Join(',', row);
        project.Write("labels.csv", string.Join('\n', labels) + "\n");
        var csvError = project.Build();
        Assert.NotEqual(0, csvError.ExitCode);
        Assert.Contains($"{project.PathOf("labels.csv")}(3,1): error AB2", csvError.Output);
        Assert.Contains("conv_9x9", csvError.Output);
        Assert.DoesNotContain(project.AutoBuildFiles(), f => f.EndsWith(".autobuild.json", StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_example_builds_and_runs_from_the_source_tree()
    {
        // README's main command, `dotnet run --project examples/NasBench201 -c Release`, in two steps so the build
        // runs without build servers; the example wires AutoBuild from src/ with the package's own targets.
        var project = Path.Combine(PackageFeed.RepoRoot, "examples", "NasBench201");
        var environment = new Dictionary<string, string> { ["AUTOBUILD_TOOL_ARGUMENTS"] = "--epochs;5" };
        var build = DotnetCli.Run(project, new[] { "build", "-c", PackageFeed.Configuration, "--disable-build-servers", "-nologo" }, environment);
        AssertSucceeded(build);
        var run = DotnetCli.Run(project, new[] { "run", "-c", PackageFeed.Configuration, "--no-build" }, environment);
        AssertSucceeded(run);
        Assert.Matches(new Regex("Best: " + Nb201Cell), run.Output);
        Assert.Matches(new Regex(@"(measured|predicted) c10v_valid_acc_200ep \d+\.\d\d.*true \d+\.\d\d, rank"), run.Output);
        Assert.Matches(new Regex("Best label: (" + Nb201Cell + @" measured \d+\.\d\d|below the 10 best)"), run.Output);
        Assert.Contains("Next candidates to measure (10;", run.Output);
        Assert.Contains("Importance report: " + Path.Combine(project, "bin", PackageFeed.Configuration, "net10.0", "NasBench201.report.html"), run.Output);
    }
}

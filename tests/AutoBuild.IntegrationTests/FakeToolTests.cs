using AutoBuild.IntegrationTests.Infrastructure;

namespace AutoBuild.IntegrationTests;

/// <summary>
/// The targets logic with a fake `autobuild` (Fake/fake-autobuild.sh, the Grpc.Tools fakeprotoc idea): it records
/// its response-file arguments and writes stub outputs, so these tests need no training. Real `dotnet build`,
/// real packed package.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class FakeToolTests
{
    private const string Program = "System.Console.WriteLine(\"ok\");\n";
    private readonly PackageFeed _feed;

    public FakeToolTests(PackageFeed feed) => _feed = feed;

    /// <summary>A project whose builds run the fake tool; its invocations are appended to Log.</summary>
    private (TestProject Project, string Log) Create(string name, string items, string workspaceName = "fake", string? extraProperties = null)
    {
        var workspace = _feed.NewWorkspace(workspaceName);
        var project = new TestProject(_feed, workspace, name, items, Program, extraProperties);
        var log = Path.Combine(workspace, "fake-invocations.txt");
        var dummyTool = Path.Combine(workspace, "autobuild.dll");
        File.WriteAllText(dummyTool, "not a real tool: the fake host ignores it");
        project.SetProperty("AutoBuildDotnetHostPath", Path.Combine(AppContext.BaseDirectory, "Fake", "fake-autobuild.sh"));
        project.SetProperty("AutoBuildToolPath", dummyTool);
        project.Environment["FAKE_AUTOBUILD_LOG"] = log;
        return (project, log);
    }

    private static IReadOnlyList<IReadOnlyList<string>> Invocations(string log)
    {
        if (!File.Exists(log)) return Array.Empty<IReadOnlyList<string>>();
        var result = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        foreach (var line in File.ReadAllLines(log))
        {
            if (line == "--") { result.Add(current); current = new List<string>(); }
            else current.Add(line);
        }
        return result;
    }

    private static void AssertSucceeded(DotnetResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    // A real spec (the generator and analyzer in the package compile it), renamed so several can share a project.
    private static string Spec(string spaceName) =>
        File.ReadAllText(Path.Combine(PackageFeed.RepoRoot, "examples", "spaces", "nas-bench-201.space.yaml"))
            .Replace("space: NasBench201", "space: " + spaceName, StringComparison.Ordinal);

    private static void WriteInputs(TestProject project, string spec = "space.space.yaml", string labels = "labels.csv", string spaceName = "Cells")
    {
        project.Write(spec, Spec(spaceName));
        project.Write(labels, "arch,acc\na,0.5\n");
    }

    /// <summary>A project with one spec item (space.space.yaml, labels.csv, target acc) and its input files written.</summary>
    private (TestProject Project, string Log) CreateWithOneSpec(string name)
    {
        var (project, log) = Create(name, """<AutoBuildSpace Include="space.space.yaml" Labels="labels.csv" TargetMetric="acc" />""");
        WriteInputs(project);
        return (project, log);
    }

    [UnixFact]
    public void Build_passes_item_metadata_as_one_argument_per_line_and_feeds_the_result_to_the_compiler()
    {
        var (project, log) = Create("Args", """
            <AutoBuildSpace Include="space.space.yaml" Labels="labels.csv" TargetMetric="acc*100/lat" Seed="7"
                            MaxFlops="2.5e8" MaxParams="1000000" MaxLatency="12.5" LatencyColumn="lat" ToolArguments="--epochs;3" />
            """);
        WriteInputs(project);

        var result = project.Build();
        AssertSucceeded(result);

        var call = Assert.Single(Invocations(log));
        var outDir = call[call.ToList().IndexOf("--out") + 1];
        Assert.Equal(new[]
        {
            "build", project.PathOf("space.space.yaml"), "--labels", project.PathOf("labels.csv"), "--target", "acc*100/lat",
            "--out", outDir, "--seed", "7", "--max-params", "1000000", "--max-flops", "250000000", "--max-latency", "12.5",
            "--latency-column", "lat", "--epochs", "3",
        }, call);
        Assert.StartsWith(project.PathOf(Path.Combine("obj", "Debug", "net10.0", "autobuild")), outDir, StringComparison.Ordinal);

        // The spec reaches the generator as an AdditionalFile marked AutoBuildSpace=true, the result as one marked false.
        var editorConfig = project.EditorConfig();
        Assert.Contains($"[{Path.Combine(outDir, "space.autobuild.json")}]", editorConfig);
        Assert.Contains($"[{Path.Combine(outDir, "space.autobuild.json")}]\nbuild_metadata.AdditionalFiles.AutoBuildSpace = false", editorConfig);
        Assert.Contains($"[{project.PathOf("space.space.yaml")}]\nbuild_metadata.AdditionalFiles.AutoBuildSpace = true", editorConfig);

        // Reports are copied next to the build output and their path is printed once.
        var report = project.PathOf(Path.Combine("bin", "Debug", "net10.0", "space.report.html"));
        Assert.True(File.Exists(report), report);
        Assert.Single(result.Output.Split('\n'), line => line.Contains("AutoBuild: report: " + report, StringComparison.Ordinal));
    }

    [UnixFact]
    public void Second_build_is_up_to_date_touching_an_input_does_not_rerun_and_a_change_does()
    {
        var (project, log) = CreateWithOneSpec("Incremental");
        AssertSucceeded(project.Build());
        Assert.Single(Invocations(log));

        // No change: MSBuild skips the target (inputs older than the stamp), the tool does not run.
        var second = project.Build();
        AssertSucceeded(second);
        Assert.Contains("Skipping target \"_AutoBuild_Train\" because all output files are up-to-date", second.Output);
        Assert.DoesNotContain("AutoBuild: report:", second.Output);
        Assert.Single(Invocations(log));

        // Touched but unchanged: the target runs, the content hash matches, the tool does not run.
        File.SetLastWriteTimeUtc(project.PathOf("labels.csv"), DateTime.UtcNow.AddSeconds(2));
        var touched = project.Build();
        AssertSucceeded(touched);
        Assert.Contains("is unchanged (content hash", touched.Output);
        Assert.Single(Invocations(log));
        // ... and the timestamps were refreshed, so the next build is a plain up-to-date skip again.
        Assert.Contains("Skipping target \"_AutoBuild_Train\"", project.Build().Output);

        // Changed content: the tool runs again.
        project.Write("labels.csv", "arch,acc\na,0.5\nb,0.6\n");
        AssertSucceeded(project.Build());
        Assert.Equal(2, Invocations(log).Count);

        // A deleted output is regenerated.
        var json = project.AutoBuildFiles().Single(f => f.EndsWith("space.autobuild.json", StringComparison.Ordinal));
        File.Delete(project.PathOf(json));
        AssertSucceeded(project.Build());
        Assert.Equal(3, Invocations(log).Count);
        Assert.True(File.Exists(project.PathOf(json)));
    }

    [UnixFact]
    public void Tool_diagnostics_become_build_errors_at_their_file_line_and_column()
    {
        var (project, _) = Create("SpecError", """<AutoBuildSpace Include="bad.space.yaml" Labels="labels.csv" TargetMetric="acc" />""");
        WriteInputs(project, spec: "bad.space.yaml");
        project.Write("bad.space.yaml", Spec("Bad") + "# FAKE_SPEC_ERROR\n");

        var result = project.Build();
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{project.PathOf("bad.space.yaml")}(2,3): error AB1999: fake spec error", result.Output);
        // A failed run leaves no stamp, so the next build tries again.
        Assert.DoesNotContain(project.AutoBuildFiles(), f => f.EndsWith("autobuild.stamp", StringComparison.Ordinal));

        // A diagnostic without a file of its own (an infeasible budget) is placed at the spec, not at "autobuild".
        project.Write("bad.space.yaml", Spec("Bad") + "# FAKE_UNLOCATED_ERROR\n");
        var unlocated = project.Build();
        Assert.NotEqual(0, unlocated.ExitCode);
        Assert.True(unlocated.Output.Contains($"{project.PathOf("bad.space.yaml")} : error AB4001: fake budget nothing meets", StringComparison.Ordinal), unlocated.ToString());
        Assert.DoesNotContain("autobuild : error", unlocated.Output);
    }

    [UnixFact]
    public void Invalid_metadata_is_a_coded_error_naming_the_knob()
    {
        var cases = new (string Metadata, string Code, string Knob)[]
        {
            ("""Labels="labels.csv" """, "AB5004", "TargetMetric"),
            ("""TargetMetric="acc" """, "AB5001", "Labels"),
            ("""Labels="missing.csv" TargetMetric="acc" """, "AB5003", "Labels"),
            ("""Labels="obj" TargetMetric="acc" """, "AB5003", "is a directory"),
            ("""Labels="labels.csv" TargetMetric="acc" MaxFlops="lots" """, "AB5005", "MaxFlops"),
            ("""Labels="labels.csv" TargetMetric="acc" Seed="-1" """, "AB5005", "Seed"),
            ("""Labels="labels.csv" TargetMetric="acc" Train="maybe" """, "AB5006", "Train"),
            ("""Labels="labels.csv" TargetMetric="acc" MaxLatency="5" """, "AB5007", "LatencyColumn"),
        };
        // One item per case, each with its own spec: every item is checked, and each error names its item.
        var items = string.Join("\n", cases.Select((c, i) => $"""<AutoBuildSpace Include="s{i}.space.yaml" {c.Metadata} />"""));
        var (project, log) = Create("Invalid", items);
        WriteInputs(project);
        for (var i = 0; i < cases.Length; i++) project.Write($"s{i}.space.yaml", "space: S\n");

        var result = project.Build();
        Assert.NotEqual(0, result.ExitCode);
        var errors = result.Output.Split('\n').Where(l => l.Contains(": error AB5", StringComparison.Ordinal)).ToList();
        for (var i = 0; i < cases.Length; i++)
        {
            var (_, code, knob) = cases[i];
            var error = errors.FirstOrDefault(l => l.Contains($"error {code}:", StringComparison.Ordinal) && l.Contains($"'s{i}.space.yaml'", StringComparison.Ordinal));
            Assert.True(error != null, $"no {code} for case {i}:\n{result}");
            Assert.Contains(knob, error);
            Assert.StartsWith(project.ProjectFile, error.Trim().Replace("1>", ""), StringComparison.Ordinal);
        }
        Assert.Empty(Invocations(log));
    }

    [UnixFact]
    public void Invalid_global_switches_are_coded_errors_naming_the_property()
    {
        var (project, _) = CreateWithOneSpec("InvalidGlobal");
        var timeout = project.Build("-p:AutoBuildTimeoutSeconds=soon");
        Assert.Contains("error AB5005: AutoBuildTimeoutSeconds 'soon'", timeout.Output);
        project.Environment["AUTOBUILD_TRAIN"] = "yes";
        var train = project.Build();
        Assert.Contains("error AB5006: AutoBuildTrain 'yes'", train.Output);
    }

    [UnixFact]
    public void Missing_tool_is_an_error_that_names_the_override()
    {
        var (project, _) = CreateWithOneSpec("NoTool");
        var result = project.Build("-p:AutoBuildToolPath=" + project.PathOf("nowhere/autobuild.dll"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error AB5009", result.Output);
        Assert.Contains("AUTOBUILD_TOOL_PATH", result.Output);
    }

    [UnixFact]
    public void Design_time_builds_and_disabled_training_never_run_the_tool_and_reuse_the_last_result()
    {
        var (project, log) = CreateWithOneSpec("DesignTime");

        // No previous result: a design-time build stays quiet, a build with training off warns.
        AssertSucceeded(project.Build("-p:DesignTimeBuild=true"));
        Assert.Empty(Invocations(log));
        var off = project.Build("-p:AutoBuildTrain=false");
        AssertSucceeded(off);
        Assert.Contains("warning AB5014", off.Output);
        Assert.Empty(Invocations(log));

        AssertSucceeded(project.Build());
        Assert.Single(Invocations(log));

        // Inputs change, but design-time builds and AUTOBUILD_TRAIN=false keep the previous result.
        project.Write("labels.csv", "arch,acc\na,0.9\n");
        AssertSucceeded(project.Build("-p:DesignTimeBuild=true"));
        project.Environment["AUTOBUILD_TRAIN"] = "false";
        var disabled = project.Build();
        AssertSucceeded(disabled);
        Assert.DoesNotContain("warning AB5014", disabled.Output);
        Assert.Single(Invocations(log));
        Assert.Contains("AutoBuildSpace = false", project.EditorConfig());
    }

    [UnixFact]
    public void Clean_removes_everything_autobuild_wrote()
    {
        var (project, _) = CreateWithOneSpec("Clean");
        AssertSucceeded(project.Build());
        Assert.NotEmpty(project.AutoBuildFiles());
        var report = project.PathOf(Path.Combine("bin", "Debug", "net10.0", "space.report.md"));
        Assert.True(File.Exists(report));

        AssertSucceeded(project.Clean());
        Assert.Empty(project.AutoBuildFiles());
        Assert.False(File.Exists(report));
        Assert.True(File.Exists(project.PathOf("space.space.yaml")) && File.Exists(project.PathOf("labels.csv")));
    }

    [UnixFact]
    public void Same_named_specs_in_two_folders_and_two_specs_in_one_project_do_not_collide()
    {
        var (project, log) = Create("TwoSpecs", """
            <AutoBuildSpace Include="a/space.space.yaml" Labels="a/labels.csv" TargetMetric="acc" ReportDir="" />
            <AutoBuildSpace Include="b/space.space.yaml" Labels="b/labels.csv" TargetMetric="acc" ReportDir="" />
            <AutoBuildSpace Include="other.space.yaml" Labels="a/labels.csv" TargetMetric="acc" />
            """);
        WriteInputs(project, "a/space.space.yaml", "a/labels.csv", "CellsA");
        WriteInputs(project, "b/space.space.yaml", "b/labels.csv", "CellsB");
        project.Write("other.space.yaml", Spec("Other"));
        AssertSucceeded(project.Build());

        Assert.Equal(3, Invocations(log).Count);
        var results = project.AutoBuildFiles().Where(f => f.EndsWith(".autobuild.json", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal(3, results.Select(Path.GetDirectoryName).Distinct().Count());
        Assert.Equal(3, project.EditorConfig().Split('\n').Count(l => l.Contains("AutoBuildSpace = false", StringComparison.Ordinal)));

        // Only the changed spec retrains.
        project.Write("b/labels.csv", "arch,acc\nz,0.1\n");
        AssertSucceeded(project.Build());
        var calls = Invocations(log);
        Assert.Equal(4, calls.Count);
        Assert.Equal(project.PathOf(Path.Combine("b", "space.space.yaml")), calls[3][1]);
    }

    [UnixFact]
    public void Paths_with_spaces_and_non_ascii_characters_work()
    {
        var (project, log) = Create("Ünïcode Prøject", """<AutoBuildSpace Include="my spaces/réseau ä.space.yaml" Labels="mes données/labels @1.csv" TargetMetric="acc" />""",
            workspaceName: "dir with spaces é");
        WriteInputs(project, "my spaces/réseau ä.space.yaml", "mes données/labels @1.csv");
        var result = project.Build();
        AssertSucceeded(result);
        var call = Assert.Single(Invocations(log));
        Assert.Equal(project.PathOf(Path.Combine("my spaces", "réseau ä.space.yaml")), call[1]);
        Assert.Equal(project.PathOf(Path.Combine("mes données", "labels @1.csv")), call[3]);
        Assert.Contains(project.AutoBuildFiles(), f => f.EndsWith("réseau ä.autobuild.json", StringComparison.Ordinal));
        Assert.Contains("Skipping target \"_AutoBuild_Train\"", project.Build().Output);
    }
}

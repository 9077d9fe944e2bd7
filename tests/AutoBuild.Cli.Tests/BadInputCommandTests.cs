using AutoBuild.Cli.Commands;
using AutoBuild.Learning.Build;
using AutoBuild.Spec;

namespace AutoBuild.Cli.Tests;

/// <summary>Issue 13 reproducers that reach the commands: each is now a correct result or one diagnostic with exit 1.</summary>
public sealed class BadInputCommandTests
{
    private static (int Code, string Out, string Err) Build(string spec, string labels, string outDir, BuildOptions options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = BuildCommand.Run(spec, labels, outDir, options, stdout, stderr, interactive: false, null);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Class3_inspect_of_a_DAG_whose_corners_cannot_be_built_shows_a_buildable_one()
    {
        using var files = new CliTestFiles();
        var spec = files.Write("x.space.yaml", "space: X\ndag: { nodes: 3, max_edges: 1, ops: [bn] }\nnetwork: [dag]\n");
        var (exit, output, err) = CliRunner.Run("inspect", spec);
        Assert.True(exit == 0, err);
        Assert.Contains("size: at most 8 architectures", output);
        Assert.Contains("1 edges after pruning", output);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(CellMethod.Prune)]
    public void Class5_build_on_NAS_Bench_101_works_with_either_cell_method(CellMethod? method)
    {
        using var files = new CliTestFiles();
        var spec = CliTestFiles.Example("nas-bench-101.space.yaml");
        var sample = new StringWriter();
        Assert.Equal(0, SampleCommand.Run(spec, 40, 3, null, null, null, sample, new StringWriter()));
        var lines = sample.ToString().TrimEnd('\n').Split('\n');
        var labels = files.Write("labels.csv", string.Join("\n", lines.Select((l, i) => l + "," + (i == 0 ? "acc" : (80 + (i * 37 % 17)).ToString()))) + "\n");
        var options = new BuildOptions { Target = "acc", Seed = 1, Epochs = 3, Ensemble = 1 };
        if (method is { } m) options.CellMethod = m;
        var (code, _, err) = Build(spec, labels, files.Dir, options);
        Assert.True(code == 0, err);
        Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(Path.Combine(files.Dir, "NasBench101.autobuild.json")), out var result, out _));
        var space = SpecCompiler.CompileFile(spec).Space!;
        foreach (var entry in result!.Best.Concat(result.Candidates)) space.Instantiate(space.Parse(entry.Arch));
    }

    [Fact]
    public void Class8_a_stage_with_millions_of_configurations_is_sampled_with_AB4011_not_out_of_memory()
    {
        using var files = new CliTestFiles();
        // Only the first stage deepened: 48 million configurations there, 7,371 in the others.
        var original = File.ReadAllText(CliTestFiles.Example("ofa-mobilenetv3.space.yaml"));
        var at = original.IndexOf("depth: { choose: [2, 3, 4] }", StringComparison.Ordinal);
        var text = original[..at] + "depth: { choose: [2, 3, 4, 5, 6, 7, 8] }" + original[(at + "depth: { choose: [2, 3, 4] }".Length)..];
        var spec = files.Write("ofa.space.yaml", text);
        var sample = new StringWriter();
        Assert.Equal(0, SampleCommand.Run(spec, 20, 1, null, null, null, sample, new StringWriter()));
        var lines = sample.ToString().TrimEnd('\n').Split('\n');
        var labels = files.Write("labels.csv", string.Join("\n", lines.Select((l, i) => l + "," + (i == 0 ? "acc" : (70 + i).ToString()))) + "\n");
        var (code, _, err) = Build(spec, labels, files.Dir, new BuildOptions { Target = "acc", Seed = 1, Epochs = 1, Ensemble = 1 });
        Assert.Equal(0, code);
        Assert.Contains("warning AB4011: stage s1 has 48,427,551 configurations, more than the 100,000 a build scores one by one; it scores a uniform sample of 20,000", err);
        Assert.DoesNotContain("stage s2 has", err);
        Assert.Single(Directory.GetFiles(files.Dir, "*.autobuild.json"));
    }

    [Fact]
    public void Class13_outputs_are_replaced_as_a_set_with_the_json_last()
    {
        using var files = new CliTestFiles();
        var spec = CliTestFiles.Example("nas-bench-201.space.yaml");
        var sample = new StringWriter();
        Assert.Equal(0, SampleCommand.Run(spec, 30, 5, null, null, null, sample, new StringWriter()));
        var lines = sample.ToString().TrimEnd('\n').Split('\n');
        var labels = files.Write("labels.csv", string.Join("\n", lines.Select((l, i) => l + "," + (i == 0 ? "acc" : (60 + i * 7 % 31).ToString()))) + "\n");
        var outDir = Path.Combine(files.Dir, "out");
        var first = Build(spec, labels, outDir, new BuildOptions { Target = "acc", Seed = 1, Epochs = 2, Ensemble = 1 });
        Assert.True(first.Code == 0, first.Err);
        var json = Path.Combine(outDir, "NasBench201.autobuild.json");
        var reports = new[] { "NasBench201.report.md", "NasBench201.report.html" }.Select(f => Path.Combine(outDir, f)).ToArray();
        var before = reports.Select(File.ReadAllBytes).ToArray();

        // The JSON cannot be replaced (a directory stands in its place): the run fails before any report is touched.
        File.Delete(json);
        Directory.CreateDirectory(json);
        var second = Build(spec, labels, outDir, new BuildOptions { Target = "acc", Seed = 2, Epochs = 2, Ensemble = 1 });
        Assert.Equal(1, second.Code);
        Assert.Contains("cannot write the outputs", second.Err);
        Assert.Equal(before, reports.Select(File.ReadAllBytes).ToArray());
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
    }

    [Fact]
    public void Class9_inspect_of_a_deep_cell_space_skips_the_exact_range_instead_of_instantiating_for_a_minute()
    {
        // NAS-Bench-201 with 100 cells per stack: 15,625 architectures of ~3,000 plan nodes each is over the budget
        // (repeat: 1000 took 53 s and is now AB1012); NAS-Bench-201 itself keeps its exact range.
        using var files = new CliTestFiles();
        var text = File.ReadAllText(CliTestFiles.Example("nas-bench-201.space.yaml")).Replace("repeat: 5", "repeat: 100");
        var (exit, output, err) = CliRunner.Run("inspect", files.Write("deep.space.yaml", text));
        Assert.True(exit == 0, err);
        Assert.Contains("(every decision at its first value)", output);
        Assert.Contains("(exact, over all architectures)", CliRunner.Run("inspect", CliTestFiles.Example("nas-bench-201.space.yaml")).Out);
        var (tooDeep, _, tooDeepErr) = CliRunner.Run("validate", files.Write("deeper.space.yaml", text.Replace("repeat: 100", "repeat: 1000")));
        Assert.Equal(1, tooDeep);
        Assert.Contains("error AB1012: 'repeat' must be between 1 and 100", tooDeepErr);
    }

    [Fact]
    public void Class8_sample_count_is_limited_before_anything_is_allocated()
    {
        var error = new StringWriter();
        var code = SampleCommand.Run(CliTestFiles.Example("nas-bench-201.space.yaml"), 2_000_000_000, 0, null, null, null, new StringWriter(), error);
        Assert.Equal(1, code);
        Assert.Contains($"-n must be at most {SampleCommand.MaxCount:N0}", error.ToString());
    }
}

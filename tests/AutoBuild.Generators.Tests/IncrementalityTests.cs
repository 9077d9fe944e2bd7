using AutoBuild.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoBuild.Generators.Tests;

/// <summary>Tracked-step assertions in the style of Mapperly's IncrementalGeneratorTest: what each kind of edit
/// re-runs, and that outputs are reused whenever the generated code cannot have changed.</summary>
public class IncrementalityTests
{
    private static (GeneratorDriver Driver, Compilation Compilation, AdditionalText Spec) FirstRun()
    {
        var spec = GeneratorHarness.SpecFile(TestPaths.Spec("tiny-macro.space.yaml"));
        var compilation = GeneratorHarness.Consumer(null, "namespace Consumer.App { public class Program { } }");
        var driver = GeneratorHarness.CreateDriver(new[] { spec }).RunGenerators(compilation);
        var first = driver.GetRunResult().Results[0];
        Assert.Equal(IncrementalStepRunReason.New, Reason(first, AutoBuildStepNames.Spaces));
        return (driver, compilation, spec);
    }

    private static IncrementalStepRunReason Reason(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).Distinct().Single();

    [Fact]
    public void Editing_a_yaml_comment_leaves_the_generated_output_unchanged()
    {
        var (driver, compilation, spec) = FirstRun();
        var edited = new MemoryAdditionalText(spec.Path, spec.GetText()!.ToString().Replace("# A small macro space", "# An edited comment on a small macro space"));
        driver = driver.ReplaceAdditionalText(spec, edited).RunGenerators(compilation);
        var result = driver.GetRunResult().Results[0];
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, AutoBuildStepNames.SpecFiles));
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reason(result, AutoBuildStepNames.Spaces));
    }

    [Fact]
    public void Editing_an_unrelated_csharp_file_reuses_every_output()
    {
        var (driver, compilation, _) = FirstRun();
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText("namespace Consumer.App { public class Program { public int X; } }", TestCompiler.ParseOptions));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results[0];
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reason(result, AutoBuildStepNames.TorchSharp));
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, AutoBuildStepNames.SpecFiles));
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, AutoBuildStepNames.Spaces));
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, AutoBuildStepNames.TorchSharpLayers));
    }

    [Fact]
    public void Changing_a_choice_regenerates_the_space()
    {
        var (driver, compilation, spec) = FirstRun();
        var edited = new MemoryAdditionalText(spec.Path, spec.GetText()!.ToString().Replace("kernel: { choose: [3, 5] }", "kernel: { choose: [3, 7] }"));
        driver = driver.ReplaceAdditionalText(spec, edited).RunGenerators(compilation);
        var result = driver.GetRunResult().Results[0];
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, AutoBuildStepNames.Spaces));
        Assert.Contains("new int[] { 3, 7 }", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Adding_results_adds_a_results_file_and_leaves_the_space_file_cached()
    {
        var spec = GeneratorHarness.SpecFile(TestPaths.Spec("tiny-cell.space.yaml"));
        var compilation = GeneratorHarness.Consumer();
        var driver = GeneratorHarness.CreateDriver(new[] { spec }).RunGenerators(compilation);
        Assert.DoesNotContain("Best", driver.GetRunResult().GeneratedTrees.Single().ToString());
        driver = driver.AddAdditionalTexts(System.Collections.Immutable.ImmutableArray.Create<AdditionalText>(GeneratorHarness.SpecFile(TestPaths.Spec("TinyCell.autobuild.json"))))
            .RunGenerators(compilation);
        var result = driver.GetRunResult().Results[0];
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, AutoBuildStepNames.CompiledSpecs));
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, AutoBuildStepNames.Spaces));
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(result, AutoBuildStepNames.SpaceResults));
        Assert.Equal(new[] { "Consumer.App.TinyCell.Results.g.cs", "Consumer.App.TinyCell.g.cs" }, result.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));
        Assert.Contains("public static Architecture Best", result.GeneratedSources.Single(s => s.HintName.EndsWith(".Results.g.cs", StringComparison.Ordinal)).SourceText.ToString());
    }

    [Fact]
    public void Rewriting_one_results_file_re_emits_only_its_own_results_without_compiling_a_spec()
    {
        var results = GeneratorHarness.SpecFile(TestPaths.Spec("TinyCell.autobuild.json"));
        var files = new AdditionalText[] { GeneratorHarness.SpecFile(TestPaths.Spec("tiny-macro.space.yaml")), GeneratorHarness.SpecFile(TestPaths.Spec("tiny-cell.space.yaml")), results };
        var compilation = GeneratorHarness.Consumer();
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);
        // Only whitespace changes (a rebuild rewrites the file): TinyCell's results are emitted again, to the same
        // text; no spec is compiled and no space file emitted again.
        var edited = new MemoryAdditionalText(results.Path, results.GetText()!.ToString() + "\n");
        driver = driver.ReplaceAdditionalText(results, edited).RunGenerators(compilation);
        var result = driver.GetRunResult().Results[0];
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, AutoBuildStepNames.CompiledSpecs));
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(result, AutoBuildStepNames.Spaces));
        var outputs = result.TrackedSteps[AutoBuildStepNames.SpaceResults].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, outputs.Count);
        Assert.Equal(IncrementalStepRunReason.Cached, outputs.Single(o => o.Value is null).Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, outputs.Single(o => o.Value is not null).Reason);
    }
}

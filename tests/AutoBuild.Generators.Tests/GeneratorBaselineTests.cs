using AutoBuild.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoBuild.Generators.Tests;

/// <summary>The generated files, compared with checked-in baselines under Baselines/&lt;case&gt;/. Set
/// AUTOBUILD_UPDATE_BASELINES=1 to rewrite them after an intended change (then review the diff).</summary>
public class GeneratorBaselineTests
{
    public static TheoryData<string, string[], string?> Cases => new()
    {
        // case, spec files (+ results), TorchSharp version (null = not referenced)
        { "TinyMacro", new[] { "tiny-macro.space.yaml" }, null },
        { "TinyCellWithResultsAndTorchSharp", new[] { "tiny-cell.space.yaml", "TinyCell.autobuild.json" }, "0.106" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_files_match_the_baselines(string name, string[] files, string? torch)
    {
        var additional = files.Select(f => GeneratorHarness.SpecFile(TestPaths.Spec(f))).ToArray();
        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Consumer(torch is null ? null : TorchSharpSurface.Version(torch)), additional);
        TestCompiler.AssertClean(output);

        var generated = result.Results.Single().GeneratedSources;
        var dir = Path.Combine(TestPaths.TestProject, "Baselines", name);
        if (Environment.GetEnvironmentVariable("AUTOBUILD_UPDATE_BASELINES") == "1")
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Directory.CreateDirectory(dir);
            foreach (var g in generated) File.WriteAllText(Path.Combine(dir, g.HintName + ".txt"), g.SourceText.ToString());
        }
        var expected = Directory.GetFiles(dir, "*.txt").Select(Path.GetFileName).Select(f => f![..^4]).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(expected, generated.Select(g => g.HintName).OrderBy(h => h, StringComparer.Ordinal));
        foreach (var g in generated)
            Assert.Equal(File.ReadAllText(Path.Combine(dir, g.HintName + ".txt")), g.SourceText.ToString());
    }

    [Fact]
    public void Output_is_byte_identical_across_runs_and_independent_of_the_spec_folder()
    {
        var text = File.ReadAllText(TestPaths.Spec("tiny-macro.space.yaml"));
        var a = GeneratorHarness.Run(GeneratorHarness.Consumer(), new[] { new MemoryAdditionalText("/one/place/tiny-macro.space.yaml", text) }).Result;
        var b = GeneratorHarness.Run(GeneratorHarness.Consumer(), new[] { new MemoryAdditionalText("/another/folder/tiny-macro.space.yaml", text) }).Result;
        Assert.Equal(a.GeneratedTrees.Single().ToString(), b.GeneratedTrees.Single().ToString());
        Assert.Equal(a.Results[0].GeneratedSources[0].HintName, b.Results[0].GeneratedSources[0].HintName);
    }

    [Fact]
    public void Namespace_comes_from_the_spec_else_the_root_namespace()
    {
        var files = new[] { GeneratorHarness.SpecFile(TestPaths.Spec("tiny-macro.space.yaml")), GeneratorHarness.SpecFile(TestPaths.Spec("tiny-cell.space.yaml")) };
        var (_, output, _) = GeneratorHarness.Run(GeneratorHarness.Consumer(), files, GeneratorHarness.Options("My.Root"));
        Assert.NotNull(output.GetTypeByMetadataName("Tests.Generated.TinyMacro"));
        Assert.NotNull(output.GetTypeByMetadataName("My.Root.TinyCell"));
        Assert.NotNull(output.GetTypeByMetadataName("My.Root.TinyCell+Architecture"));
    }

    [Fact]
    public void Files_are_specs_by_metadata_or_by_the_space_yaml_convention()
    {
        var text = File.ReadAllText(TestPaths.Spec("tiny-cell.space.yaml"));
        var marked = new MemoryAdditionalText("/p/cells.yaml", text);
        var plain = new MemoryAdditionalText("/p/other.yaml", text.Replace("TinyCell", "OtherCell"));
        var optedOut = new MemoryAdditionalText("/p/skip.space.yaml", text.Replace("TinyCell", "SkippedCell"));
        var options = GeneratorHarness.Options(perFile: new()
        {
            ["/p/cells.yaml"] = new() { ["build_metadata.AdditionalFiles.AutoBuildSpace"] = "true" },
            ["/p/skip.space.yaml"] = new() { ["build_metadata.AdditionalFiles.AutoBuildSpace"] = "false" },
        });
        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Consumer(), new[] { marked, plain, optedOut }, options);
        Assert.Equal(new[] { "Consumer.App.TinyCell.g.cs" }, result.Results[0].GeneratedSources.Select(s => s.HintName));
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.App.TinyCell"));
    }

    [Fact]
    public void An_invalid_spec_gives_no_output_and_no_generator_diagnostic()
    {
        var bad = new MemoryAdditionalText("/p/bad.space.yaml", "space: Bad\nnetwork:\n  - conv: { kernel: [3 }\n");
        var good = GeneratorHarness.SpecFile(TestPaths.Spec("tiny-cell.space.yaml"));
        var (_, _, result) = GeneratorHarness.Run(GeneratorHarness.Consumer(), new[] { bad, good });
        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Results[0].Exception);
        Assert.Equal(new[] { "Consumer.App.TinyCell.g.cs" }, result.Results[0].GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void Results_for_another_space_or_stale_architectures_are_ignored()
    {
        var spec = GeneratorHarness.SpecFile(TestPaths.Spec("tiny-cell.space.yaml"));
        var json = File.ReadAllText(TestPaths.Spec("TinyCell.autobuild.json"));
        var misnamed = new MemoryAdditionalText("/p/Other.autobuild.json", json);
        var stale = new MemoryAdditionalText("/p/TinyCell.autobuild.json", json.Replace("conv_3x3", "conv_5x5"));
        var (_, output, _) = GeneratorHarness.Run(GeneratorHarness.Consumer(), new[] { spec, misnamed, stale });
        TestCompiler.AssertClean(output);
        var space = output.GetTypeByMetadataName("Consumer.App.TinyCell")!;
        Assert.Empty(space.GetMembers("Best"));
        Assert.NotEmpty(space.GetMembers("Sample"));
    }
    [Fact]
    public void A_results_file_that_cannot_be_used_is_a_warning_at_that_file_not_a_silent_missing_Best()
    {
        var spec = GeneratorHarness.SpecFile(TestPaths.Spec("tiny-cell.space.yaml"));
        var json = File.ReadAllText(TestPaths.Spec("TinyCell.autobuild.json"));
        var truncated = json.Substring(0, json.Length / 2);
        var cases = new[]
        {
            // Cut in the middle: the error is at the end of the text, located at its line.
            (Text: truncated, Why: "cannot be read: unexpected end of input", Line: truncated.Split('\n').Length - 1),
            (Text: json.Replace("\"space\": \"TinyCell\"", "\"space\": \"Other\""), Why: "holds the results of space 'Other'", Line: 0),
        };
        Assert.NotEqual(json, cases[1].Text);
        foreach (var (text, why, line) in cases)
        {
            var results = new MemoryAdditionalText("/p/TinyCell.autobuild.json", text);
            GeneratorHarness.CreateDriver(new[] { spec, results }).RunGeneratorsAndUpdateCompilation(GeneratorHarness.Consumer(), out var output, out var diagnostics);
            var warning = Assert.Single(diagnostics);
            Assert.Equal("AB5015", warning.Id);
            Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
            var at = warning.Location.GetLineSpan();
            Assert.Equal("/p/TinyCell.autobuild.json", at.Path);
            Assert.Equal(line, at.StartLinePosition.Line);
            Assert.Contains(why, warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            TestCompiler.AssertClean(output);
            Assert.Empty(output.GetTypeByMetadataName("Consumer.App.TinyCell")!.GetMembers("Best"));
        }
    }
}

/// <summary>The typed space (without TorchSharp, which needs .NET 6+ anyway) compiles for C# 8 consumers such as
/// netstandard2.0 libraries that enable nullable reference types.</summary>
public class LanguageVersionTests
{
    [Fact]
    public void Generated_space_code_compiles_as_csharp_8()
    {
        var files = new[] { GeneratorHarness.SpecFile(TestPaths.Spec("tiny-macro.space.yaml")), GeneratorHarness.SpecFile(TestPaths.Spec("tiny-cell.space.yaml")),
            GeneratorHarness.SpecFile(TestPaths.Spec("TinyCell.autobuild.json")) };
        var options = TestCompiler.ParseOptions.WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Cs8", new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace C { }", options) },
            Basic.Reference.Assemblies.NetStandard20.References.All.Append(TestCompiler.RuntimeReference),
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: Microsoft.CodeAnalysis.NullableContextOptions.Enable));
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { new AutoBuildGenerator().AsSourceGenerator() }, files, options, GeneratorHarness.Options());
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        // TinyMacro, TinyCell and TinyCell's results.
        Assert.Equal(3, output.SyntaxTrees.Count() - 1);
        TestCompiler.AssertClean(output);
    }
}

using System.Collections.Immutable;
using AutoBuild.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoBuild.Generators.Tests;

/// <summary>Spec errors become compiler diagnostics at the YAML line and column, with the CLI's codes.</summary>
public class SpecAnalyzerTests
{
    private static async Task<ImmutableArray<Diagnostic>> Analyze(AdditionalText file, AnalyzerConfigOptionsProvider? options = null) =>
        await GeneratorHarness.Consumer().WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SpecAnalyzer()),
            new AnalyzerOptions(ImmutableArray.Create(file), options ?? GeneratorHarness.Options())).GetAnalyzerDiagnosticsAsync();

    [Fact]
    public async Task An_unknown_key_is_an_error_at_its_line_and_column()
    {
        var spec = "space: T\nclasses: 10\nnetwork:\n  - conv: { out: 8, kernel: 3, strid: 2 }\n";
        var diagnostics = await Analyze(new MemoryAdditionalText("/p/t.space.yaml", spec));
        var d = Assert.Single(diagnostics);
        Assert.Equal("AB1002", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        var span = d.Location.GetLineSpan();
        Assert.Equal("/p/t.space.yaml", span.Path);
        Assert.Equal(3, span.StartLinePosition.Line); // 0-based: line 4
        Assert.Equal(spec.Split('\n')[3].IndexOf("strid", StringComparison.Ordinal), span.StartLinePosition.Character);
        Assert.Contains("strid", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_analyzer_reports_what_the_cli_reports()
    {
        var spec = "space: T\nnetwork:\n  - conv: { kernel: [3 }\n  - frobnicate\n";
        var expected = AutoBuild.Spec.SpecCompiler.Compile("/p/t.space.yaml", spec).Diagnostics;
        var diagnostics = await Analyze(new MemoryAdditionalText("/p/t.space.yaml", spec));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => (e.Code, e.Location.Line, e.Location.Column)),
            diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1)));
    }

    [Fact]
    public async Task Valid_specs_and_other_files_give_no_diagnostics()
    {
        Assert.Empty(await Analyze(GeneratorHarness.SpecFile(TestPaths.Spec("tiny-macro.space.yaml"))));
        Assert.Empty(await Analyze(new MemoryAdditionalText("/p/notes.yaml", "this: [is not a spec")));
    }

    [Fact]
    public void Every_front_end_code_has_a_descriptor_and_a_line_in_the_docs()
    {
        var ids = new SpecAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // The front end's codes are the *Code constants of SpecDiagnostics, plus AB9001 for an internal failure.
        var codes = typeof(AutoBuild.Spec.SpecCompiler).Assembly.GetType("AutoBuild.Spec.SpecDiagnostics", throwOnError: true)!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Code", StringComparison.Ordinal)).Select(f => (string)f.GetRawConstantValue()!)
            .Append("AB9001").OrderBy(c => c, StringComparer.Ordinal).ToList();
        Assert.Equal(codes, ids.OrderBy(c => c, StringComparer.Ordinal));
        var docs = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "diagnostics.md"));
        Assert.All(ids, id => Assert.Contains("| " + id + " |", docs));
    }
}

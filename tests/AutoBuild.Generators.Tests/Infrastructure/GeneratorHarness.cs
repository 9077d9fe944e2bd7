using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AutoBuild.Generators.Tests.Infrastructure;

/// <summary>An AdditionalFile in memory.</summary>
internal sealed class MemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public MemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, Encoding.UTF8);
    }

    public override string Path { get; }
    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Analyzer config options as MSBuild would pass them: global build_property.* and per-file build_metadata.*.</summary>
internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, Dictionary<string, string>> _perFile;

    public TestOptionsProvider(Dictionary<string, string> global, Dictionary<string, Dictionary<string, string>>? perFile = null)
    {
        GlobalOptions = new Options(global);
        _perFile = perFile ?? new Dictionary<string, Dictionary<string, string>>();
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new Options(_perFile.TryGetValue(textFile.Path, out var o) ? o : new Dictionary<string, string>());

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;
        public Options(Dictionary<string, string> values) => _values = values;
        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}

/// <summary>Runs the generator through a <see cref="CSharpGeneratorDriver"/> with step tracking on.</summary>
internal static class GeneratorHarness
{
    public const string RootNamespace = "Consumer.App";

    public static TestOptionsProvider Options(string? rootNamespace = RootNamespace, Dictionary<string, Dictionary<string, string>>? perFile = null) =>
        new(rootNamespace is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace }, perFile);

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, AnalyzerConfigOptionsProvider? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new AutoBuildGenerator().AsSourceGenerator() },
            files,
            TestCompiler.ParseOptions,
            options ?? Options(),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation Consumer(MetadataReference? torchSharp = null, params string[] sources) =>
        TestCompiler.Create(sources.Length == 0 ? new[] { "namespace Consumer.App { internal static class Placeholder { } }" } : sources, torchSharp);

    /// <summary>Runs the generator once; returns the driver (for further runs), the output compilation and the run result.</summary>
    public static (GeneratorDriver Driver, Compilation Output, GeneratorDriverRunResult Result) Run(Compilation compilation, IEnumerable<AdditionalText> files,
        AnalyzerConfigOptionsProvider? options = null)
    {
        var driver = CreateDriver(files, options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        return (driver, output, driver.GetRunResult());
    }

    public static MemoryAdditionalText SpecFile(string path) => new(path, File.ReadAllText(path));
}

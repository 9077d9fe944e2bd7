using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using AutoBuild.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AutoBuild.Benchmarks;

/// <summary>How long the source generator takes on the largest example spec (OFA-MobileNetV3): cold (a new driver)
/// and warm (an unrelated C# edit; a YAML comment edit, which re-parses but leaves the output unchanged). The
/// consumer compilation references the TorchSharp surface the generator tests use, so the layer file is emitted
/// too. Printed, never asserted (timings depend on the machine).</summary>
internal static class GeneratorTiming
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    public static int Run(Args args)
    {
        var specs = Directory.GetFiles(Path.Combine(Args.RepoRoot, "examples", "spaces"), "*.space.yaml");
        var path = args.Get("spec", specs.FirstOrDefault(f => Path.GetFileName(f).Contains("ofa", StringComparison.OrdinalIgnoreCase)
                && Path.GetFileName(f).Contains("mobilenet", StringComparison.OrdinalIgnoreCase))
            ?? specs.OrderByDescending(f => new FileInfo(f).Length).First());
        var spec = new InMemoryText(path, File.ReadAllText(path));
        // --results <Space>.autobuild.json: the build's results file beside the spec (its space must match the spec's).
        var resultsPath = args.Get("results", "");
        var results = resultsPath.Length > 0 ? new InMemoryText(Path.GetFullPath(resultsPath), File.ReadAllText(resultsPath)) : null;
        var additional = results is null ? new AdditionalText[] { spec } : new AdditionalText[] { spec, results };
        var references = Basic.Reference.Assemblies.Net80.References.All
            .Append(MetadataReference.CreateFromFile(typeof(AutoBuild.Runtime.SearchSpace).Assembly.Location))
            .Append(TorchSharpSurface());
        CSharpCompilation Consumer(string source) => CSharpCompilation.Create("Consumer",
            new[] { CSharpSyntaxTree.ParseText(source, ParseOptions) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new BuildProperties(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer.App" });
        var compilation = Consumer("namespace Consumer.App { public class Program { } }");

        var cold = new List<double>();
        GeneratorDriver driver = null!;
        for (var i = 0; i < args.Int("cold", 5); i++)
        {
            var sw = Stopwatch.StartNew();
            driver = CSharpGeneratorDriver.Create(new[] { new AutoBuildGenerator().AsSourceGenerator() }, additional, ParseOptions, options)
                .RunGenerators(compilation);
            cold.Add(sw.Elapsed.TotalMilliseconds);
        }
        var run = driver.GetRunResult();
        if (run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            foreach (var d in run.Diagnostics) Console.Error.WriteLine(d);
            return 1;
        }

        var unrelated = new List<double>();
        for (var i = 0; i < args.Int("warm", 20); i++)
        {
            var edited = Consumer($"namespace Consumer.App {{ public class Program {{ int x{i}; }} }}");
            var sw = Stopwatch.StartNew();
            driver = driver.RunGenerators(edited);
            unrelated.Add(sw.Elapsed.TotalMilliseconds);
        }

        var comment = new List<double>();
        AdditionalText previous = spec;
        for (var i = 0; i < args.Int("cold", 5); i++)
        {
            var edited = new InMemoryText(spec.Path, spec.Text + "\n# edit " + i + "\n");
            var sw = Stopwatch.StartNew();
            driver = driver.ReplaceAdditionalText(previous, edited).RunGenerators(compilation);
            comment.Add(sw.Elapsed.TotalMilliseconds);
            previous = edited;
        }

        var rewritten = new List<double>();
        if (results is not null)
        {
            // A rebuild rewrites the results file: the generator re-reads it and re-emits (the spec is unchanged).
            AdditionalText last = results;
            for (var i = 0; i < args.Int("warm", 20); i++)
            {
                var edited = new InMemoryText(results.Path, results.Text + new string(' ', i + 1));
                var sw = Stopwatch.StartNew();
                driver = driver.ReplaceAdditionalText(last, edited).RunGenerators(compilation);
                rewritten.Add(sw.Elapsed.TotalMilliseconds);
                last = edited;
            }
        }

        var lines = run.GeneratedTrees.Sum(t => t.GetText().Lines.Count);
        if (results is not null)
            Console.WriteLine($"results {Path.GetFileName(resultsPath)}: {new FileInfo(resultsPath).Length / 1e6:F2} MB; " +
                              (run.GeneratedTrees.Any(t => t.GetText().ToString().Contains("Architecture Best =>", StringComparison.Ordinal)) ? "read (Best emitted)" : "NOT read"));
        Console.WriteLine($"spec {Path.GetFileName(path)}: {lines} generated lines in {run.GeneratedTrees.Length} files");
        Console.WriteLine($"cold (new driver): first {cold[0]:F1} ms, median of the rest {Median(cold.Skip(1).DefaultIfEmpty(cold[0])):F1} ms");
        Console.WriteLine($"warm, unrelated C# edit: median {Median(unrelated):F2} ms");
        Console.WriteLine($"warm, YAML comment edit (re-parse, output unchanged): median {Median(comment):F1} ms");
        if (rewritten.Count > 0) Console.WriteLine($"warm, results file rewritten (re-read and re-emit): median {Median(rewritten):F1} ms");
        return 0;
    }

    /// <summary>The TorchSharp API surface of the generator tests, compiled as an assembly named TorchSharp.</summary>
    private static MetadataReference TorchSharpSurface()
    {
        var text = File.ReadAllText(Path.Combine(Args.RepoRoot, "tests", "AutoBuild.Generators.Tests", "TorchSharpSurface", "TorchSharp.surface.cs.txt"));
        var compilation = CSharpCompilation.Create("TorchSharp", new[] { CSharpSyntaxTree.ParseText(text, ParseOptions) },
            Basic.Reference.Assemblies.Net80.References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success) throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v[v.Length / 2];
    }

    private sealed class InMemoryText : AdditionalText
    {
        public InMemoryText(string path, string text) { Path = path; Text = text; }
        public override string Path { get; }
        public string Text { get; }
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(Text, Encoding.UTF8);
    }

    /// <summary>Build properties as MSBuild passes them (build_property.*), none per file.</summary>
    private sealed class BuildProperties : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions Empty = new Options(ImmutableDictionary<string, string>.Empty);
        private readonly AnalyzerConfigOptions _global;
        public BuildProperties(IDictionary<string, string> values) => _global = new Options(values.ToImmutableDictionary());
        public override AnalyzerConfigOptions GlobalOptions => _global;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;
            public Options(ImmutableDictionary<string, string> values) => _values = values;
            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}

using System.Diagnostics;
using AutoBuild.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace AutoBuild.Generators.Tests;

/// <summary>Prints how long the generator takes on the OFA-MobileNetV3 spec (the largest example), cold (a new
/// driver) and warm (an unrelated C# edit, a YAML comment edit). Timings are printed, never asserted.
/// Run: dotnet test tests/AutoBuild.Generators.Tests -c Release --filter GeneratorTimingTests --logger "console;verbosity=detailed"</summary>
public class GeneratorTimingTests
{
    private readonly ITestOutputHelper _output;

    public GeneratorTimingTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Generator_timings_on_the_largest_example_spec()
    {
        var specs = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples", "spaces"), "*.space.yaml");
        var path = specs.FirstOrDefault(f => Path.GetFileName(f).Contains("ofa", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(f).Contains("mobilenet", StringComparison.OrdinalIgnoreCase))
            ?? specs.OrderByDescending(f => new FileInfo(f).Length).First();
        var spec = GeneratorHarness.SpecFile(path);
        var compilation = GeneratorHarness.Consumer(TorchSharpSurface.Version("0.106"), "namespace Consumer.App { public class Program { } }");

        var cold = new List<double>();
        Microsoft.CodeAnalysis.GeneratorDriver driver = null!;
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            driver = GeneratorHarness.CreateDriver(new[] { spec }).RunGenerators(compilation);
            cold.Add(sw.Elapsed.TotalMilliseconds);
        }
        var generated = driver.GetRunResult().GeneratedTrees;
        Assert.Equal(2, generated.Length);

        var unrelated = new List<double>();
        var current = compilation;
        for (var i = 0; i < 20; i++)
        {
            current = current.ReplaceSyntaxTree(current.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText($"namespace Consumer.App {{ public class Program {{ int x{i}; }} }}", TestCompiler.ParseOptions));
            var sw = Stopwatch.StartNew();
            driver = driver.RunGenerators(current);
            unrelated.Add(sw.Elapsed.TotalMilliseconds);
        }

        var comment = new List<double>();
        var previous = (Microsoft.CodeAnalysis.AdditionalText)spec;
        for (var i = 0; i < 5; i++)
        {
            var edited = new MemoryAdditionalText(spec.Path, spec.GetText()!.ToString() + "\n# edit " + i + "\n");
            var sw = Stopwatch.StartNew();
            driver = driver.ReplaceAdditionalText(previous, edited).RunGenerators(current);
            comment.Add(sw.Elapsed.TotalMilliseconds);
            previous = edited;
        }

        var lines = generated.Sum(t => t.GetText().Lines.Count);
        _output.WriteLine($"spec {Path.GetFileName(path)}: {lines} generated lines in {generated.Length} files");
        _output.WriteLine($"cold (new driver): first {cold[0]:F1} ms, median of the rest {Median(cold.Skip(1)):F1} ms");
        _output.WriteLine($"warm, unrelated C# edit: median {Median(unrelated):F2} ms");
        _output.WriteLine($"warm, YAML comment edit (re-parse, output unchanged): median {Median(comment):F1} ms");
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v[v.Length / 2];
    }
}

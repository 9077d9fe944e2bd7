using AutoBuild.Generators.Emit;
using AutoBuild.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoBuild.Generators.Tests;

/// <summary>The TorchSharp code compiles against the reference surface of both TorchSharp 0.99 and 0.106 with zero
/// warnings, and keeps the registration and disposal rules of torchsharp-api.md.</summary>
public class TorchSharpEmissionTests
{
    public static TheoryData<string> Versions => new() { "0.99", "0.106" };

    private const string Usage = """
        namespace Consumer.App
        {
            internal static class UsesModels
            {
                public static int Keys()
                {
                    using var model = new Tests.Generated.TinyMacroModel(Tests.Generated.TinyMacro.Sample(new System.Random(1)));
                    using var best = new Consumer.App.TinyCellBestModel();
                    using var x = TorchSharp.torch.randn(new long[] { 2, 3, 16, 16 });
                    using var y = best.forward(x);
                    return model.state_dict().Count + best.Plan.Root.Output.Channels;
                }
            }
        }
        """;

    [Theory]
    [MemberData(nameof(Versions))]
    public void Generated_models_compile_cleanly_against_torchsharp(string version)
    {
        var files = new[]
        {
            GeneratorHarness.SpecFile(TestPaths.Spec("tiny-macro.space.yaml")),
            GeneratorHarness.SpecFile(TestPaths.Spec("tiny-cell.space.yaml")),
            GeneratorHarness.SpecFile(TestPaths.Spec("tiny-shuffle.space.yaml")),
            GeneratorHarness.SpecFile(TestPaths.Spec("TinyCell.autobuild.json")),
        }.Concat(Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples", "spaces"), "*.space.yaml").OrderBy(f => f, StringComparer.Ordinal)
            .Select(GeneratorHarness.SpecFile)).ToArray();
        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Consumer(TorchSharpSurface.Version(version), Usage), files);
        TestCompiler.AssertClean(output);
        var hints = result.Results[0].GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains(TorchSharpEmitter.LayersHintName, hints);
        Assert.NotNull(output.GetTypeByMetadataName("AutoBuild.Examples.NasBench201Model"));
        Assert.NotNull(output.GetTypeByMetadataName("Tests.Generated.TinyShuffleModel"));
    }

    [Fact]
    public void Without_torchsharp_no_model_code_is_generated()
    {
        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Consumer(), new[] { GeneratorHarness.SpecFile(TestPaths.Spec("tiny-macro.space.yaml")) });
        TestCompiler.AssertClean(output);
        Assert.DoesNotContain(TorchSharpEmitter.LayersHintName, result.Results[0].GeneratedSources.Select(s => s.HintName));
        Assert.Null(output.GetTypeByMetadataName("Tests.Generated.TinyMacroModel"));
    }

    [Fact]
    public void Layers_follow_the_torchsharp_rules()
    {
        var layers = TorchSharpEmitter.EmitLayers();
        var classes = layers.Split("internal sealed class ").Skip(1).ToList();
        Assert.Equal(16, classes.Count);
        foreach (var c in classes)
        {
            var ctor = c[..c.IndexOf("public override", StringComparison.Ordinal)];
            // RegisterComponents() is the constructor's last statement.
            Assert.Matches(@"RegisterComponents\(\);\s*\}\s*$", ctor);
            // Module fields are only ever the state_dict names themselves (no '_' prefixed Module fields).
            Assert.DoesNotMatch(@"private readonly (Layer|global::TorchSharp\.Modules\.\w+) _", c);
        }
        // Every forward that computes opens a dispose scope and moves its result out; none returns its input.
        Assert.Equal(layers.Split("NewDisposeScope()").Length - 1, layers.Split(".MoveToOuterDisposeScope()").Length - 1);
        Assert.DoesNotContain("return input;", layers);
        Assert.DoesNotContain(".call(", layers);
        // Every kind of plan node has a TorchSharp layer.
        foreach (var node in typeof(AutoBuild.Runtime.Plans.PlanNode).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(AutoBuild.Runtime.Plans.PlanNode)) && !t.IsAbstract))
            Assert.Matches(@"node is (Plans|Ops)\." + node.Name + @"\b", layers);
        // Only argument names that TorchSharp 0.99 and 0.106 share are named.
        foreach (var named in new[] { "kernel_size:", "in_channels:", "padding_mode:", "ceil_mode:", "count_include_pad:", "num_features:", "kernelSize:" })
            Assert.DoesNotContain(named, layers);
    }

    [Fact]
    public void The_layer_file_is_every_layer_source_in_one_namespace_block()
    {
        // The sources are real C# (AutoBuild.TorchSharpLayers.Check compiles them); the emitter joins them. A source
        // file added to the folder but not to the emitter's list would be compiled and never emitted.
        var layers = TorchSharpEmitter.EmitLayers();
        var folder = Path.Combine(TestPaths.RepoRoot, "src", "Generators", "AutoBuild.Generators", "TorchSharpLayers");
        var sources = Directory.GetFiles(folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(sources);
        var opening = "namespace AutoBuild.Generated.TorchSharp\n{\n";
        Assert.Single(layers.Split(opening)[1..]);
        var positions = new List<int>();
        foreach (var source in sources)
        {
            var text = File.ReadAllText(source).Replace("\r\n", "\n");
            var body = text[(text.IndexOf(opening, StringComparison.Ordinal) + opening.Length)..];
            var classes = body[(body.IndexOf("\n\n", StringComparison.Ordinal) + 2)..^2];
            // The registered ops' dispatch lines stand in for their marker.
            var firstLine = classes[..classes.IndexOf('\n')];
            var at = layers.IndexOf(firstLine, StringComparison.Ordinal);
            Assert.True(at >= 0, $"{Path.GetFileName(source)} is not in the emitted layer file");
            foreach (var part in classes.Split("            // {registered ops}\n"))
                Assert.Contains(part, layers);
            positions.Add(at);
        }
        Assert.Equal(sources.Count, positions.Distinct().Count());
        Assert.EndsWith("    }\n}\n", layers);
    }
}

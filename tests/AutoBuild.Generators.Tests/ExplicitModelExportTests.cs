using AutoBuild.Generators.Emit;
using AutoBuild.Generators.Tests.Infrastructure;
using AutoBuild.Spec;

namespace AutoBuild.Generators.Tests;

/// <summary>The standalone model file of `autobuild export --format torchsharp` compiles with zero warnings against
/// TorchSharp 0.99 and 0.106 for two sampled architectures of every example spec (ResNet-18 and
/// MobileNetV3-Large included), and needs nothing of AutoBuild.</summary>
public sealed class ExplicitModelExportTests
{
    [Theory]
    [MemberData(nameof(TorchSharpEmissionTests.Versions), MemberType = typeof(TorchSharpEmissionTests))]
    public void Exported_models_of_every_example_spec_compile_cleanly(string version)
    {
        var sources = new List<string>();
        foreach (var spec in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples", "spaces"), "*.space.yaml").Order(StringComparer.Ordinal))
        {
            var space = SpecCompiler.CompileFile(spec).Space!;
            var k = 0;
            foreach (var seed in new[] { 3, 4 })
            {
                var architecture = space.Sample(new Random(seed), a => { try { space.Instantiate(a); return true; } catch (InvalidOperationException) { return false; } });
                var plan = space.Instantiate(architecture);
                // Transformer spaces have no explicit form yet (their models keep the generic form); nothing else may lack one.
                if (!ExplicitModelEmitter.CanWrite(plan))
                {
                    Assert.True(space.Network!.IsSequenceNetwork, space.Name);
                    continue;
                }
                var text = ExplicitModelEmitter.WriteFile(plan, "Exported." + space.Name, space.Name + "Model" + k++, space.Name);
                Assert.DoesNotContain("AutoBuild", text.Split('\n').Skip(3).Aggregate("", (a, b) => a + b)); // no AutoBuild type after the header
                sources.Add(text);
            }
        }
        Assert.True(sources.Count >= 12);
        var compilation = TestCompiler.Create(sources, TorchSharpSurface.Version(version), "Exported");
        TestCompiler.AssertClean(compilation);
    }
}

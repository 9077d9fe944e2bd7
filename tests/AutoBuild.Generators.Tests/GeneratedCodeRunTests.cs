using System.Collections;
using System.Reflection;
using AutoBuild.Spec;
using AutoBuild.Generators.Tests.Infrastructure;
using AutoBuild.Runtime;
using Microsoft.CodeAnalysis;

namespace AutoBuild.Generators.Tests;

/// <summary>Generated code compiled into an in-memory assembly, loaded in a collectible context and called.</summary>
public class GeneratedCodeRunTests
{
    private static Compilation Generate(params string[] paths)
    {
        var (_, output, _) = GeneratorHarness.Run(GeneratorHarness.Consumer(), paths.Select(GeneratorHarness.SpecFile));
        TestCompiler.AssertClean(output);
        return output;
    }

    [Fact]
    public void Params_and_flops_equal_the_cost_model_for_every_nas_bench_201_cell()
    {
        var path = TestPaths.ExampleSpec("nas-bench-201.space.yaml");
        var reference = SpecCompiler.Compile(path, File.ReadAllText(path)).Space!;
        var checkedCells = TestCompiler.Run(Generate(path), assembly =>
        {
            const string type = "AutoBuild.Examples.NasBench201";
            var count = 0;
            foreach (var arch in (IEnumerable)TestCompiler.Invoke(assembly, type, "Enumerate")!)
            {
                var expected = reference.Parse(arch.ToString()!);
                Assert.Equal(reference.Params(expected), (long)TestCompiler.Invoke(assembly, type, "Params", arch)!);
                Assert.Equal(reference.Flops(expected), (long)TestCompiler.Invoke(assembly, type, "Flops", arch)!);
                count++;
            }
            return count;
        });
        Assert.Equal(15625, checkedCells);
    }

    [Fact]
    public void Sampling_parsing_and_typed_properties_agree()
    {
        var path = TestPaths.Spec("tiny-macro.space.yaml");
        TestCompiler.Run(Generate(path), assembly =>
        {
            const string type = "Tests.Generated.TinyMacro";
            var archType = assembly.GetType(type + "+Architecture")!;
            var random = new Random(7);
            var seenDepths = new HashSet<int>();
            for (var i = 0; i < 200; i++)
            {
                var arch = TestCompiler.Invoke(assembly, type, "Sample", random)!;
                var text = arch.ToString()!;
                var parsed = TestCompiler.Invoke(assembly, type + "+Architecture", "Parse", text)!;
                Assert.Equal(arch, parsed);
                Assert.Equal(arch.GetHashCode(), parsed.GetHashCode());
                var untyped = (Architecture)TestCompiler.Get(arch, "Untyped")!;
                Assert.Equal(untyped.Id, TestCompiler.Get(arch, "Id"));

                // Typed values are the untyped values: ints, bools, enums; null exactly when inactive.
                var depth = (int)TestCompiler.Get(arch, "S1Depth")!;
                seenDepths.Add(depth);
                Assert.Equal(untyped.Value("s1.depth"), depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(untyped.Value("stem_act"), TestCompiler.Get(arch, "StemAct")!.ToString() switch { "Relu" => "relu", "Hswish" => "hswish", var x => x });
                Assert.Equal(untyped.Value("resolution"), TestCompiler.Get(arch, "Resolution")!.ToString());
                var l3Kernel = (int?)TestCompiler.Get(arch, "S1L3Kernel");
                Assert.Equal(depth == 3, l3Kernel.HasValue);
                var l2Se = (bool?)TestCompiler.Get(arch, "S1L2Se");
                Assert.Equal(untyped.Value("s1.l2.se"), l2Se?.ToString().ToLowerInvariant());

                var mutant = TestCompiler.Invoke(assembly, type, "Mutate", arch, random)!;
                Assert.NotEqual(arch, mutant);

                // Params/Flops/ToPlan are the runtime's.
                var plan = (AutoBuild.Runtime.Plans.Plan)TestCompiler.Invoke(assembly, type, "ToPlan", arch)!;
                Assert.Equal(untyped.Space.Params(untyped), (long)TestCompiler.Invoke(assembly, type, "Params", arch)!);
                Assert.Equal(AutoBuild.Runtime.Cost.CostModel.Params(plan), (long)TestCompiler.Invoke(assembly, type, "Params", arch)!);
            }
            Assert.Equal(new[] { 1, 2, 3 }, seenDepths.OrderBy(d => d));

            // Create from typed values equals Parse of the same architecture; invalid combinations are refused.
            var stemAct = Enum.Parse(assembly.GetType(type + "+ActivationChoice")!, "Hswish");
            var created = TestCompiler.Invoke(assembly, type + "+Architecture", "Create", 64, stemAct, 1, 5, 6, true, null, null, null, null, null, null)!;
            Assert.Equal(created, TestCompiler.Invoke(assembly, type + "+Architecture", "Parse", created.ToString()));
            Assert.Equal(64, TestCompiler.Get(created, "Resolution"));
            Assert.Equal(true, TestCompiler.Get(created, "S1L1Se"));
            Assert.Null(TestCompiler.Get(created, "S1L2Kernel"));
            Assert.ThrowsAny<ArgumentException>(() => TestCompiler.Invoke(assembly, type + "+Architecture", "Create", 64, stemAct, 1, 5, 6, true, 3, 3, false, null, null, null));
            Assert.ThrowsAny<ArgumentException>(() => TestCompiler.Invoke(assembly, type + "+Architecture", "Create", 48, stemAct, 1, 5, 6, true, null, null, null, null, null, null));

            var tryParse = archType.GetMethod("TryParse")!;
            var args = new object?[] { "not an architecture", null };
            Assert.False((bool)tryParse.Invoke(null, args)!);
            Assert.Null(args[1]);
            Assert.Equal(2 * (8 + 64 + 512) * 2, (int)(System.Numerics.BigInteger)TestCompiler.Get(assembly, type, "Size")!);
            return 0;
        });
    }

    [Fact]
    public void Best_and_ranked_come_from_the_results_file()
    {
        var output = Generate(TestPaths.Spec("tiny-cell.space.yaml"), TestPaths.Spec("TinyCell.autobuild.json"));
        var result = AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(TestPaths.Spec("TinyCell.autobuild.json")), out var r, out _) ? r! : throw new InvalidOperationException();
        TestCompiler.Run(output, assembly =>
        {
            const string type = "Consumer.App.TinyCell";
            var best = TestCompiler.Get(assembly, type, "Best")!;
            Assert.Equal(result.Best[0].Arch, best.ToString());
            var ranked = ((IEnumerable)TestCompiler.Get(assembly, type, "Ranked")!).Cast<object>().ToList();
            Assert.Equal(result.Best.Count, ranked.Count);
            for (var i = 0; i < ranked.Count; i++)
            {
                Assert.Equal(result.Best[i].Arch, TestCompiler.Get(ranked[i], "Architecture")!.ToString());
                Assert.Equal(result.Best[i].Predicted, TestCompiler.Get(ranked[i], "Predicted"));
                Assert.Equal(result.Best[i].Params, TestCompiler.Get(ranked[i], "Params"));
                Assert.Equal(result.Best[i].Flops, TestCompiler.Get(ranked[i], "Flops"));
                Assert.Equal("accuracy", TestCompiler.Get(ranked[i], "Target"));
                Assert.Equal(TestCompiler.Invoke(assembly, type, "Params", TestCompiler.Get(ranked[i], "Architecture")), TestCompiler.Get(ranked[i], "Params"));
            }
            return 0;
        });
        var doc = output.GetTypeByMetadataName("Consumer.App.TinyCell")!.GetMembers("Best").Single().GetDocumentationCommentXml();
        Assert.Contains("predicted accuracy = 0.9125", doc);
        Assert.Contains(result.Best[0].Params.ToString(System.Globalization.CultureInfo.InvariantCulture) + " params", doc);
    }
}

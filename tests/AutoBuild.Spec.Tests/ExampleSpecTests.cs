using System.Numerics;
using AutoBuild.Spec;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec.Tests;

/// <summary>The example specs: decision names, metadata the graph encoder relies on, sizes and shapes.</summary>
public class ExampleSpecTests
{
    [Fact]
    public void Ofa_mobilenetv3_has_the_ofa_decisions_and_size()
    {
        var space = TestData.CompileExample("ofa-mobilenetv3.space.yaml");
        Assert.Equal(BigInteger.Pow(7371, 5) * 3, space.Size);
        Assert.Equal(new[] { "resolution", "s1.depth", "s1.l1.kernel", "s1.l1.expand", "s1.l2.kernel" }, space.Decisions.Take(5).Select(d => d.Name));
        Assert.Equal(1 + 5 * (1 + 4 * 2), space.Decisions.Count);
        var s5depth = space.Decisions[space.IndexOfDecision("s5.depth")];
        Assert.Equal((DecisionRole.Depth, "s5", 4, (int?)null), (s5depth.Role, s5depth.Site.Stage, s5depth.Site.StageIndex, s5depth.Site.Layer));
        var expand = space.Decisions[space.IndexOfDecision("s5.l4.expand")];
        Assert.Equal((DecisionRole.Expand, 3), (expand.Role, expand.Site.Layer));
        Assert.Equal(new[] { 2 }, expand.ActiveWhen!.Choices); // only at depth 4
        Assert.Equal(new[] { "3", "4", "6" }, expand.Values);

        // Width multiplier 1.2 with make_divisible: stage widths 32, 48, 96, 136, 192; head 1152 -> 1536.
        var plan = space.Instantiate(Representatives.Last(space));
        var stages = ((SequenceNode)plan.Root).Children.Where(c => c.Name.StartsWith('s')).Select(c => c.Output.Channels);
        Assert.Equal(new[] { 32, 48, 96, 136, 192 }, stages);
        Assert.Equal(new Shape(192, 7, 7), ((SequenceNode)plan.Root).Children.Single(c => c.Name == "s5").Output);
        Assert.Contains(Flatten(plan.Root), n => n is LinearNode { InFeatures: 1152, OutFeatures: 1536, Bias: false });
        Assert.Contains(Flatten(plan.Root), n => n is SqueezeExciteNode);
        // Layers beyond the chosen depth are absent from the plan.
        var shallow = space.Instantiate(Representatives.First(space));
        Assert.All(((SequenceNode)shallow.Root).Children.OfType<SequenceNode>().Where(c => c.Name.StartsWith('s')), s => Assert.Equal(2, s.Children.Count));
        Assert.Equal(new Shape(3, 192, 192), shallow.Input);
    }

    [Fact]
    public void Ofa_proxylessnas_has_six_stages_the_last_with_one_block()
    {
        var space = TestData.CompileExample("ofa-proxylessnas.space.yaml");
        // Resolution 192/208/224 as in OFA's data: three input sizes times every stage configuration.
        Assert.Equal(BigInteger.Pow(7371, 5) * 9 * 3, space.Size);
        Assert.Equal(new[] { "192", "208", "224" }, space.Decisions[space.IndexOfDecision("resolution")].Values);
        Assert.Equal(-1, space.IndexOfDecision("s6.depth"));
        Assert.Equal(new[] { "s6.l1.kernel", "s6.l1.expand" }, space.Decisions.Where(d => d.Site.Stage == "s6").Select(d => d.Name));
        Assert.Equal(5, space.Decisions.Count(d => d.Role == DecisionRole.Depth));
        var plan = space.Instantiate(Representatives.Last(space));
        var stages = ((SequenceNode)plan.Root).Children.Where(c => c.Name.StartsWith('s')).Select(c => c.Output.Channels);
        Assert.Equal(new[] { 32, 56, 104, 128, 248, 416 }, stages);
    }

    [Fact]
    public void Nas_bench_macro_layers_are_op_decisions_with_stage_sites()
    {
        var space = TestData.CompileExample("nas-bench-macro.space.yaml");
        Assert.Equal(6561, (int)space.Size);
        var layer4 = space.Decisions[space.IndexOfDecision("layer4")];
        Assert.Equal((DecisionRole.Op, "s2", 1, 2), (layer4.Role, layer4.Site.Stage, layer4.Site.StageIndex, layer4.Site.Layer));
        Assert.Equal(new[] { "id", "mb3_k3", "mb6_k5" }, layer4.Values);
    }

    [Fact]
    public void Every_value_of_every_example_instantiates()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.RepoRoot, "examples", "spaces"), "*.space.yaml"))
        {
            var space = TestData.CompileExample(Path.GetFileName(file));
            for (var d = 0; d < space.Decisions.Count; d++)
                for (var v = 0; v < space.Decisions[d].Values.Count; v++)
                {
                    var (dd, vv) = (d, v);
                    // DAG spaces: a chain input -> 1 -> ... -> output, so that the graph is valid.
                    var a = Representatives.With(space, i => i == dd ? vv
                        : space.Decisions[i].Role == DecisionRole.Adjacency && space.Decisions[i].Site.To - space.Decisions[i].Site.From == 1 ? 1 : 0);
                    if (space.Decisions[d].Role == DecisionRole.Adjacency && v == 0) continue; // a missing chain edge disconnects the graph
                    // Image networks end in class scores; sequence networks in logits per token.
                    var output = space.Instantiate(a).Root.Output;
                    Assert.True(space.Network!.IsSequenceNetwork ? output.IsSequence && output.Channels == space.Network.Vocabulary : output.IsVector);
                }
        }
    }

    private static IEnumerable<PlanNode> Flatten(PlanNode node)
    {
        yield return node;
        var children = node switch
        {
            SequenceNode s => s.Children,
            ResidualNode r => r.Shortcut is null ? new[] { r.Body } : new[] { r.Body, r.Shortcut },
            CellNode c => c.Edges.Select(e => e.Op).ToArray(),
            _ => Array.Empty<PlanNode>(),
        };
        foreach (var child in children)
            foreach (var n in Flatten(child)) yield return n;
    }
}

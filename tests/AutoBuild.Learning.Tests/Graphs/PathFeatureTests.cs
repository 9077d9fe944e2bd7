using AutoBuild.Learning.Graphs;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Graphs;

/// <summary>The path counts of cell and DAG graphs (GraphEncoder.Paths.cs): all input→output paths, direct ones,
/// and those through one kind of op only, as ln(1 + count), then whether exactly one path runs through each kind of
/// op only; attached to whole architectures only.</summary>
public class PathFeatureTests
{
    private static float L(int count) => (float)Math.Log(1 + count);

    [Fact]
    public void A_nas_bench_201_cell_counts_its_paths_and_its_pure_skip_paths()
    {
        // |nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2| (true accuracy
        // 87.45; one op away from 91.06): two pure skip paths, 0→3 and 0→2→3, which message passing cannot count.
        var space = TestSpaces.Nb201();
        var ops = TestSpaces.Nb201Ops.ToList();
        Architecture Cell(params string[] edges) => new(space, edges.Select(e => ops.IndexOf(e)).ToArray());
        var encoder = new GraphEncoder(space, pathFeatures: true);
        var ops5 = new[] { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" };
        Assert.Equal(new[] { "input→output paths", "direct input→output paths" }.Concat(ops5.Select(o => "paths through " + o + " only"))
            .Concat(ops5.Select(o => "exactly one path through " + o + " only")), encoder.Schema.Globals);
        var twoSkips = encoder.Encode(Cell("nor_conv_3x3", "skip_connect", "nor_conv_1x1", "skip_connect", "nor_conv_3x3", "skip_connect")).Globals;
        // paths: 0→3 (skip), 0→1→3 (conv3, conv3), 0→2→3 (skip, skip), 0→1→2→3 (conv3, conv1, skip)
        Assert.Equal(new[] { L(4), 0, 0, L(2), 0, L(1), 0, 0, 0, 0, 1, 0 }, twoSkips);
        // one pure skip path (the residual cell of NAS-Bench-201's best): 0→3 skip, the rest convolutions
        var residual = encoder.Encode(Cell("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "skip_connect", "nor_conv_3x3", "nor_conv_1x1")).Globals;
        Assert.Equal(new[] { L(4), 0, 0, L(1), 0, L(1), 0, 0, 1, 0, 1, 0 }, residual);
        // 0→3 none cuts the direct path; 0→1 none cuts both paths through node 1
        var cut = encoder.Encode(Cell("none", "skip_connect", "nor_conv_1x1", "none", "nor_conv_3x3", "nor_conv_3x3")).Globals;
        Assert.Equal(new[] { L(1), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, cut); // only 0→2→3 (skip, conv3), mixed
        var convs = encoder.Encode(Cell("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3")).Globals;
        Assert.Equal(new[] { L(4), 0, 0, 0, 0, L(4), 0, 0, 0, 0, 0, 0 }, convs);
        // modules carry none; without the option there are none
        Assert.Empty(encoder.EncodeSubgraph(Cell("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3"), new[] { 0, 1, 2 }).Globals);
        Assert.Empty(new GraphEncoder(space).Schema.Globals);
    }

    [Fact]
    public void A_dag_counts_its_direct_input_output_edge_and_cost_features_come_first()
    {
        var space = TestSpaces.Dag();
        var choices = new int[space.Decisions.Count];
        void On(int i, int j) => choices[space.IndexOfDecision($"adj_{i}{j}")] = 1;
        choices[space.IndexOfDecision("op1")] = 0; // conv3x3
        choices[space.IndexOfDecision("op2")] = 0; // conv3x3
        choices[space.IndexOfDecision("op3")] = 2; // maxpool3x3
        On(0, 1); On(1, 2); On(2, 4); On(0, 3); On(3, 4); On(0, 4);
        var encoder = new GraphEncoder(space, pathFeatures: true);
        var g = encoder.Encode(new Architecture(space, choices)).Globals;
        // paths: 0→4 (direct), 0→1→2→4 (conv, conv), 0→3→4 (pool)
        Assert.Equal(new[] { L(3), L(1), L(1), 0, L(1), 1, 0, 1 }, g);
        // a macro space has no paths to count
        Assert.Empty(new GraphEncoder(TestSpaces.Ofa(2), pathFeatures: true).Schema.Globals);
        // with cost features too (a space with a network template), the cost features come first
        var nb201 = TestData.CompileExample("nas-bench-201.space.yaml");
        var both = new GraphEncoder(nb201, costFeatures: true, pathFeatures: true);
        Assert.Equal(GraphEncoder.CostFeatureNames, both.Schema.Globals.Take(2));
        Assert.Equal(2 + 2 + 2 * nb201.Decisions[0].Values.Count, both.Schema.Globals.Count);
    }
}

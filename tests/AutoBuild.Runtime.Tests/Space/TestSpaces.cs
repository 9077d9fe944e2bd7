using AutoBuild.Runtime;

namespace AutoBuild.Runtime.Tests.Space;

/// <summary>Hand-built spaces shaped like the benchmark specs (the front end builds the real ones).</summary>
internal static class TestSpaces
{
    public static readonly string[] Nb201Ops = { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" };

    /// <summary>NAS-Bench-201: six edge decisions in CSV column order edge_01, edge_02, edge_12, edge_03, edge_13, edge_23.</summary>
    public static SearchSpace Nb201()
    {
        var edges = new[] { (0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3) };
        var decisions = edges.Select(e => new Decision($"edge_{e.Item1}{e.Item2}", DecisionKind.Categorical, Nb201Ops, DecisionRole.Edge,
            site: new DecisionSite(from: e.Item1, to: e.Item2))).ToArray();
        return new SearchSpace("NasBench201", null, SpaceKind.Cell, decisions);
    }

    /// <summary>NAS-Bench-Macro: eight single-op layers in three stages (2, 3, 3 layers).</summary>
    public static SearchSpace NbMacro()
    {
        var stages = new[] { 0, 0, 1, 1, 1, 2, 2, 2 };
        var layerInStage = new[] { 0, 1, 0, 1, 2, 0, 1, 2 };
        var decisions = Enumerable.Range(0, 8).Select(i => new Decision($"layer{i}", DecisionKind.Categorical, new[] { "id", "mb3_k3", "mb6_k5" },
            DecisionRole.Op, site: new DecisionSite($"s{stages[i] + 1}", stages[i], layerInStage[i]))).ToArray();
        return new SearchSpace("NasBenchMacro", null, SpaceKind.Macro, decisions);
    }

    /// <summary>OFA-MobileNetV3: resolution, then per stage depth 2–4 and kernel/expand for four layers; layers 3 and 4
    /// are active only when the depth reaches them.</summary>
    public static SearchSpace Ofa(int stages = 5)
    {
        var decisions = new List<Decision> { new("resolution", DecisionKind.Integer, new[] { "192", "208", "224" }, DecisionRole.Resolution) };
        for (var s = 1; s <= stages; s++)
        {
            var depth = decisions.Count;
            decisions.Add(new Decision($"s{s}.depth", DecisionKind.Integer, new[] { "2", "3", "4" }, DecisionRole.Depth, site: new DecisionSite($"s{s}", s - 1)));
            for (var l = 1; l <= 4; l++)
            {
                ActivityCondition? when = l switch { 3 => new(depth, new[] { 1, 2 }), 4 => new(depth, new[] { 2 }), _ => null };
                decisions.Add(new Decision($"s{s}.l{l}.kernel", DecisionKind.Integer, new[] { "3", "5", "7" }, DecisionRole.Kernel, when, new DecisionSite($"s{s}", s - 1, l - 1)));
                decisions.Add(new Decision($"s{s}.l{l}.expand", DecisionKind.Integer, new[] { "3", "4", "6" }, DecisionRole.Expand, when, new DecisionSite($"s{s}", s - 1, l - 1)));
            }
        }
        return new SearchSpace("MobileNetV3Ofa", null, SpaceKind.Macro, decisions);
    }

    /// <summary>A small DAG space (NAS-Bench-101 flavour): two node ops, one adjacency bit that enables a third op.</summary>
    public static SearchSpace SmallDag() => new("TinyDag", null, SpaceKind.Dag, new[]
    {
        new Decision("node1", DecisionKind.Categorical, new[] { "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3" }, DecisionRole.NodeOp, site: new DecisionSite(node: 1)),
        new Decision("adj_02", DecisionKind.Boolean, new[] { "false", "true" }, DecisionRole.Adjacency, site: new DecisionSite(from: 0, to: 2)),
        new Decision("node2", DecisionKind.Categorical, new[] { "conv3x3-bn-relu", "maxpool3x3" }, DecisionRole.NodeOp, new ActivityCondition(1, new[] { 1 }), new DecisionSite(node: 2)),
    });

    /// <summary>Depth 1 or 2, and a kernel for layer 2 only: 1 + 3 = 4 architectures, not equally many per depth.</summary>
    public static SearchSpace Skewed() => new("Skewed", null, SpaceKind.Macro, new[]
    {
        new Decision("s1.depth", DecisionKind.Integer, new[] { "1", "2" }, DecisionRole.Depth, site: new DecisionSite("s1", 0)),
        new Decision("s1.l2.kernel", DecisionKind.Integer, new[] { "3", "5", "7" }, DecisionRole.Kernel, new ActivityCondition(0, new[] { 1 }), new DecisionSite("s1", 0, 1)),
    });
}

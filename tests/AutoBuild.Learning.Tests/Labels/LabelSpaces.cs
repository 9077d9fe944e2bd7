using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Labels;

/// <summary>Hand-built spaces with the benchmark CSVs' decision names.</summary>
internal static class LabelSpaces
{
    public static SearchSpace Nb201()
    {
        var ops = new[] { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" };
        var edges = new[] { (0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3) };
        return new SearchSpace("NasBench201", null, SpaceKind.Cell, edges.Select(e =>
            new Decision($"edge_{e.Item1}{e.Item2}", DecisionKind.Categorical, ops, DecisionRole.Edge, site: new DecisionSite(from: e.Item1, to: e.Item2))).ToArray());
    }

    public static SearchSpace NbMacro() => new("NasBenchMacro", null, SpaceKind.Macro, Enumerable.Range(0, 8).Select(i =>
        new Decision($"layer{i}", DecisionKind.Categorical, new[] { "id", "mb3_k3", "mb6_k5" }, DecisionRole.Op)).ToArray());

    /// <summary>resolution; s1.depth 2–3; s1.l1/l2/l3 kernel, l3 active at depth 3.</summary>
    public static SearchSpace Mini()
    {
        var l3 = new ActivityCondition(1, new[] { 1 });
        return new SearchSpace("Mini", null, SpaceKind.Macro, new[]
        {
            new Decision("resolution", DecisionKind.Integer, new[] { "192", "224" }, DecisionRole.Resolution),
            new Decision("s1.depth", DecisionKind.Integer, new[] { "2", "3" }, DecisionRole.Depth, site: new DecisionSite("s1", 0)),
            new Decision("s1.l1.kernel", DecisionKind.Integer, new[] { "3", "5", "7" }, DecisionRole.Kernel, site: new DecisionSite("s1", 0, 0)),
            new Decision("s1.l2.kernel", DecisionKind.Integer, new[] { "3", "5", "7" }, DecisionRole.Kernel, site: new DecisionSite("s1", 0, 1)),
            new Decision("s1.l3.kernel", DecisionKind.Integer, new[] { "3", "5", "7" }, DecisionRole.Kernel, l3, new DecisionSite("s1", 0, 2)),
        });
    }
}

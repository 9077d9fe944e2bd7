using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Graphs;

/// <summary>Hand-built spaces with the metadata the spec front end fills in (roles, sites, activity conditions).</summary>
internal static class TestSpaces
{
    public static readonly string[] Nb201Ops = { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" };

    /// <summary>NAS-Bench-201: 6 edge decisions, column order of the data CSV.</summary>
    public static SearchSpace Nb201()
    {
        var edges = new[] { (0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3) };
        var decisions = edges.Select(e => new Decision($"edge_{e.Item1}{e.Item2}", DecisionKind.Categorical, Nb201Ops,
            DecisionRole.Edge, site: new DecisionSite(from: e.Item1, to: e.Item2))).ToArray();
        return new SearchSpace("Nb201", null, SpaceKind.Cell, decisions);
    }

    /// <summary>OFA-MobileNetV3-like: resolution, 5 stages of depth 2-4, kernel and expand per layer (layers 3-4 conditional).</summary>
    public static SearchSpace Ofa(int stages = 5)
    {
        var list = new List<Decision> { new("resolution", DecisionKind.Integer, new[] { "192", "208", "224" }, DecisionRole.Resolution) };
        for (var s = 0; s < stages; s++)
        {
            var stage = $"s{s + 1}";
            var depthIndex = list.Count;
            list.Add(new Decision($"{stage}.depth", DecisionKind.Integer, new[] { "2", "3", "4" }, DecisionRole.Depth, site: new DecisionSite(stage, s)));
            for (var l = 0; l < 4; l++)
            {
                var when = l < 2 ? null : new ActivityCondition(depthIndex, l == 2 ? new[] { 1, 2 } : new[] { 2 });
                var site = new DecisionSite(stage, s, l);
                list.Add(new Decision($"{stage}.l{l + 1}.kernel", DecisionKind.Integer, new[] { "3", "5", "7" }, DecisionRole.Kernel, when, site));
                list.Add(new Decision($"{stage}.l{l + 1}.expand", DecisionKind.Integer, new[] { "3", "4", "6" }, DecisionRole.Expand, when, site));
            }
        }
        return new SearchSpace("Ofa", null, SpaceKind.Macro, list);
    }

    /// <summary>An OFA architecture: resolution choice, then per stage (depth, [(kernel, expand) choice per layer]).</summary>
    public static Architecture OfaArch(SearchSpace space, int resolution, params (int Depth, int Kernel, int Expand)[] stages)
    {
        var choices = Enumerable.Repeat(-1, space.Decisions.Count).ToArray();
        choices[0] = resolution;
        for (var s = 0; s < stages.Length; s++)
        {
            var d = space.IndexOfDecision($"s{s + 1}.depth");
            choices[d] = stages[s].Depth - 2;
            for (var l = 0; l < stages[s].Depth; l++)
            {
                choices[space.IndexOfDecision($"s{s + 1}.l{l + 1}.kernel")] = (stages[s].Kernel + l) % 3;
                choices[space.IndexOfDecision($"s{s + 1}.l{l + 1}.expand")] = stages[s].Expand;
            }
        }
        return new Architecture(space, choices);
    }

    /// <summary>NAS-Bench-101-like DAG: 5 nodes, ops on nodes 1-3, adjacency bits for i &lt; j.</summary>
    public static SearchSpace Dag()
    {
        var list = new List<Decision>();
        for (var v = 1; v <= 3; v++)
            list.Add(new Decision($"op{v}", DecisionKind.Categorical, new[] { "conv3x3", "conv1x1", "maxpool3x3" }, DecisionRole.NodeOp, site: new DecisionSite(node: v)));
        for (var i = 0; i < 5; i++)
            for (var j = i + 1; j < 5; j++)
                list.Add(new Decision($"adj_{i}{j}", DecisionKind.Boolean, new[] { "false", "true" }, DecisionRole.Adjacency, site: new DecisionSite(from: i, to: j)));
        return new SearchSpace("Dag", null, SpaceKind.Dag, list);
    }
}

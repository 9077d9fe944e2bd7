using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests;

/// <summary>Small hand-made search spaces (IR only, no spec) for algorithm tests.</summary>
internal static class TestSpaces
{
    public static readonly string[] Ops = { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" };

    /// <summary>A cell space with <paramref name="edges"/> independent edge decisions of five ops each.</summary>
    public static SearchSpace Cell(int edges) =>
        new("Cell", null, SpaceKind.Cell, Enumerable.Range(0, edges)
            .Select(i => new Decision($"edge_{i}", DecisionKind.Categorical, Ops, DecisionRole.Edge, site: new DecisionSite(from: 0, to: i + 1)))
            .ToArray());

    /// <summary>A macro space: <paramref name="stages"/> stages of depth 1–3, each layer a kernel in {3,5,7}.</summary>
    public static SearchSpace Macro(int stages)
    {
        var decisions = new List<Decision>();
        for (var s = 0; s < stages; s++)
        {
            var depth = decisions.Count;
            var stage = $"s{s + 1}";
            decisions.Add(new Decision($"{stage}.depth", DecisionKind.Integer, new[] { "1", "2", "3" }, DecisionRole.Depth, site: new DecisionSite(stage, s)));
            for (var l = 0; l < 3; l++)
            {
                var active = l == 0 ? null : new ActivityCondition(depth, Enumerable.Range(l, 3 - l).ToArray());
                decisions.Add(new Decision($"{stage}.l{l + 1}.kernel", DecisionKind.Integer, new[] { "3", "5", "7" }, DecisionRole.Kernel, active, new DecisionSite(stage, s, l)));
            }
        }
        return new SearchSpace("Macro", null, SpaceKind.Macro, decisions);
    }
}

using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Scoring;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Scoring;

/// <summary>Importance and module scores on spaces small enough to check by hand, with a known function in place of
/// the predictor. Each pins one property the issue-10 diagnosis found missing: one scale for values of every kind,
/// "higher = better target", and modules of different depths compared fairly.</summary>
public class ScoringTests
{
    private static readonly SearchSpace Cell2 = TestSpaces.Cell(2);
    private static readonly SearchSpace Macro1 = TestSpaces.Macro(1);

    // Cell: edge_0 = nor_conv_3x3 is planted to dominate (+10); edge_1 adds its op index (0..4).
    private static double CellTarget(Architecture a) => (a[0] == 3 ? 10 : 0) + a[1];
    // Macro: 10 per layer plus the first layer's kernel index; the kernels of layers 2 and 3 do not matter.
    private static double MacroTarget(Architecture a) => 10.0 * (a[0] + 1) + a[1];

    private static Func<IReadOnlyList<Architecture>, double[]> Predict(Func<Architecture, double> f) => archs => archs.Select(f).ToArray();

    private static Backgrounds All(SearchSpace space) => new(space, space.Enumerate().ToList(), 1000, seed: 1);

    private static double Score(List<AutoBuild.Spec.Results.ImportanceEntry> entries, string decision, string value) =>
        entries.Single(e => e.Decision == decision && e.Value == value).Score;

    [Fact]
    public void A_planted_dominant_value_gets_the_mean_target_of_architectures_that_have_it()
    {
        var entries = MarginalImportance.Compute(Cell2, Predict(CellTarget), All(Cell2), seed: 1);
        // edge_0 = conv3x3: 10 + mean edge_1 index (2) = 12; the other edge_0 values: 2.
        Assert.Equal(12, Score(entries, "edge_0", "nor_conv_3x3"), 12);
        foreach (var op in new[] { "none", "skip_connect", "nor_conv_1x1", "avg_pool_3x3" }) Assert.Equal(2, Score(entries, "edge_0", op), 12);
        // edge_1 = op k: 10 · P(edge_0 = conv3x3) + k = 2 + k, over all 25 backgrounds.
        for (var k = 0; k < 5; k++) Assert.Equal(2 + k, Score(entries, "edge_1", TestSpaces.Ops[k]), 12);
        Assert.All(entries, e => Assert.Equal(25, e.Count));
        // Higher is better: the dominant value ranks first.
        Assert.Equal(3, Importance.RankValues(Cell2, entries)[0]![0]);
    }

    [Fact]
    public void Depth_and_layer_values_share_one_scale()
    {
        var entries = MarginalImportance.Compute(Macro1, Predict(MacroTarget), All(Macro1), seed: 1);
        // Depth d: 10·d + mean first-layer kernel index over the 39 architectures (1) — whatever the new layers get.
        Assert.Equal(11, Score(entries, "s1.depth", "1"), 12);
        Assert.Equal(21, Score(entries, "s1.depth", "2"), 12);
        Assert.Equal(31, Score(entries, "s1.depth", "3"), 12);
        // The first layer's kernel k: 10 · mean depth (3 + 2·9 + 3·27)/39 + k.
        var meanDepth = (3 + 2 * 9 + 3 * 27) / 39.0;
        for (var k = 0; k < 3; k++) Assert.Equal(10 * meanDepth + k, Score(entries, "s1.l1.kernel", new[] { "3", "5", "7" }[k]), 9);
        // The third layer exists only at depth 3: its values carry that (30 + 1) and do not matter among themselves.
        foreach (var v in new[] { "3", "5", "7" }) Assert.Equal(31, Score(entries, "s1.l3.kernel", v), 12);
        Assert.Equal(27, entries.First(e => e.Decision == "s1.l3.kernel").Count);
    }

    [Fact]
    public void Module_scores_compare_modules_of_different_depths_on_the_target_scale()
    {
        var backgrounds = All(Macro1);
        Module Stage(int depth, int kernel1) =>
            new("s1", 0, depth, null!, 0, depth - 1, new[] { 0, 1, 2, 3 }, new[] { depth - 1, kernel1, depth >= 2 ? 0 : -1, depth >= 3 ? 0 : -1 });
        var modules = new[] { Stage(1, 2), Stage(3, 0), Stage(2, 1) };
        var scored = ModuleScorer.Score(Macro1, Predict(MacroTarget), modules, backgrounds, seed: 1, budget: 3);
        // The whole stage is replaced, so every background gives exactly 10·depth + kernel index.
        Assert.Equal(new[] { 12.0, 30, 21 }, scored.Select(s => s.Score));
        Assert.Same(modules[1], scored[1].Module);
    }

    [Fact]
    public void Module_score_differences_are_exact_with_common_backgrounds()
    {
        // Two backgrounds per module (budget 2 / 2 modules, raised to the minimum of 2): the mean of edge_1 over them
        // is the same for both modules, so the difference is exactly the planted 10.
        var modules = new[]
        {
            new Module("edge_0", 0, 1, null!, 0, 0, new[] { 0 }, new[] { 3 }),
            new Module("edge_0", 0, 1, null!, 0, 0, new[] { 0 }, new[] { 0 }),
        };
        var scored = ModuleScorer.Score(Cell2, Predict(CellTarget), modules, All(Cell2), seed: 1, budget: 2);
        Assert.Equal(10, scored[0].Score - scored[1].Score, 12);
    }

    [Fact]
    public void Substitution_fills_layers_a_deeper_choice_activates_and_clears_those_a_shallower_one_removes()
    {
        var backgrounds = All(Macro1);
        var shallow = new Architecture(Macro1, new[] { 0, 2, -1, -1 });
        var deep = backgrounds.Substitute(shallow, new[] { 0 }, new[] { 2 }, new Random(3))!;
        Assert.Equal(2, deep[0]);
        Assert.Equal(2, deep[1]);            // kept
        Assert.InRange(deep[2], 0, 2);       // drawn
        Assert.InRange(deep[3], 0, 2);
        var back = backgrounds.Substitute(deep, new[] { 0 }, new[] { 0 }, new Random(3))!;
        Assert.Equal(shallow, back);
    }

    [Fact]
    public void The_feature_read_out_averages_a_value_over_the_decisions_that_carry_it()
    {
        var entries = MarginalImportance.Compute(Cell2, Predict(CellTarget), All(Cell2), seed: 1);
        var encoder = new GraphEncoder(Cell2);
        var features = Importance.Features(Cell2, encoder.CategoricalFeatureOf, entries, (f, v) => v == "none" ? 0.5 : null);
        // op = conv3x3: (12 + 5) / 2; op = none: (2 + 2) / 2.
        Assert.Equal(8.5, features.Single(f => f.Feature == "op" && f.Value == "nor_conv_3x3").Score, 12);
        Assert.Equal(2, features.Single(f => f.Feature == "op" && f.Value == "none").Score, 12);
        Assert.Equal(0.5, features.Single(f => f.Value == "none").Scalar);
        Assert.DoesNotContain(features, f => f.Feature == "position");
    }
}

using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Scoring;

namespace AutoBuild.Learning.Tests.Scoring;

/// <summary>A hand-checkable model: a node's norm at hop k is its single categorical value plus 10·k.</summary>
internal sealed class FakeModel : IScoringModel
{
    public int Layers => 2;
    public List<int> BatchSizes { get; } = new();
    public (double Mean, double Std) HopMoments(int hop) => (10.0 * hop, hop == 2 ? 0 : 2);
    public double[] NodeNorms(IReadOnlyList<EncodedGraph> graphs, IReadOnlyList<int> roots, IReadOnlyList<int> hops)
    {
        BatchSizes.Add(graphs.Count);
        return graphs.Select((g, i) => g.Categorical[roots[i]] + 10.0 * hops[i]).ToArray();
    }
    public (double Mean, double Std) TargetMoments(int stage, int depth) => stage >= 0 ? (90 + stage, 1 + depth) : (91, 0.5);
    public double[] Predict(IReadOnlyList<EncodedGraph> graphs) => graphs.Select(g => (double)g.Categorical.Sum()).ToArray();
}

public class ModuleScorerTests
{
    private static EncodedGraph Chain(params int[] values) =>
        new(values.Length, values, Array.Empty<float>(), Enumerable.Range(0, values.Length - 1).ToArray(), Enumerable.Range(1, values.Length - 1).ToArray());

    [Fact]
    public void Rescale_standardises_by_hop_and_shifts_into_target_units()
    {
        Assert.Equal(2 * 3 + 90, ModuleScorer.Rescale(14, 10, 2, 90, 3), 12);   // z = 2
        Assert.Equal(-0.5 * 4 + 91, ModuleScorer.Rescale(9, 10, 2, 91, 4), 12); // z = -0.5
        Assert.Equal(91, ModuleScorer.Rescale(123, 10, 0, 91, 4), 12);          // no hop spread: z = 0
    }

    [Fact]
    public void Macro_modules_use_their_stage_and_depth_moments_and_are_batched()
    {
        var model = new FakeModel();
        var modules = new[]
        {
            // stage 0, depth 2, hops 1: norm = 7 + 10 = 17, z = (17 - 10) / 2 = 3.5, score = 3.5 * 3 + 90
            new Module("s1", 0, 2, Chain(1, 7), 1, 1, new[] { 0 }, new[] { 0 }),
            // stage 1, depth 1, hops 0: norm = 4, z = 2, score = 2 * 2 + 91
            new Module("s2", 1, 1, Chain(4), 0, 0, new[] { 1 }, new[] { 1 }),
            // hops 3 is capped at the model's 2 layers: hop std 0 -> z = 0, score = stage moments mean (90 + 2)
            new Module("s3", 2, 4, Chain(1, 2, 3, 4), 3, 3, new[] { 2 }, new[] { 0 }),
        };
        var scored = ModuleScorer.Score(model, modules, macro: true, batch: 2);
        Assert.Equal(new[] { 3.5 * 3 + 90, 2 * 2 + 91, 92 }, scored.Select(s => s.Score));
        Assert.Equal(new[] { 2, 1 }, model.BatchSizes);
        Assert.Same(modules[1], scored[1].Module);
    }

    [Fact]
    public void Cell_modules_use_the_overall_target_moments()
    {
        var scored = ModuleScorer.Score(new FakeModel(), new[] { new Module("edge_01", 1, 2, Chain(2, 6), 1, 1, new[] { 0 }, new[] { 3 }) }, macro: false);
        Assert.Equal((16 - 10) / 2.0 * 0.5 + 91, scored[0].Score, 12);
    }
}

using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Predictor;
using AutoBuild.Runtime;
using P = AutoBuild.Learning.Predictor.PredictorTrainer;

namespace AutoBuild.Learning.Tests.Predictor;

/// <summary>Graph-level features (the exact cost model's log params / log FLOPs) reach the regression head only when
/// <see cref="PredictorOptions.UseGraphFeatures"/> is set; modules carry none.</summary>
public class GraphFeatureTests
{
    private static readonly FeatureSchema WithGlobals = new(PredictorTests.Schema.Categorical, PredictorTests.Schema.Continuous, new[] { "g" });

    /// <summary>The synthetic chains, each with one graph-level value the nodes do not carry; the target is that value.</summary>
    private static (EncodedGraph[] Graphs, double[] Targets) Hidden(int count, int seed)
    {
        var (plain, _) = PredictorTests.Synthetic(count, seed);
        var rng = new Random(seed + 100);
        var graphs = new EncodedGraph[count]; var targets = new double[count];
        for (var i = 0; i < count; i++)
        {
            var g = plain[i];
            var value = (float)(10 + 5 * rng.NextDouble());
            graphs[i] = new EncodedGraph(g.NodeCount, g.Categorical, g.Continuous, g.EdgeSource, g.EdgeTarget) { Globals = new[] { value } };
            targets[i] = value;
        }
        return (graphs, targets);
    }

    private static PredictorOptions Small(bool use) => new() { Hidden = 16, Epochs = 25, Batch = 32, Seed = 7, TestFraction = 0.2, UseGraphFeatures = use };

    [Fact]
    public void The_head_learns_a_target_only_the_graph_features_carry()
    {
        var (graphs, targets) = Hidden(300, 11);
        var with = P.Train(WithGlobals, graphs, targets, Small(true));
        var without = P.Train(WithGlobals, graphs, targets, Small(false));
        Assert.True(with.Metrics.Spearman > 0.9, $"with graph features: held-out Spearman {with.Metrics.Spearman}");
        Assert.True(without.Metrics.Spearman < 0.5, $"without: held-out Spearman {without.Metrics.Spearman}");
        // bit-reproducible, and a module (no graph features: they read as the training mean) still evaluates
        Assert.Equal(with.Predict(graphs), P.Train(WithGlobals, graphs, targets, Small(true)).Predict(graphs));
        var module = new EncodedGraph(2, graphs[0].Categorical[..4], graphs[0].Continuous[..2], new[] { 0 }, new[] { 1 });
        Assert.Single(with.NodeNorms(new[] { module }, 1));
        Assert.True(double.IsFinite(with.Predict(new[] { module })[0]));
    }

    [Fact]
    public void A_graph_with_the_wrong_number_of_graph_features_is_refused()
    {
        var (graphs, targets) = Hidden(40, 12);
        var trained = P.Train(WithGlobals, graphs, targets, new PredictorOptions { Hidden = 8, Epochs = 1, Seed = 1, UseGraphFeatures = true });
        var g = graphs[0];
        var bad = new EncodedGraph(g.NodeCount, g.Categorical, g.Continuous, g.EdgeSource, g.EdgeTarget) { Globals = new[] { 1f, 2f } };
        Assert.Throws<ArgumentException>(() => trained.Predict(new[] { bad }));
    }

    [Fact]
    public void The_encoder_attaches_exact_log_params_and_flops_to_whole_architectures_only()
    {
        var space = TestData.CompileExample("nas-bench-201.space.yaml");
        var arch = new Architecture(space, new[] { 3, 1, 2, 3, 0, 4 });
        Assert.Empty(new GraphEncoder(space).Encode(arch).Globals);
        Assert.Empty(new GraphEncoder(space).Schema.Globals);
        var encoder = new GraphEncoder(space, costFeatures: true);
        Assert.Equal(GraphEncoder.CostFeatureNames, encoder.Schema.Globals);
        var g = encoder.Encode(arch);
        Assert.Equal((float)Math.Log(1 + (double)space.Params(arch)), g.Globals[0]);
        Assert.Equal((float)Math.Log(1 + (double)space.Flops(arch)), g.Globals[1]);
        Assert.Empty(encoder.EncodeSubgraph(arch, new[] { 0, 1, 2 }).Globals);
        // more convolutions, more parameters
        Assert.True(encoder.Encode(new Architecture(space, new[] { 3, 3, 3, 3, 3, 3 })).Globals[0] > g.Globals[0]);
        // a space without a network template has no cost model: no graph features
        Assert.Empty(new GraphEncoder(AutoBuild.Learning.Tests.Graphs.TestSpaces.Nb201(), costFeatures: true).Schema.Globals);
    }
}

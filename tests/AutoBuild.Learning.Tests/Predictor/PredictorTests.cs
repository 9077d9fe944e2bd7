using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Predictor;
using P = AutoBuild.Learning.Predictor.PredictorTrainer;

namespace AutoBuild.Learning.Tests.Predictor;

public class PredictorTests
{
    internal static readonly FeatureSchema Schema = new(
        new[] { new CategoricalFeature("stage", new[] { "s1", "s2", "s3" }), new CategoricalFeature("kernel", new[] { "3", "5", "7" }) },
        new[] { "resolution" });

    /// <summary>Random chains of 3-8 nodes; the target is additive in node values plus a pairwise term along the chain.</summary>
    internal static (EncodedGraph[] Graphs, double[] Targets) Synthetic(int count, int seed)
    {
        var rng = new Random(seed);
        double[] kernelValue = { 0.2, 1.0, -0.5 };
        var graphs = new EncodedGraph[count]; var targets = new double[count];
        for (var i = 0; i < count; i++)
        {
            var n = 3 + rng.Next(6);
            var cat = new int[n * 2]; var cont = new float[n];
            var res = (float)rng.Next(3) / 2;
            double y = 2 * res;
            for (var v = 0; v < n; v++)
            {
                cat[2 * v] = Math.Min(2, v / 3);
                cat[2 * v + 1] = rng.Next(3);
                cont[v] = res;
                y += kernelValue[cat[2 * v + 1]] * (1 + cat[2 * v]);
                if (v > 0 && cat[2 * v + 1] == cat[2 * v - 1]) y -= 0.4;
            }
            graphs[i] = new EncodedGraph(n, cat, cont, Enumerable.Range(0, n - 1).ToArray(), Enumerable.Range(1, n - 1).ToArray());
            targets[i] = y;
        }
        return (graphs, targets);
    }

    private static PredictorOptions Small(int seed = 7) => new() { Hidden = 16, Epochs = 25, Batch = 32, LearningRate = 3e-3, Seed = seed, TestFraction = 0.2 };

    [Fact]
    public void Learns_a_synthetic_target_with_high_rank_correlation()
    {
        var (graphs, targets) = Synthetic(400, 1);
        var trained = P.Train(Schema, graphs, targets, Small());
        Assert.Equal(80, trained.Metrics.TestSize);
        Assert.True(trained.Metrics.Spearman > 0.85, $"held-out Spearman {trained.Metrics.Spearman}");
        Assert.True(trained.Metrics.Kendall > 0.65, $"held-out Kendall {trained.Metrics.Kendall}");
        Assert.Equal(5, trained.Metrics.HopSpearman.Count);
        Assert.Equal(5, trained.HopMoments.Count);
        Assert.Empty(trained.Diagnostics);
        // predictions are in target units
        var predicted = trained.Predict(graphs);
        Assert.True(RankStatistics.Pearson(predicted, targets) > 0.8);
        Assert.InRange(predicted.Average(), targets.Average() - 1, targets.Average() + 1);
        // stage/depth moments: every graph has 3 nodes in stage s1
        Assert.True(trained.TryStageDepthMoments(0, 3, out var m));
        Assert.Equal(320, m.Count);
        Assert.Equal(Schema.Categorical.Sum(f => f.Cardinality), trained.FeatureScalars().Count);
    }

    [Fact]
    public void Training_is_bit_reproducible_for_a_seed()
    {
        var (graphs, targets) = Synthetic(120, 2);
        var options = Small();
        options.Epochs = 5;
        var a = P.Train(Schema, graphs, targets, options).Predict(graphs);
        var b = P.Train(Schema, graphs, targets, options).Predict(graphs);
        Assert.Equal(a, b);
        options.Seed = 8;
        var c = P.Train(Schema, graphs, targets, options).Predict(graphs);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(GnnKind.GatV2)]
    [InlineData(GnnKind.Gin)]
    public void Other_gnns_train_too(GnnKind gnn)
    {
        var (graphs, targets) = Synthetic(300, 3);
        var options = Small();
        options.Gnn = gnn;
        options.Pooling = ReadoutKind.Mean;
        var trained = P.Train(Schema, graphs, targets, options);
        Assert.True(trained.Metrics.Spearman > 0.7, $"{gnn}: held-out Spearman {trained.Metrics.Spearman}");
    }

    [Fact]
    public void Node_norms_of_the_root_match_the_per_node_norms()
    {
        var (graphs, targets) = Synthetic(100, 4);
        var options = Small();
        options.Epochs = 3;
        var trained = P.Train(Schema, graphs, targets, options);
        var module = graphs[5];
        var hop = module.NodeCount - 1 > 4 ? 4 : module.NodeCount - 1;
        var norms = trained.NodeNorms(new[] { graphs[3], module }, hop);
        Assert.Equal(trained.HopNodeNorms(module)[hop][module.NodeCount - 1], norms[1], 4);
        var first = trained.NodeNorms(new[] { module }, 2, new[] { 0 });
        Assert.Equal(trained.HopNodeNorms(module)[2][0], first[0], 4);
    }

    [Fact]
    public void A_tiny_label_set_is_reported()
    {
        var (graphs, targets) = Synthetic(20, 5);
        var options = Small();
        options.Epochs = 2;
        options.SourcePath = "labels.csv";
        var trained = P.Train(Schema, graphs, targets, options);
        Assert.Contains(trained.Diagnostics, d => d.Code == "AB3001" && d.ToString().StartsWith("labels.csv: warning AB3001", StringComparison.Ordinal));
        Assert.Contains(trained.Diagnostics, d => d.Code == "AB3003");
    }

    [Fact]
    public void Rank_statistics_match_known_values()
    {
        double[] a = { 1, 2, 3, 4, 5 }, b = { 2, 1, 4, 3, 5 };
        Assert.Equal(0.6, RankStatistics.Kendall(a, b), 10);  // 8 concordant, 2 discordant
        Assert.Equal(0.8, RankStatistics.Spearman(a, b), 10);
        double[] t1 = { 1, 1, 2, 3 }, t2 = { 1, 2, 2, 3 };     // scipy.stats.kendalltau = 0.8
        Assert.Equal(0.8, RankStatistics.Kendall(t1, t2), 10);
        Assert.Equal(1.0, RankStatistics.PrecisionAtTop(a, b, 0.2));
    }
}

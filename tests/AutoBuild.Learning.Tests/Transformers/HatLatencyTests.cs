using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Labels;
using AutoBuild.Learning.Predictor;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Transformers;

/// <summary>The HAT example's labels (examples/HatTransformer/make_labels.py: HAT's 2,000 measured WMT'14 En-De
/// SubTransformers on a Titan Xp) read as labels of the HAT space, and a latency predictor learnt from them.</summary>
public class HatLatencyTests
{
    private static string LabelsPath => Path.Combine(TestData.RepoRoot, "examples", "HatTransformer", "wmt14ende-gpu_titanxp.labels.csv");

    private static LabelSet Read(string target)
    {
        var space = TestData.CompileExample("hat-transformer.space.yaml");
        var result = LabelsReader.ReadFile(space, LabelsPath, TargetExpression.Parse(target));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        // The per-layer split of the averages maps four pairs of HAT's rows to one architecture each: averaged (AB2014).
        Assert.All(result.Diagnostics, d => Assert.Equal("AB2014", d.Code));
        Assert.Equal(4, result.Diagnostics.Count);
        return result.Labels!;
    }

    [Fact]
    public void Every_measured_row_is_an_architecture_whose_params_the_cost_model_gives()
    {
        var labels = Read("latency_ms");
        Assert.Equal(2000, labels.Rows.Count);
        Assert.Equal(1996, labels.Architectures.Count);
        Assert.Equal(new[] { "latency_ms", "latency_encoder_ms", "latency_decoder_ms", "params" }, labels.MetricColumns);
        var measured = labels.Metric("params");
        for (var a = 0; a < labels.Architectures.Count; a++)
            Assert.Equal(measured[a], labels.Space.Params(labels.Architectures[a]));
    }

    [Fact]
    public void A_latency_predictor_learns_the_measured_latencies()
    {
        var labels = Read("latency_ms");
        var encoder = new GraphEncoder(labels.Space);
        var graphs = labels.Architectures.Select(encoder.Encode).ToArray();
        var predictor = PredictorTrainer.Train(encoder.Schema, graphs, labels.Targets!, new PredictorOptions { Seed = 1 });
        // Held-out rank correlation on 10 % of the architectures (measured with these settings: see the notes in
        // docs/spec-language.md, "Transformer spaces").
        Assert.True(predictor.Metrics.TestSize >= 150, predictor.Metrics.TestSize.ToString());
        Assert.True(predictor.Metrics.Spearman > 0.9, $"held-out Spearman {predictor.Metrics.Spearman:F3}");
    }
}

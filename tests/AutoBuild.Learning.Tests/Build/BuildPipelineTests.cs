using System.Globalization;
using System.Text;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec.Results;
using AutoBuild.Spec;
using AutoBuild.Learning.Build;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Build;

public class BuildPipelineTests
{
    private const string MacroSpec = """
        space: TinyMacro
        input: { channels: 3, size: { choose: [32, 64] } }
        classes: 10
        network:
          - conv_bn: { out: 16, kernel: 3, act: relu }
          - stage: { name: s1, depth: { choose: [1, 2, 3] }, out: 24, stride: 2, block: { mbconv: { kernel: { choose: [3, 5] }, expand: { choose: [3, 6] } } } }
          - stage: { name: s2, depth: { choose: [1, 2] }, out: 32, stride: 2, block: { mbconv: { kernel: { choose: [3, 5] }, expand: { choose: [3, 6] } } } }
          - global_pool
          - classifier
        """;

    private static (SearchSpace Space, LabelSet Labels) MacroLabels(int count)
    {
        var space = SpecCompiler.Compile("tiny.space.yaml", MacroSpec).Space!;
        // A target that grows with the parameter count: the budget then binds.
        var sb = new StringBuilder(string.Join(",", space.Decisions.Select(d => d.Name)) + ",t\n");
        foreach (var a in space.SampleDistinct(count, new Random(4)))
            sb.Append(string.Join(",", a.Choices.Select((c, d) => c < 0 ? "" : space.Decisions[d].Values[c])))
              .Append(',').Append((Math.Log(space.Params(a)) + 0.1 * (a[0] == 1 ? 1 : 0)).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        var labels = LabelsReader.Read(space, "labels.csv", sb.ToString(), TargetExpression.Parse("t"));
        Assert.False(labels.HasErrors, string.Join("\n", labels.Diagnostics));
        return (space, labels.Labels!);
    }

    [Fact]
    public void A_latency_column_alone_gives_latency_importance_on_the_same_decisions()
    {
        var space = SpecCompiler.Compile("tiny.space.yaml", MacroSpec).Space!;
        // Latency grows with the parameter count, so deeper stages must come out slower.
        var sb = new StringBuilder(string.Join(",", space.Decisions.Select(d => d.Name)) + ",t,lat\n");
        foreach (var a in space.SampleDistinct(120, new Random(5)))
            sb.Append(string.Join(",", a.Choices.Select((c, d) => c < 0 ? "" : space.Decisions[d].Values[c])))
              .Append(',').Append((0.1 * a[0]).ToString("R", CultureInfo.InvariantCulture))
              .Append(',').Append((space.Params(a) / 1e4).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        var labels = LabelsReader.Read(space, "labels.csv", sb.ToString(), TargetExpression.Parse("t")).Labels!;
        var options = Fast();
        options.LatencyColumn = "lat";
        var outcome = BuildPipeline.Run(space, "hash", labels, options);
        Assert.False(outcome.HasErrors, string.Join("\n", outcome.Diagnostics));
        var r = outcome.Result!;
        Assert.Equal(r.Importance.Select(e => (e.Decision, e.Value)), r.LatencyImportance.Select(e => (e.Decision, e.Value)));
        // Every kind of decision is scored: the global resolution, depths and per-layer values.
        Assert.Contains(r.Importance, e => e.Decision == space.Decisions.Single(d => d.Role == DecisionRole.Resolution).Name);
        Assert.Contains(r.Importance, e => e.Decision == "s1.depth");
        double Latency(string decision, string value) => r.LatencyImportance.Single(e => e.Decision == decision && e.Value == value).Score;
        Assert.True(Latency("s1.depth", "3") > Latency("s1.depth", "1"));
        Assert.NotNull(r.Best[0].Latency);

        options.LatencyColumn = "nope";
        var missing = BuildPipeline.Run(space, "hash", labels, options);
        Assert.True(missing.HasErrors);
        Assert.Contains(missing.Diagnostics, d => d.Message.Contains("'nope'", StringComparison.Ordinal));
    }

    private static BuildOptions Fast(double? maxParams = null) => new() { Target = "t", Seed = 3, Epochs = 15, Hidden = 16, MaxParams = maxParams };

    [Fact]
    public void Macro_build_fills_the_result_and_a_binding_params_budget_is_met()
    {
        var (space, labels) = MacroLabels(120);
        var free = BuildPipeline.Run(space, "hash", labels, Fast());
        Assert.False(free.HasErrors, string.Join("\n", free.Diagnostics));
        var r = free.Result!;
        Assert.Equal("construct", r.Best[0].Method);
        Assert.Equal("macro", r.Kind);
        Assert.Equal(120, r.Labelled.Count);
        Assert.Equal(2, r.Modules.Select(m => m.Stage).Distinct().Count());
        Assert.Contains(r.Importance, e => e.Decision == "s1.l1.kernel");
        Assert.Contains(r.FeatureImportance, f => f.Feature == "kernel");
        Assert.Contains(r.Blocks, b => b.Stage == "s1" && b.Label.StartsWith("MB", StringComparison.Ordinal));
        Assert.Equal(space.Size.ToString(CultureInfo.InvariantCulture), r.SpaceSize);
        Assert.NotNull(r.BestLabelled);

        // Half the unconstrained best's parameters: the knapsack must find architectures within it.
        var budget = r.Best[0].Params / 2.0;
        var constrained = BuildPipeline.Run(space, "hash", labels, Fast(budget));
        Assert.False(constrained.HasErrors, string.Join("\n", constrained.Diagnostics));
        Assert.All(constrained.Result!.Best, b =>
        {
            Assert.Equal("construct-constrained", b.Method);
            Assert.True(b.Params <= budget);
            Assert.Equal(space.Params(space.Parse(b.Arch)), b.Params);
        });
        Assert.Equal(budget, constrained.Result.Constraints.MaxParams);
    }

    [Fact]
    public void Infeasible_budget_is_AB4001_with_the_smallest_achievable_value()
    {
        var (space, labels) = MacroLabels(60);
        var outcome = BuildPipeline.Run(space, "hash", labels, Fast(maxParams: 10));
        Assert.Null(outcome.Result);
        var error = Assert.Single(outcome.Diagnostics, d => d.Code == "AB4001");
        // The smallest parameter count of the space (one global choice fixed by the variant loop; params do not depend on resolution).
        var smallest = space.Enumerate().Min(a => space.Params(a));
        Assert.Contains("the smallest achievable is " + smallest.ToString(CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void Same_inputs_and_seed_give_identical_json()
    {
        var (space, labels) = MacroLabels(50);
        var a = ResultJson.Write(BuildPipeline.Run(space, "hash", labels, Fast()).Result!);
        var b = ResultJson.Write(BuildPipeline.Run(space, "hash", labels, Fast()).Result!);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Bad_options_are_AB4005()
    {
        var (space, labels) = MacroLabels(20);
        var o = Fast();
        o.TopK = 0;
        o.MaxLatency = 5;
        o.TrustRadius = -1;
        o.TrustMargin = double.NaN;
        var outcome = BuildPipeline.Run(space, "hash", labels, o);
        Assert.Null(outcome.Result);
        Assert.Equal(4, outcome.Diagnostics.Count(d => d.Code == "AB4005"));
    }

    private static (SearchSpace Space, LabelSet Labels) CellLabels(int count)
    {
        var space = SpecCompiler.CompileFile(TestData.Example("nas-bench-201.space.yaml")).Space!;
        // A target that rewards 3x3 convolutions.
        var sb = new StringBuilder(string.Join(",", space.Decisions.Select(d => d.Name)) + ",t\n");
        foreach (var a in space.SampleDistinct(count, new Random(5)))
            sb.Append(string.Join(",", a.Choices.Select((c, d) => space.Decisions[d].Values[c])))
              .Append(',').Append((a.Choices.Count(c => space.Decisions[0].Values[c] == "nor_conv_3x3") + 0.01 * a[0]).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        var labels = LabelsReader.Read(space, "labels.csv", sb.ToString(), TargetExpression.Parse("t"));
        Assert.False(labels.HasErrors, string.Join("\n", labels.Diagnostics));
        return (space, labels.Labels!);
    }

    [Fact]
    public void Cell_trust_region_stays_near_the_labels_uses_measured_values_and_respects_budgets()
    {
        var (space, labels) = CellLabels(60);
        var measured = labels.Architectures.Select((a, i) => (a, i)).ToDictionary(p => p.a.ToString(), p => labels.Targets![p.i]);
        var budget = space.Enumerate().Select(a => (double)space.Params(a)).OrderBy(p => p).ElementAt(8000);
        foreach (var maxParams in new double?[] { null, budget })
        {
            var r = BuildPipeline.Run(space, "hash", labels, Fast(maxParams)).Result!;
            Assert.Equal(10, r.Best.Count);
            var anchors = labels.Architectures.Zip(labels.Targets!).OrderByDescending(p => p.Second).ThenBy(p => p.First.ToString(), StringComparer.Ordinal).Take(BuildOptions.DefaultTrustAnchors).Select(p => p.First).ToList();
            foreach (var b in r.Best)
            {
                Assert.Equal("trust-region", b.Method);
                var a = space.Parse(b.Arch);
                Assert.True(measured.ContainsKey(b.Arch) || anchors.Any(x => Enumerable.Range(0, a.Choices.Count).Count(d => a[d] != x[d]) <= BuildOptions.DefaultTrustRadius));
                if (measured.TryGetValue(b.Arch, out var m)) Assert.Equal(m, b.Measured);
                else Assert.Null(b.Measured);
                if (maxParams is double cap) Assert.True(b.Params <= cap);
            }
            // Ranked by the measured value where there is one, else the prediction (margin 0).
            Assert.True(r.Best.Zip(r.Best.Skip(1)).All(p => (p.First.Measured ?? p.First.Predicted) >= (p.Second.Measured ?? p.Second.Predicted)));
        }
    }

    [Fact]
    public void Cell_prune_method_stays_available_and_held_out_points_name_their_architecture()
    {
        var (space, labels) = CellLabels(60);
        var o = Fast();
        o.CellMethod = CellMethod.Prune;
        var r = BuildPipeline.Run(space, "hash", labels, o).Result!;
        Assert.Equal("prune+exhaustive", r.Best[0].Method);
        var measured = labels.Architectures.Select((a, i) => (a, i)).ToDictionary(p => p.a.ToString(), p => labels.Targets![p.i]);
        Assert.NotEmpty(r.Predictor.HeldOut);
        Assert.All(r.Predictor.HeldOut, h => Assert.Equal(measured[h.Arch], h.Measured));
    }
}

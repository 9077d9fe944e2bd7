using AutoBuild.Spec.Results;

namespace AutoBuild.Spec.Tests.Results;

public class ResultJsonTests
{
    internal static AutoBuildResult Sample()
    {
        var r = new AutoBuildResult
        {
            Space = "NasBench201", Kind = "cell", Namespace = "Examples.Cells",
            SpecHash = "ab12", LabelsHash = "cd34", Target = "c10v_valid_acc_200ep", Seed = 7,
            Tool = "0.1.0", SpaceSize = "123456789012345678901234567890",
            Constraints = new ConstraintsInfo { MaxFlops = 1.5e8, MaxLatency = 0.1, LatencyColumn = "lat \"gpu\"" },
            Predictor = new PredictorInfo
            {
                Gnn = "graphconv", Hidden = 64, Layers = 3, Epochs = 200, Batch = 32, LearningRate = 1e-3,
                Lambda = 0.5, TrainSize = 90, TestSize = 10, TestSpearman = 0.8123456789012345,
                TestKendall = -0.1, TestPrecisionTop5 = double.NaN, TestMae = 1.0 / 3,
                TrainSeconds = 2.25,
            },
            BestLabelled = new RankedArchitecture { Rank = 1, Method = "labelled", Arch = "a", Measured = 91.05, Predicted = 90.5 },
        };
        r.Predictor.HopSpearman.AddRange(new[] { 0.1, 0.2, 0.30000000000000004 });
        r.Predictor.HeldOut.Add(new HeldOutPoint { Arch = "x\ny", Measured = 90, Predicted = 89.75 });
        var best = new RankedArchitecture
        {
            Rank = 1, Method = "prune+exhaustive", Arch = "|nor_conv_3x3~0|", Id = "f00", Predicted = 91.3,
            Params = 1_234_567, Flops = 98_765_432_100, Latency = null, Score = 3.5,
        };
        best.Decisions["edge_12"] = "skip_connect";
        best.Decisions["edge_01"] = "nor_conv_3x3";
        r.Best.Add(best);
        r.Candidates.Add(new RankedArchitecture
        {
            Rank = 1, Method = "exhaustive", Arch = "c", Predicted = 91.4, Source = "predicted", Lower = 90.1, Upper = 91.7,
            ProbabilityOfImprovement = 0.6, ExpectedImprovement = 0.25, BudgetBasis = "predicted",
        });
        r.Selection = new SelectionInfo
        {
            Rule = "r", Confidence = 0.5, BestSource = "measured", BestMeasured = 91.05, TopProbability = 0.6, EnsembleMembers = 5,
            CalibrationResiduals = 25, CalibrationBias = -0.4, CalibrationLabels = "labels within the budget", NeighbourPairs = 312, NeighbourPairDistance = 2, LatencyMargin = 0.01, MergedEquivalent = 2, CoveredUpTo = 91.75,
            TopPickRule = true, TopPickProbability = 0.55, RankCorrelation = 0.9, LabelsAtTop = 1, EffectiveLabels = 800, CrowdingShare = 0.01, LabelsInCrowd = 8, CorrelationLabels = 84,
            CandidateLabels = 10, CandidatesAboveBest = 6, TopPickRankProbability = 0.8,
        };
        r.Labelled.Add(new LabelledPoint { Arch = "a", Target = 91.05, Params = 10, Flops = 20, Latency = 0.03 });
        var m = new ModuleScore { Stage = "s1", Hops = 2, Rank = 1, Score = -0.5 };
        m.Decisions["s1.depth"] = "3";
        r.Modules.Add(m);
        r.Importance.Add(new ImportanceEntry { Decision = "edge_01", Value = "none", Score = -1.25, Count = 3125 });
        r.LatencyImportance.Add(new ImportanceEntry { Decision = "edge_01", Value = "none", Score = 0.0125, Count = 100 });
        r.FeatureImportance.Add(new FeatureImportance { Feature = "op", Value = "nor_conv_3x3", Score = 0.75, Scalar = 1.5 });
        r.FeatureImportance.Add(new FeatureImportance { Feature = "op", Value = "none", Score = 0.25 });
        r.Blocks.Add(new BlockInfo { Index = 0, Stage = "stem", Layer = 0, Label = "conv3x3", OutShape = "16x32x32", Score = null });
        r.Warnings.Add("labels.csv: warning AB3001: é ünïcode \u0001");
        return r;
    }

    [Fact]
    public void Round_trips_every_field_byte_for_byte()
    {
        var json = ResultJson.Write(Sample());
        Assert.True(ResultJson.TryRead(json, out var back, out var error), error);
        Assert.Equal(json, ResultJson.Write(back!));
        Assert.Equal("lat \"gpu\"", back!.Constraints.LatencyColumn);
        Assert.Null(back.Constraints.MaxParams);
        Assert.Equal(0.30000000000000004, back.Predictor.HopSpearman[2]);
        Assert.Equal(1.0 / 3, back.Predictor.TestMae);
        Assert.True(double.IsNaN(back.Predictor.TestPrecisionTop5));
        Assert.Equal(98_765_432_100, back.Best[0].Flops);
        Assert.Equal(new[] { "edge_01", "edge_12" }, back.Best[0].Decisions.Keys);
        Assert.Equal("x\ny", back.Predictor.HeldOut[0].Arch);
        Assert.Equal("labels.csv: warning AB3001: é ünïcode \u0001", back.Warnings[0]);
        Assert.Equal(91.05, back.BestLabelled!.Measured);
        Assert.Equal(0.6, back.Candidates[0].ProbabilityOfImprovement);
        Assert.Equal("predicted", back.Candidates[0].BudgetBasis);
        Assert.Equal(2, back.Selection!.MergedEquivalent);
        Assert.Equal(91.75, back.Selection.CoveredUpTo);
        Assert.Equal(-0.4, back.Selection.CalibrationBias);
        Assert.Equal("labels within the budget", back.Selection.CalibrationLabels);
        Assert.Equal((312, 2), (back.Selection.NeighbourPairs, back.Selection.NeighbourPairDistance));
        Assert.Equal(800, back.Selection.EffectiveLabels);
        Assert.Equal(0.01, back.Selection.CrowdingShare);
        Assert.Equal(8, back.Selection.LabelsInCrowd);
        Assert.Equal(84, back.Selection.CorrelationLabels);
        Assert.Equal((10, 6, 0.8), (back.Selection.CandidateLabels, back.Selection.CandidatesAboveBest, back.Selection.TopPickRankProbability));
        Assert.Equal(0.0125, back.LatencyImportance[0].Score);
        Assert.Equal(1.5, back.FeatureImportance[0].Scalar);
        Assert.Null(back.FeatureImportance[1].Scalar);
    }

    [Fact]
    public void Output_is_canonical_text()
    {
        var json = ResultJson.Write(Sample());
        Assert.DoesNotContain("\r", json);
        Assert.EndsWith("}\n", json);
        Assert.StartsWith("{\n  \"schemaVersion\": 1,\n  \"space\": \"NasBench201\",\n", json);
        Assert.Contains("\"maxFlops\": 150000000,", json);
        Assert.Contains("\"maxParams\": null,", json);
        Assert.Contains("\"learningRate\": 0.001,", json);
        Assert.Contains("\"hopSpearman\": [\n      0.1,\n", json);
        Assert.Contains("\"warnings\": [\n    \"labels.csv: warning AB3001: é ünïcode \\u0001\"\n  ]\n}", json);
        Assert.Contains("\"blocks\": [", json);
        Assert.Equal(json, ResultJson.Write(Sample()));
    }

    [Fact]
    public void Empty_result_writes_empty_collections()
    {
        var json = ResultJson.Write(new AutoBuildResult());
        Assert.Contains("\"best\": [],", json);
        Assert.Contains("\"bestLabelled\": null,", json);
        Assert.True(ResultJson.TryRead(json, out var back, out _));
        Assert.Equal(json, ResultJson.Write(back!));
    }

    [Fact]
    public void Ignores_unknown_properties_and_fills_missing_ones()
    {
        Assert.True(ResultJson.TryRead("{\"schemaVersion\":1,\"space\":\"S\",\"future\":{\"x\":[1,2]}}", out var r, out var error), error);
        Assert.Equal("S", r!.Space);
        Assert.Empty(r.Best);
        Assert.Null(r.BestLabelled);
    }

    [Theory]
    [InlineData("", "(1,1): unexpected end of input")]
    [InlineData("{\"schemaVersion\":1,", "(1,20): expected a property name")]
    [InlineData("{\"schemaVersion\":1} x", "(1,21): unexpected text after the JSON value")]
    [InlineData("{\"schemaVersion\":1,\"space\":\"a\nb\"}", "(1,30): control character in string")]
    [InlineData("[1,2]", "$: expected an object")]
    [InlineData("{\"space\":\"S\"}", "$.schemaVersion: missing")]
    [InlineData("{\"schemaVersion\":99}", "$.schemaVersion: version 99 is not supported (this tool reads 1..1)")]
    [InlineData("{\"schemaVersion\":1,\"seed\":\"7\"}", "$.seed: expected a 32-bit integer")]
    [InlineData("{\"schemaVersion\":1,\"best\":[{\"params\":1.5}]}", "$.best[0].params: expected an integer")]
    [InlineData("{\"schemaVersion\":1,\"best\":[{\"decisions\":{\"a\":1}}]}", "$.best[0].decisions.a: expected a string")]
    [InlineData("{\"schemaVersion\":1,\"predictor\":{\"hopSpearman\":[0.1,\"x\"]}}", "$.predictor.hopSpearman[1]: expected a number")]
    [InlineData("{\"schemaVersion\":1,\"modules\":{}}", "$.modules: expected an array")]
    [InlineData("{\"schemaVersion\":1,\"space\":01}", "(1,29): expected ',' or '}'")]
    [InlineData("{\"schemaVersion\":1,\"space\":\"\\x\"}", "(1,29): bad escape '\\x'")]
    public void Bad_input_is_an_error_never_an_exception(string json, string expected)
    {
        Assert.False(ResultJson.TryRead(json, out var r, out var error));
        Assert.Null(r);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Deeply_nested_input_is_rejected()
    {
        var json = "{\"schemaVersion\":1,\"x\":" + new string('[', 500) + new string(']', 500) + "}";
        Assert.False(ResultJson.TryRead(json, out _, out var error));
        Assert.Contains("nesting too deep", error);
    }

    [Fact]
    public void The_generators_read_keeps_what_code_is_made_from_and_skips_the_rest()
    {
        var json = ResultJson.Write(Sample());
        Assert.True(ResultJson.TryReadForCode(json, out var code, out var error), error);
        Assert.True(ResultJson.TryRead(json, out var full, out _));
        Assert.Equal((full!.Space, full.Kind, full.Namespace, full.Target), (code!.Space, code.Kind, code.Namespace, code.Target));
        Assert.Equal(ResultJson.Write(new AutoBuildResult { Best = { full.Best[0] } }), ResultJson.Write(new AutoBuildResult { Best = { code.Best[0] } }));
        Assert.Equal(full.Candidates.Single().ExpectedImprovement, code.Candidates.Single().ExpectedImprovement);
        // Not needed by generated code: left at their defaults.
        Assert.Empty(code.Labelled);
        Assert.Empty(code.Importance);
        Assert.Empty(code.Predictor.HeldOut);
        Assert.Null(code.BestLabelled);
        Assert.Equal(0, code.Seed);
    }

    [Theory]
    [InlineData("{\"schemaVersion\":1,\"labelled\":[{\"arch\":\"a\",}]}", "(1,44): expected a property name")]
    [InlineData("{\"schemaVersion\":1,\"labelled\":[1,2", "(1,35): unexpected end of input in array")]
    [InlineData("{\"schemaVersion\":1,\"modules\":\"\\q\"}", "(1,31): bad escape '\\q'")]
    [InlineData("{\"schemaVersion\":1,\"x\":" + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]" + "}", "nesting too deep")]
    public void Skipped_members_are_still_checked_for_syntax(string json, string expected)
    {
        Assert.False(ResultJson.TryReadForCode(json, out var r, out var error));
        Assert.Null(r);
        Assert.Contains(expected, error);
    }
}

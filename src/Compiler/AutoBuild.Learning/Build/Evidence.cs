using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Predictor;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Build;

/// <summary>What the labels say about architectures nobody measured: a cross-fitted ensemble of predictors
/// (member f trains on every label outside fold f) whose mean is the prediction, and whose out-of-fold
/// predictions (each label predicted by the member that never saw it) calibrate the uncertainty
/// (<see cref="ResidualCalibration"/>). With one member the primary predictor predicts and its held-out part
/// calibrates. Predictions are cached per architecture.</summary>
internal sealed class Evidence
{
    private readonly GraphEncoder _encoder;
    private readonly IReadOnlyList<TrainedPredictor> _members;
    private readonly Dictionary<Architecture, double> _cache = new();

    private Evidence(GraphEncoder encoder, IReadOnlyList<TrainedPredictor> members, ResidualCalibration calibration, int outOfFold,
        double[]? outOfFoldPredictions = null, int[]? fold = null)
    {
        _encoder = encoder; _members = members; Calibration = calibration; OutOfFoldCount = outOfFold;
        OutOfFold = outOfFoldPredictions; Fold = fold;
        Decision = calibration.WithoutUpside();
    }

    /// <summary>The out-of-fold residuals: intervals and expected improvement (candidates) use them.</summary>
    public ResidualCalibration Calibration { get; }
    /// <summary>The residuals without upside: the selection rule and probabilities of improvement use them.</summary>
    public ResidualCalibration Decision { get; }
    /// <summary>How many labels have an out-of-fold prediction (all of them when cross-fitted).</summary>
    public int OutOfFoldCount { get; }
    public int Members => _members.Count;
    /// <summary>The options each member trained with (the primary's, when it is the only member).</summary>
    public IEnumerable<PredictorOptions> MemberOptions => _members.Select(m => m.Options);
    /// <summary>Each label's prediction by the member that did not train on it (label order); null with one member.</summary>
    public double[]? OutOfFold { get; }
    /// <summary>The fold of each label (label order): member f never trained on the labels of fold f; null with one member.</summary>
    public int[]? Fold { get; }

    /// <summary>Trains <paramref name="folds"/> cross-fitted members (none when folds &lt; 2: the primary predicts).</summary>
    public static Evidence Train(GraphEncoder encoder, IReadOnlyList<EncodedGraph> graphs, double[] targets, TrainedPredictor primary,
        int folds, Func<int, PredictorOptions> memberOptions, Action<int>? started = null)
    {
        folds = Math.Min(folds, targets.Length);
        if (folds < 2)
        {
            var pairs = primary.Metrics.TestPairs;
            return new Evidence(encoder, new[] { primary },
                new ResidualCalibration(pairs.Select(p => p.Measured).ToArray(), pairs.Select(p => p.Predicted).ToArray()), pairs.Count);
        }
        // Fold of each label: a seeded permutation dealt round-robin, so folds differ in size by at most one.
        var order = Enumerable.Range(0, targets.Length).ToArray();
        new Random(memberOptions(0).Seed).Shuffle(order);
        var fold = new int[targets.Length];
        for (var i = 0; i < order.Length; i++) fold[order[i]] = i % folds;
        var members = new List<TrainedPredictor>();
        var outOfFold = new double[targets.Length];
        for (var f = 0; f < folds; f++)
        {
            started?.Invoke(f);
            var train = Enumerable.Range(0, targets.Length).Where(i => fold[i] != f).ToArray();
            var held = Enumerable.Range(0, targets.Length).Where(i => fold[i] == f).ToArray();
            var options = memberOptions(f + 1);
            options.TestFraction = 0;
            var member = Predictor.PredictorTrainer.Train(encoder.Schema, train.Select(i => graphs[i]).ToArray(), train.Select(i => targets[i]).ToArray(), options);
            var p = member.Predict(held.Select(i => graphs[i]).ToArray());
            for (var j = 0; j < held.Length; j++) outOfFold[held[j]] = p[j];
            members.Add(member);
        }
        return new Evidence(encoder, members, new ResidualCalibration(targets, outOfFold), targets.Length, outOfFold, fold);
    }

    /// <summary>The ensemble's mean prediction of each architecture.</summary>
    public double[] Predict(IReadOnlyList<Architecture> architectures)
    {
        var missing = architectures.Where(a => !_cache.ContainsKey(a)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var graphs = missing.Select(_encoder.Encode).ToArray();
            var sum = new double[missing.Count];
            foreach (var m in _members)
            {
                var p = m.Predict(graphs);
                for (var i = 0; i < sum.Length; i++) sum[i] += p[i];
            }
            for (var i = 0; i < sum.Length; i++) _cache[missing[i]] = sum[i] / _members.Count;
        }
        return architectures.Select(a => _cache[a]).ToArray();
    }

    /// <summary>Every member's prediction of each architecture ([member][architecture]), uncached.</summary>
    public double[][] PredictEach(IReadOnlyList<Architecture> architectures)
    {
        var graphs = architectures.Select(_encoder.Encode).ToArray();
        return _members.Select(m => m.Predict(graphs)).ToArray();
    }

    /// <summary>One member's prediction of each architecture, uncached.</summary>
    public double[] PredictBy(int member, IReadOnlyList<Architecture> architectures) =>
        _members[member].Predict(architectures.Select(_encoder.Encode).ToArray());
}

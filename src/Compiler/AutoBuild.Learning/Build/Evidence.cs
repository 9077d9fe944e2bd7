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
    private readonly int _perFold;
    private readonly Dictionary<Architecture, double> _cache = new();

    private readonly NeighbourSmoothing? _smoothing;

    private Evidence(GraphEncoder encoder, IReadOnlyList<TrainedPredictor> members, ResidualCalibration calibration, int outOfFold,
        double[]? outOfFoldPredictions = null, int[]? fold = null, int perFold = 1, NeighbourSmoothing? smoothing = null)
    {
        _encoder = encoder; _members = members; Calibration = calibration; OutOfFoldCount = outOfFold;
        OutOfFold = outOfFoldPredictions; Fold = fold; _perFold = perFold; _smoothing = smoothing;
    }

    /// <summary>The out-of-fold residuals of the labels predicted highest: without budgets they calibrate the
    /// answer (<see cref="SelectionCalibration"/>).</summary>
    public ResidualCalibration Calibration { get; }
    /// <summary>How many labels have an out-of-fold prediction (all of them when cross-fitted).</summary>
    public int OutOfFoldCount { get; }
    public int Members => _members.Count;
    /// <summary>Each label's prediction by the member that did not train on it (label order); null with one member.</summary>
    public double[]? OutOfFold { get; }
    /// <summary>The fold of each label (label order): member f never trained on the labels of fold f; null with one member.</summary>
    public int[]? Fold { get; }

    /// <summary>The fold of each label for <paramref name="folds"/> cross-fitted members (member f never trains on
    /// fold f): a seeded permutation dealt round-robin, so folds differ in size by at most one. Null when fewer than
    /// two folds (the primary then predicts alone).</summary>
    public static int[]? Folds(int labels, int folds, int seed)
    {
        folds = Math.Min(folds, labels);
        if (folds < 2) return null;
        var order = Enumerable.Range(0, labels).ToArray();
        new Random(seed).Shuffle(order);
        var fold = new int[labels];
        for (var i = 0; i < order.Length; i++) fold[order[i]] = i % folds;
        return fold;
    }

    /// <summary>Member <paramref name="f"/>: a predictor trained on every label outside fold f, none held out.
    /// Members are independent of each other, so they may be trained side by side. With <paramref name="bootstrap"/>
    /// the member trains on a resample with replacement of those labels (as many draws as labels, seeded by the
    /// member's seed).</summary>
    public static TrainedPredictor TrainMember(FeatureSchema schema, IReadOnlyList<EncodedGraph> graphs, double[] targets, int[] fold, int f,
        PredictorOptions options, bool bootstrap = false)
    {
        var train = Enumerable.Range(0, targets.Length).Where(i => fold[i] != f).ToArray();
        if (bootstrap)
        {
            var rng = new Random(options.Seed ^ 0x5bd1e995);
            var kept = train;
            train = kept.Select(_ => kept[rng.Next(kept.Length)]).OrderBy(i => i).ToArray();
        }
        options.TestFraction = 0;
        return Predictor.PredictorTrainer.Train(schema, train.Select(i => graphs[i]).ToArray(), train.Select(i => targets[i]).ToArray(), options);
    }

    /// <summary>The evidence of trained <paramref name="members"/> (member f for fold f; each label is predicted by
    /// the member that never saw it), or of the primary alone when <paramref name="fold"/> is null. With
    /// <paramref name="perFold"/> &gt; 1 members f·perFold … f·perFold + perFold − 1 all leave out fold f (differently
    /// seeded) and act as one: their mean predicts the fold's labels.</summary>
    public static Evidence From(GraphEncoder encoder, IReadOnlyList<EncodedGraph> graphs, double[] targets, TrainedPredictor primary,
        int[]? fold, IReadOnlyList<TrainedPredictor> members, int perFold = 1, NeighbourSmoothing? smoothing = null, IReadOnlyList<Architecture>? labelled = null)
    {
        if (fold is null)
        {
            var pairs = primary.Metrics.TestPairs;
            return new Evidence(encoder, new[] { primary },
                new ResidualCalibration(pairs.Select(p => p.Measured).ToArray(), pairs.Select(p => p.Predicted).ToArray()), pairs.Count);
        }
        var outOfFold = new double[targets.Length];
        for (var m = 0; m < members.Count; m++)
        {
            var held = Enumerable.Range(0, targets.Length).Where(i => fold[i] == m / perFold).ToArray();
            var p = smoothing is null || labelled is null ? members[m].Predict(held.Select(i => graphs[i]).ToArray())
                : smoothing.Predict(members[m], held.Select(i => labelled[i]).ToArray());
            for (var j = 0; j < held.Length; j++) outOfFold[held[j]] += p[j];
        }
        if (perFold > 1) for (var i = 0; i < outOfFold.Length; i++) outOfFold[i] /= perFold;
        return new Evidence(encoder, members, new ResidualCalibration(targets, outOfFold), targets.Length, outOfFold, fold, perFold, smoothing);
    }

    /// <summary>The ensemble's mean prediction of each architecture.</summary>
    public double[] Predict(IReadOnlyList<Architecture> architectures)
    {
        var missing = architectures.Where(a => !_cache.ContainsKey(a)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var graphs = _smoothing is null ? missing.Select(_encoder.Encode).ToArray() : null;
            var sum = new double[missing.Count];
            foreach (var m in _members)
            {
                var p = Member(m, missing, graphs);
                for (var i = 0; i < sum.Length; i++) sum[i] += p[i];
            }
            for (var i = 0; i < sum.Length; i++) _cache[missing[i]] = sum[i] / _members.Count;
        }
        return architectures.Select(a => _cache[a]).ToArray();
    }

    /// <summary>Every member's prediction of each architecture ([member][architecture]), uncached.</summary>
    public double[][] PredictEach(IReadOnlyList<Architecture> architectures)
    {
        var graphs = _smoothing is null ? architectures.Select(_encoder.Encode).ToArray() : null;
        return _members.Select(m => Member(m, architectures, graphs)).ToArray();
    }

    /// <summary>The prediction of each architecture by the member(s) that never trained on fold <paramref name="fold"/>, uncached.</summary>
    public double[] PredictBy(int fold, IReadOnlyList<Architecture> architectures)
    {
        var graphs = _smoothing is null ? architectures.Select(_encoder.Encode).ToArray() : null;
        if (_perFold == 1) return Member(_members[fold], architectures, graphs);
        var sum = new double[architectures.Count];
        for (var r = 0; r < _perFold; r++)
        {
            var p = Member(_members[fold * _perFold + r], architectures, graphs);
            for (var i = 0; i < sum.Length; i++) sum[i] += p[i];
        }
        for (var i = 0; i < sum.Length; i++) sum[i] /= _perFold;
        return sum;
    }

    /// <summary>One member's prediction of each architecture: its network's, or with smoothing the neighbour-smoothed one.</summary>
    private double[] Member(TrainedPredictor member, IReadOnlyList<Architecture> architectures, EncodedGraph[]? graphs) =>
        _smoothing is null ? member.Predict(graphs!) : _smoothing.Predict(member, architectures);
}

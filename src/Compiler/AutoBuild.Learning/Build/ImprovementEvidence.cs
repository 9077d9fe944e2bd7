using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Build;

/// <summary>How likely an unmeasured architecture is to beat the best measured one M, from two kinds of
/// out-of-fold evidence:
/// <list type="bullet">
/// <item>a one-decision neighbour b of M: M's measured target plus the difference ŷ(b) − ŷ(M) predicted by the one
/// member that did not train on M (with equivalent labels merged: M's network), plus the residuals of such
/// differences between labels a few decisions apart (<see cref="PairedResiduals"/>). A
/// predictor that is systematically off near the top (optimistic, or unable to predict above the labels' range)
/// is off for both, and a step from M picks among a few dozen neighbours, so there is little selection optimism;</item>
/// <item>any other architecture: its prediction plus the residuals of the labels predicted highest (under a budget,
/// of the labels within it: <see cref="SelectionCalibration"/>), positive ones counted as 0 (picked out of
/// thousands, it carries the winner's curse the residuals of labels do not).</item>
/// </list>
/// Without cross-fitted members (no out-of-fold predictions) only the second applies.</summary>
internal sealed class ImprovementEvidence
{
    private readonly ResidualCalibration _decision;
    private readonly string _scope;
    private readonly ResidualCalibration? _paired;
    private readonly double _best;
    // M's network (its canonical form): merged target and out-of-fold prediction, the anchor of a predicted difference.
    private readonly double _anchor;
    private readonly double _anchorOutOfFold;
    // Each neighbour's prediction by the member that did not train on M (the one whose prediction of M is _anchorOutOfFold).
    private readonly Dictionary<Architecture, double> _neighbours = new();

    /// <param name="bestMeasured">M: the best labelled architecture within the budgets, as labelled (null: none).</param>
    /// <param name="calibration">The residuals of the labels that calibrate (within the budget, under one).</param>
    public ImprovementEvidence(BuildRun run, Architecture? bestMeasured, SelectionCalibration calibration)
    {
        _decision = calibration.Decision;
        _scope = calibration.Scope;
        _best = bestMeasured is null ? double.NegativeInfinity : run.LabelledTargets[bestMeasured];
        if (bestMeasured is null || run.Evidence.OutOfFold is not { } outOfFold || run.Evidence.Fold is not { } fold) return;
        var labels = run.Distinct.Architectures;
        var (paired, distance) = PairedResiduals.Calibrate(labels, run.Targets, outOfFold, fold);
        if (paired.Count == 0) return;
        _paired = paired;
        PairCount = paired.Count / 2;
        PairDistance = distance;
        var network = run.Space.Canonical(bestMeasured);
        var index = labels.Select((a, i) => (a, i)).First(p => p.a.Equals(network)).i;
        (_anchor, _anchorOutOfFold) = (run.Targets[index], outOfFold[index]);
        var neighbours = TrustRegion.Neighbours(run.Space, network).Select(run.Space.Canonical).Where(c => !c.Equals(network)).Distinct().ToList();
        var predicted = run.Evidence.PredictBy(fold[index], neighbours);
        for (var i = 0; i < neighbours.Count; i++) _neighbours[neighbours[i]] = predicted[i];
    }

    /// <summary>Label pairs calibrating the neighbours of M (0: not used), and how many decisions apart they are at most.</summary>
    public int PairCount { get; }
    public int PairDistance { get; }

    private bool IsNeighbour(Architecture a, out double byAnchorMember) => _neighbours.TryGetValue(a, out byAnchorMember) && _paired is not null;

    /// <summary>Calibrated probability that <paramref name="a"/> (ensemble prediction <paramref name="mean"/>) beats M.</summary>
    public double Probability(Architecture a, double mean) => IsNeighbour(a, out var p)
        ? _paired!.ProbabilityAbove(_anchor + p - _anchorOutOfFold, _best)
        : _decision.ProbabilityAbove(mean, _best);

    /// <summary>The value <paramref name="a"/> exceeds with probability <paramref name="confidence"/>: above M
    /// exactly when <see cref="Probability"/> reaches the confidence.</summary>
    public double LowerValue(Architecture a, double mean, double confidence) => IsNeighbour(a, out var p)
        ? _paired!.LowerValue(_anchor + p - _anchorOutOfFold, confidence)
        : _decision.LowerValue(mean, confidence);

    public string Rule(double confidence) => string.Format(CultureInfo.InvariantCulture,
        "labelled architectures count with their own measured target; an unmeasured architecture counts with the value it exceeds with probability {0}: " +
        "for a one-decision neighbour of the best measured architecture, that architecture's measured target plus the difference to it predicted by " +
        "the member that did not train on it, plus a quantile of {1} residuals of such differences between labels at most {2} decisions apart; for any other, its prediction plus a " +
        "quantile of {3} out-of-fold residuals of the {4} predicted highest, positive ones counted as 0. So best[0] is unmeasured only when it " +
        "beats the best measured architecture (within the budget) with probability at least {0}", confidence, PairCount, PairDistance, _decision.Count, _scope);
}

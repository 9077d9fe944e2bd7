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
/// thousands, it carries the winner's curse the residuals of labels do not). Its probability is the
/// <see cref="DecisionBoundLevel"/> lower confidence bound of the share of residuals that put it above M
/// (<see cref="ResidualCalibration.BoundedProbabilityAbove"/>): a probability from as few as ten residuals (the
/// labels within a budget) is itself uncertain, and on NAS-Bench-201 under a params budget picks that 7–9 of 10
/// residuals put above M were truly 0.5–0.9 below it.</item>
/// </list>
/// A neighbour's difference comes from one member, which may be lost near M (its own prediction of M far off)
/// and then predicts a small difference between two values it has both wrong; the whole ensemble's prediction,
/// calibrated with upside, still says such a neighbour cannot beat M. So the first kind counts only while the
/// second leaves the neighbour at least <see cref="NeighbourPlausibility"/> chance of beating M; otherwise the
/// neighbour is judged like any other architecture (NAS-Bench-201 under a params budget: a neighbour the anchor
/// member put 0.48 above the best label, which the ensemble predicted 5.5 below it, truly 5.8 below).
/// Without cross-fitted members (no out-of-fold predictions) only the second applies.</summary>
internal sealed class ImprovementEvidence
{
    /// <summary>A neighbour's paired evidence counts only when the ensemble's prediction, with the calibrating
    /// residuals as they are (upside included), gives it at least this chance of beating M.</summary>
    public const double NeighbourPlausibility = 0.3;
    /// <summary>The certainty of the lower bound on an architecture's probability when the ensemble's residuals
    /// judge it. The paired evidence of a neighbour keeps its conformal estimate: it rests on at least
    /// <see cref="PairedResiduals.DefaultMinimumPairs"/> label pairs and is guarded by the ensemble's plausibility.</summary>
    public const double DecisionBoundLevel = 0.9;

    private readonly ResidualCalibration _decision;
    private readonly ResidualCalibration _upside;
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
        _upside = calibration.Calibration;
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

    /// <summary>Calibrated probability that <paramref name="a"/> (ensemble prediction <paramref name="mean"/>) beats M.</summary>
    public double Probability(Architecture a, double mean) => ByDifference(a, mean, out var p)
        ? _paired!.ProbabilityAbove(_anchor + p - _anchorOutOfFold, _best)
        : ByResiduals(_decision, mean, _best);

    /// <summary>The value <paramref name="a"/> exceeds with probability <paramref name="confidence"/>: above M
    /// exactly when <see cref="Probability"/> reaches the confidence.</summary>
    public double LowerValue(Architecture a, double mean, double confidence) => ByDifference(a, mean, out var p)
        ? _paired!.LowerValue(_anchor + p - _anchorOutOfFold, confidence)
        : LowerByResiduals(_decision, mean, confidence);

    /// <summary>The probability that an architecture the residuals judge (ensemble prediction <paramref name="mean"/>)
    /// beats <paramref name="best"/>: the <see cref="DecisionBoundLevel"/> lower bound of the share of
    /// <paramref name="decision"/>'s residuals that put it above.</summary>
    public static double ByResiduals(ResidualCalibration decision, double mean, double best) =>
        decision.BoundedProbabilityAbove(mean, best, DecisionBoundLevel);

    /// <summary>The value such an architecture exceeds with probability <paramref name="confidence"/> by
    /// <see cref="ByResiduals"/>: above M exactly when that probability reaches the confidence.</summary>
    public static double LowerByResiduals(ResidualCalibration decision, double mean, double confidence) =>
        decision.BoundedLowerValue(mean, confidence, DecisionBoundLevel);

    /// <summary>The highest <see cref="Probability"/> among <paramref name="architectures"/> (ensemble predictions
    /// <paramref name="mean"/>). Among those the residuals judge it grows with the prediction, so only the highest of
    /// them needs its bound computed.</summary>
    public double TopProbability(IReadOnlyList<Architecture> architectures, IReadOnlyList<double> mean)
    {
        var top = 0.0;
        var highest = -1;
        for (var i = 0; i < architectures.Count; i++)
        {
            if (ByDifference(architectures[i], mean[i], out _)) top = Math.Max(top, Probability(architectures[i], mean[i]));
            else if (highest < 0 || mean[i] > mean[highest]) highest = i;
        }
        return highest < 0 ? top : Math.Max(top, Probability(architectures[highest], mean[highest]));
    }

    private bool ByDifference(Architecture a, double mean, out double byAnchorMember) =>
        _neighbours.TryGetValue(a, out byAnchorMember) && _paired is not null && NeighbourCounts(_upside, mean, _best);

    /// <summary>Whether a neighbour of M with ensemble prediction <paramref name="mean"/> may be judged by its
    /// predicted difference to M: the residuals as they are (<paramref name="upside"/>) leave it at least
    /// <see cref="NeighbourPlausibility"/> chance of beating <paramref name="best"/>.</summary>
    public static bool NeighbourCounts(ResidualCalibration upside, double mean, double best) =>
        upside.ProbabilityAbove(mean, best) >= NeighbourPlausibility;

    public string Rule(double confidence) => string.Format(CultureInfo.InvariantCulture,
        "labelled architectures count with their own measured target; an unmeasured architecture counts with the value it exceeds with probability {0}: " +
        "for a one-decision neighbour of the best measured architecture, that architecture's measured target plus the difference to it predicted by " +
        "the member that did not train on it, plus a quantile of {1} residuals of such differences between labels at most {2} decisions apart, when its ensemble prediction plus the residuals below (positive ones included) " +
        "leaves it at least a {5} chance of beating that architecture; for any other (and for such a neighbour otherwise), its prediction plus " +
        "{3} out-of-fold residuals of the {4} predicted highest, positive ones counted as 0, its probability being the one-sided {6} " +
        "Clopper-Pearson lower bound of the share of those residuals that put it above the best measured architecture (so few residuals demand " +
        "nearly all of them). So best[0] is unmeasured only when it beats the best measured architecture (within the budget) with probability at least {0}",
        confidence, PairCount, PairDistance, _decision.Count, _scope, NeighbourPlausibility, DecisionBoundLevel);
}

using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Learning.Search;

namespace AutoBuild.Learning.Build;

/// <summary>The residuals that calibrate the answer's predictions (intervals, expected improvement and, without
/// upside, the selection rule). Under a budget only architectures within it are ever listed, so the residuals
/// come from the labels within the budget: a predictor can be accurate where most labels lie (large cells)
/// and optimistic where the budget confines the answer (small cells), and residuals of the top quarter of all
/// labels would then vouch for a small cell with the large cells' accuracy (on NAS-Bench-201 with a params
/// budget at the 30th percentile and confidence 0.6 that put best[0] 0.75 below the best label within the budget). When fewer
/// than <see cref="MinimumLabels"/> labels fit, the labels nearest the budget (smallest excess) make up the
/// number. Without budgets, or without cross-fitted members, it is the evidence's own calibration.</summary>
internal sealed class SelectionCalibration
{
    /// <summary>At least this many labels calibrate under a budget (the nearest to it beyond those within it).</summary>
    public const int MinimumLabels = 20;

    private SelectionCalibration(ResidualCalibration calibration, string scope, int labels)
    {
        Calibration = calibration; Decision = calibration.WithoutUpside(); Scope = scope; Labels = labels;
    }

    /// <summary>The residuals as they are: intervals and expected improvement.</summary>
    public ResidualCalibration Calibration { get; }
    /// <summary>The residuals without upside: the selection rule and probabilities of improvement.</summary>
    public ResidualCalibration Decision { get; }
    /// <summary>Which labels the residuals come from: "all labels", "labels within the budget" or "labels nearest the budget".</summary>
    public string Scope { get; }
    /// <summary>How many labels the residuals were taken among (their top quarter by prediction calibrates).</summary>
    public int Labels { get; }

    public static SelectionCalibration For(BuildRun run)
    {
        var evidence = run.Evidence;
        if (!run.Oracle.HasBudgets || evidence.OutOfFold is not { } outOfFold)
            return new SelectionCalibration(evidence.Calibration, AllLabels, evidence.OutOfFoldCount);
        // Each label's largest cost relative to its budget (measured latency for labelled architectures): at most 1 fits.
        var budgets = run.Oracle.Budgets;
        var excess = run.Oracle.Costs(run.Distinct.Architectures).Select(c => c.Select((x, r) => x / budgets[r]).Max()).ToArray();
        return Within(run.Targets, outOfFold, excess);
    }

    public const string AllLabels = "all labels";
    public const string WithinBudget = "labels within the budget";
    public const string NearestBudget = "labels nearest the budget";

    /// <summary>The calibration from the labels within the budget (<paramref name="excess"/> at most 1: each label's
    /// largest cost relative to its budget), or, when fewer than <see cref="MinimumLabels"/> fit, from the
    /// <see cref="MinimumLabels"/> with the smallest excess.</summary>
    public static SelectionCalibration Within(IReadOnlyList<double> measured, IReadOnlyList<double> outOfFold, IReadOnlyList<double> excess)
    {
        var within = excess.Count(x => x <= 1);
        var take = Math.Min(excess.Count, Math.Max(within, MinimumLabels));
        // Within the budget first (in label order), then by excess; ties by label order so the set is deterministic.
        var chosen = Enumerable.Range(0, excess.Count).OrderBy(i => Math.Max(excess[i], 1)).ThenBy(i => i).Take(take).ToArray();
        var calibration = new ResidualCalibration(chosen.Select(i => measured[i]).ToArray(), chosen.Select(i => outOfFold[i]).ToArray());
        return new SelectionCalibration(calibration, within >= MinimumLabels ? WithinBudget : NearestBudget, take);
    }
}

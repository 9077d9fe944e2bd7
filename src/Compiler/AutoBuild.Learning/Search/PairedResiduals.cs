using System;
using System.Collections.Generic;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Search;

/// <summary>Calibrated uncertainty of a predicted <em>difference</em> between two nearby architectures: for every
/// pair of labels at most a few decisions apart and in the same fold, the residual of the difference,
/// (y_i − y_j) − (ŷ_i − ŷ_j), where ŷ is the prediction of the one member that trained on neither (a difference
/// between predictions of members that saw different labels would mix in how each was informed by the other's
/// label). A predictor's error is shared by close architectures (its bias where it predicts high,
/// a quantile scaling that cannot exceed the labels' range), so the difference to a measured neighbour is known
/// better than either value; and a step of one decision from the best measured architecture chooses among a few
/// dozen neighbours, not thousands, so it carries little selection optimism. Both orders of a pair count, so the
/// set is symmetric.</summary>
public static class PairedResiduals
{
    /// <summary>Pairs at most this many decisions apart calibrate.</summary>
    public const int DefaultDistance = 2;
    /// <summary>The distance widens until at least this many pairs calibrate.</summary>
    public const int DefaultMinimumPairs = 30;
    /// <summary>Pairs are taken among at most this many labels (an even stride over them beyond it): the pass is
    /// quadratic, and 200,000 labels would otherwise take hours and tens of gigabytes for a quantile that a few
    /// thousand labels already pin down.</summary>
    public const int MaxLabels = 4000;

    /// <summary>The residual set, and the distance it was taken at (how far apart its pairs are at most).</summary>
    public static (ResidualCalibration Calibration, int Distance) Calibrate(IReadOnlyList<Architecture> architectures,
        IReadOnlyList<double> measured, IReadOnlyList<double> outOfFold, IReadOnlyList<int> fold,
        int distance = DefaultDistance, int minimumPairs = DefaultMinimumPairs)
    {
        if (architectures.Count != measured.Count || architectures.Count != outOfFold.Count || architectures.Count != fold.Count)
            throw new ArgumentException("One measurement, out-of-fold prediction and fold per architecture.");
        // Residuals by distance (unordered pairs), so that widening needs one pass.
        var byDistance = new SortedDictionary<int, List<double>>();
        var n = architectures.Count;
        var used = n <= MaxLabels ? n : MaxLabels;
        int At(int k) => n <= MaxLabels ? k : Build.LabelledSummary.Stride(k, n, MaxLabels);
        for (var a = 0; a < used; a++)
            for (var b = a + 1; b < used; b++)
            {
                int i = At(a), j = At(b);
                if (fold[i] != fold[j]) continue;
                var d = CandidateBatch.Hamming(architectures[i], architectures[j]);
                if (!byDistance.TryGetValue(d, out var list)) byDistance[d] = list = new List<double>();
                list.Add(measured[i] - measured[j] - (outOfFold[i] - outOfFold[j]));
            }
        var residuals = new List<double>();
        var reached = 0;
        foreach (var (d, list) in byDistance)
        {
            if (d > distance && residuals.Count / 2 >= minimumPairs) break;
            foreach (var r in list) { residuals.Add(r); residuals.Add(-r); }
            reached = d;
        }
        return (ResidualCalibration.FromResiduals(residuals), reached);
    }
}

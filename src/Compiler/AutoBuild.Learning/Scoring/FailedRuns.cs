using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Scoring;

/// <summary>Labelled architectures whose measured target looks like a failed training run that nothing in the
/// architecture explains. The importance counts a labelled architecture at its measured value (so that failures an
/// architecture causes, such as NAS-Bench-201's cells cut off by <c>none</c>, make their choices look bad), but a run
/// that failed at random would then drag down whichever choices it happens to carry: 4–6 such rows among 150 flipped
/// the best value of up to 7 of 17 decisions on a planted macro space. A failure is told from an architecture's own
/// weakness by the other labels: the cross-fitted member that never trained on the row ranks an architecture-caused
/// failure among the lowest labels (all of NAS-Bench-201's diverged cells: within the lowest 22 % over 40 label sets
/// of 100), a random one anywhere.</summary>
public static class FailedRuns
{
    /// <summary>How far below the labels' median a measured value must lie to look like a failed run, in robust
    /// standard deviations (1.4826 × the median absolute deviation): 6 leaves NAS-Bench-201's worst real cells
    /// (≈ 70 % where the median is 87 %) in, and runs at chance level (10 %) out.</summary>
    public const double Distance = 6;

    /// <summary>A failure is the architecture's own when its out-of-fold prediction ranks within this lowest share
    /// of the labels' out-of-fold predictions.</summary>
    public const double AnticipatedShare = 0.25;

    /// <summary>Indices (label order) of the failures the other labels do not anticipate, lowest measured first;
    /// empty without out-of-fold predictions (a single predictor cannot tell).</summary>
    public static IReadOnlyList<int> Unanticipated(IReadOnlyList<double> measured, IReadOnlyList<double>? outOfFold)
    {
        if (outOfFold is null || outOfFold.Count != measured.Count || measured.Count < 8) return Array.Empty<int>();
        var median = SampleQuantile.Of(measured, 0.5);
        var spread = 1.4826 * SampleQuantile.Of(measured.Select(y => Math.Abs(y - median)), 0.5);
        if (!(spread > 0)) return Array.Empty<int>();
        var sorted = outOfFold.OrderBy(p => p).ToArray();
        var anticipatedBelow = sorted[(int)Math.Floor(AnticipatedShare * (sorted.Length - 1))];
        return Enumerable.Range(0, measured.Count)
            .Where(i => measured[i] < median - Distance * spread && outOfFold[i] > anticipatedBelow)
            .OrderBy(i => measured[i]).ThenBy(i => i).ToArray();
    }
}

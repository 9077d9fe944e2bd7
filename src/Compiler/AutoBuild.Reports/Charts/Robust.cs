using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Reports.Charts;

/// <summary>Robust statistics for choosing axis ranges that are not dominated by a few outliers.</summary>
internal static class Robust
{
    /// <summary>
    /// Tukey's "far out" lower fence, Q1 − 3·IQR, when some value lies below it (null otherwise, or with fewer than
    /// eight values). NAS-Bench-201 has cells at 10% accuracy next to thousands between 85% and 91%: without a floor
    /// the interesting range would shrink to a sliver of the chart.
    /// </summary>
    public static double? LowerFence(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).OrderBy(x => x).ToArray();
        if (v.Length < 8) return null;
        var q1 = Quantile(v, 0.25);
        var q3 = Quantile(v, 0.75);
        var fence = q1 - 3 * (q3 - q1);
        return v[0] < fence && q3 > q1 ? fence : null;
    }

    /// <summary>Linear-interpolation quantile of sorted values.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        var pos = Math.Clamp(q, 0, 1) * (sorted.Count - 1);
        var i = (int)Math.Floor(pos);
        return i + 1 < sorted.Count ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}

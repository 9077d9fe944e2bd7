using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Learning.Numerics;

/// <summary>Quantiles of a sample, linearly interpolated between order statistics (the median of an even sample is
/// the mean of its two middle values).</summary>
internal static class SampleQuantile
{
    public static double Of(IEnumerable<double> values, double q) => OfSorted(values.OrderBy(v => v).ToArray(), q);

    public static double OfSorted(IReadOnlyList<double> sorted, double q)
    {
        var h = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

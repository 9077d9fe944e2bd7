using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Results;

namespace AutoBuild.Learning.Build;

/// <summary>Keeps the results small for big label sets (issue 16): the result JSON lists at most a bounded number of
/// labelled points and held-out pairs, so the file the source generator re-reads on every compile, and the report
/// drawn from it, grow with what they show, not with the label count. Deterministic: the same points every run.</summary>
public static class LabelledSummary
{
    /// <summary>Labelled points the results list by default (<c>--labelled-points</c>; 0 = all).</summary>
    public const int DefaultLabelledPoints = 2000;
    /// <summary>Held-out (measured, predicted) pairs listed for the scatter plot; the metrics use all of them.</summary>
    public const int MaxHeldOut = 1000;
    /// <summary>The best labelled points always kept.</summary>
    private const int Top = 100;

    /// <summary>All points when they fit in <paramref name="max"/> (or max is 0); otherwise at most max of them, in
    /// their original order, chosen in this priority: every point on a target-against-cost Pareto front (params,
    /// FLOPs, latency), the <see cref="Top"/> best by target, then an even stride over the rest.</summary>
    internal static List<LabelledPoint> Select(IReadOnlyList<LabelledPoint> points, int max)
    {
        if (max <= 0 || points.Count <= max) return points.ToList();
        var keep = new SortedSet<int>();
        void Add(int i) { if (keep.Count < max) keep.Add(i); }
        var indexed = Enumerable.Range(0, points.Count).ToList();
        foreach (var cost in new Func<int, double>[] { i => points[i].Params, i => points[i].Flops, i => points[i].Latency ?? double.NaN })
            foreach (var i in Pareto.Front(indexed, cost, i => points[i].Target)) Add(i);
        foreach (var i in indexed.OrderByDescending(i => points[i].Target).ThenBy(i => i).Take(Top)) Add(i);
        var rest = indexed.Where(i => !keep.Contains(i)).ToList();
        var room = max - keep.Count;
        for (var k = 0; k < room; k++) keep.Add(rest[Stride(k, rest.Count, room)]);
        return keep.Select(i => points[i]).ToList();
    }

    /// <summary>At most <see cref="MaxHeldOut"/> pairs: an even stride in their original order.</summary>
    internal static List<HeldOutPoint> HeldOut(IReadOnlyList<HeldOutPoint> pairs)
    {
        if (pairs.Count <= MaxHeldOut) return pairs.ToList();
        return Enumerable.Range(0, MaxHeldOut).Select(k => pairs[Stride(k, pairs.Count, MaxHeldOut)]).ToList();
    }

    /// <summary>The k-th of <paramref name="taken"/> indices spread evenly over <paramref name="count"/> (0 first;
    /// distinct while taken ≤ count).</summary>
    internal static int Stride(int k, int count, int taken) => (int)((long)k * count / taken);
}

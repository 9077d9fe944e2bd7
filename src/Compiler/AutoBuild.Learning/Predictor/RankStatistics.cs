using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Learning.Predictor;

/// <summary>Rank correlations and top-k precision used for predictor metrics and benchmarks.</summary>
public static class RankStatistics
{
    /// <summary>Spearman ρ with average ranks for ties (0 when either side is constant).</summary>
    /// <summary>How many of the ascending <paramref name="sorted"/> values are above <paramref name="x"/> (binary search).</summary>
    public static int CountAbove(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] > x) hi = mid; else lo = mid + 1;
        }
        return sorted.Length - lo;
    }

    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b) => Pearson(Ranks(a), Ranks(b));

    public static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var n = a.Count;
        if (n < 2) return 0;
        double ma = a.Average(), mb = b.Average(), cov = 0, va = 0, vb = 0;
        for (var i = 0; i < n; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            cov += da * db; va += da * da; vb += db * db;
        }
        return va > 0 && vb > 0 ? cov / Math.Sqrt(va * vb) : 0;
    }

    /// <summary>1-based average ranks.</summary>
    public static double[] Ranks(IReadOnlyList<double> x)
    {
        var order = Enumerable.Range(0, x.Count).OrderBy(i => x[i]).ThenBy(i => i).ToArray();
        var ranks = new double[x.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && x[order[j + 1]] == x[order[i]]) j++;
            var r = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = r;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Kendall τ-b (tie-corrected), O(n log n) (Knight's algorithm).</summary>
    public static double Kendall(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var n = a.Count;
        if (n < 2) return 0;
        var idx = Enumerable.Range(0, n).OrderBy(i => a[i]).ThenBy(i => b[i]).ToArray();
        long n0 = (long)n * (n - 1) / 2, tiesA = 0, tiesAB = 0;
        for (int i = 0, j; i < n; i = j)
        {
            j = i + 1;
            while (j < n && a[idx[j]] == a[idx[i]]) j++;
            long t = j - i; tiesA += t * (t - 1) / 2;
            for (int k = i, l; k < j; k = l)
            {
                l = k + 1;
                while (l < j && b[idx[l]] == b[idx[k]]) l++;
                long u = l - k; tiesAB += u * (u - 1) / 2;
            }
        }
        // count discordant pairs = inversions of b in a-order (ties in a ordered by b, so they add none)
        var seq = idx.Select(i => b[i]).ToArray();
        var buf = new double[n];
        var swaps = MergeCount(seq, buf, 0, n);
        Array.Sort(seq);
        long tiesB = 0;
        for (int i = 0, j; i < n; i = j)
        {
            j = i + 1;
            while (j < n && seq[j] == seq[i]) j++;
            long t = j - i; tiesB += t * (t - 1) / 2;
        }
        var concordantMinusDiscordant = n0 - tiesA - tiesB + tiesAB - 2 * swaps;
        var denom = Math.Sqrt((double)(n0 - tiesA) * (n0 - tiesB));
        return denom > 0 ? concordantMinusDiscordant / denom : 0;
    }

    private static long MergeCount(double[] x, double[] buf, int lo, int hi)
    {
        if (hi - lo < 2) return 0;
        var mid = (lo + hi) / 2;
        var count = MergeCount(x, buf, lo, mid) + MergeCount(x, buf, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            if (x[j] < x[i]) { count += mid - i; buf[k++] = x[j++]; }
            else buf[k++] = x[i++];
        }
        while (i < mid) buf[k++] = x[i++];
        while (j < hi) buf[k++] = x[j++];
        Array.Copy(buf, lo, x, lo, hi - lo);
        return count;
    }

    /// <summary>Fraction of the true top <paramref name="fraction"/> (by <paramref name="truth"/>, largest first) that the
    /// prediction also puts in its top <paramref name="fraction"/>; k = max(1, round(fraction·n)).</summary>
    public static double PrecisionAtTop(IReadOnlyList<double> truth, IReadOnlyList<double> predicted, double fraction = 0.05)
    {
        var n = truth.Count;
        if (n == 0) return 0;
        var k = Math.Max(1, (int)Math.Round(fraction * n));
        var top = new HashSet<int>(Enumerable.Range(0, n).OrderByDescending(i => truth[i]).ThenBy(i => i).Take(k));
        var hit = Enumerable.Range(0, n).OrderByDescending(i => predicted[i]).ThenBy(i => i).Take(k).Count(top.Contains);
        return (double)hit / k;
    }
}

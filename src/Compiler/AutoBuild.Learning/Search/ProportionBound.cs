using System;

namespace AutoBuild.Learning.Search;

/// <summary>How sure a proportion estimated from n exchangeable draws is: the one-sided Clopper–Pearson lower
/// bound. A conformal probability k/(n + 1) from ten residuals is itself a rough estimate (7 of 10 residuals
/// above a threshold is as consistent with a true rate of 0.45 as with 0.8), so a decision that must hold with a
/// given probability asks that the lower bound of that probability reach it: with few residuals that needs
/// nearly all of them, with many it tends to the estimate itself.</summary>
public static class ProportionBound
{
    /// <summary>The largest p with P(X ≥ <paramref name="successes"/> | n, p) ≤ 1 − <paramref name="level"/> for
    /// X ~ Binomial(<paramref name="trials"/>, p): the proportion is at least this with probability
    /// <paramref name="level"/> (0 for no successes).</summary>
    public static double ClopperPearsonLower(int successes, int trials, double level)
    {
        if (trials < 1 || successes < 1) return 0;
        if (successes > trials) throw new ArgumentOutOfRangeException(nameof(successes), "More successes than trials.");
        var alpha = 1 - level;
        double lo = 0, hi = 1;
        // The upper tail grows with p, so bisect on it; 50 halvings pin p far below any decision's resolution.
        for (var i = 0; i < 50; i++)
        {
            var p = (lo + hi) / 2;
            if (UpperTail(successes, trials, p) < alpha) lo = p; else hi = p;
        }
        return lo;
    }

    /// <summary>The fewest successes of <paramref name="trials"/> whose lower bound at <paramref name="level"/>
    /// reaches <paramref name="proportion"/>, i.e. the smallest k with P(X ≥ k | n, proportion) ≤ 1 − level;
    /// trials + 1 when even n of n does not (too few draws to be that sure).</summary>
    public static int RequiredSuccesses(int trials, double proportion, double level)
    {
        if (proportion <= 0) return 0;
        if (proportion >= 1 || trials < 1) return trials + 1;
        var alpha = 1 - level;
        // Walk down from k = n, adding P(X = k) in log space (c^n underflows for large n; its logarithm does not).
        var logRatio = Math.Log((1 - proportion) / proportion);
        var logPmf = trials * Math.Log(proportion);
        var tail = Math.Exp(logPmf);
        if (tail > alpha) return trials + 1;
        var k = trials;
        while (k > 1)
        {
            // P(X = k − 1) = P(X = k) · k / (n − k + 1) · (1 − p) / p.
            var next = logPmf + Math.Log(k) - Math.Log(trials - k + 1) + logRatio;
            if (tail + Math.Exp(next) > alpha) break;
            tail += Math.Exp(next); logPmf = next; k--;
        }
        return k;
    }

    /// <summary>P(X ≥ k) for X ~ Binomial(n, p), summed in log space from k upwards.</summary>
    private static double UpperTail(int k, int n, double p)
    {
        // log P(X = k) = log C(n, k) + k log p + (n − k) log(1 − p), with log C(n, k) as a sum of logs (no log-gamma needed).
        var logPmf = k * Math.Log(p) + (n - k) * Math.Log(1 - p);
        for (var i = 1; i <= k; i++) logPmf += Math.Log(n - k + i) - Math.Log(i);
        var logRatio = Math.Log(p / (1 - p));
        var sum = 0.0;
        for (var j = k; j <= n; j++)
        {
            sum += Math.Exp(logPmf);
            // P(X = j + 1) = P(X = j) · (n − j) / (j + 1) · p / (1 − p).
            if (j < n) logPmf += Math.Log(n - j) - Math.Log(j + 1) + logRatio;
        }
        return sum;
    }
}

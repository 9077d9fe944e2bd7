using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Learning.Predictor;

namespace AutoBuild.Learning.Search;

/// <summary>Calibrated uncertainty of a predictor from its out-of-fold residuals (measured − predicted on labels
/// the predicting model did not train on), in the split-conformal style: the true target of an unlabelled
/// architecture with prediction μ is taken to be μ + r for a residual r drawn from this set. Only the residuals
/// of the labels predicted highest are kept, because the architectures a build selects are the ones predicted
/// highest, where predictors are typically optimistic (the residuals there are negative on average).
/// Probabilities use the conformal (n + 1) denominator, so they never reach 0 or 1 on finite evidence.</summary>
public sealed class ResidualCalibration
{
    private readonly double[] _sorted;

    /// <summary>The share of the labels (highest out-of-fold prediction first) whose residuals calibrate.</summary>
    public const double DefaultTopFraction = 0.25;
    /// <summary>At least this many residuals calibrate (all of them when there are fewer).</summary>
    public const int DefaultMinimum = 10;

    public ResidualCalibration(IReadOnlyList<double> measured, IReadOnlyList<double> predicted,
        double topFraction = DefaultTopFraction, int minimum = DefaultMinimum)
    {
        if (measured.Count != predicted.Count) throw new ArgumentException("One prediction per measurement.", nameof(predicted));
        var keep = Math.Min(measured.Count, Math.Max(minimum, (int)Math.Ceiling(topFraction * measured.Count)));
        // Highest prediction first; ties by index so the set is deterministic.
        var kept = Enumerable.Range(0, measured.Count).OrderByDescending(i => predicted[i]).ThenBy(i => i).Take(keep)
            .Where(i => !double.IsNaN(measured[i] - predicted[i])).ToArray();
        _sorted = kept.Select(i => measured[i] - predicted[i]).OrderBy(r => r).ToArray();
        HighestPrediction = kept.Length == 0 ? double.NaN : kept.Max(i => predicted[i]);
    }

    private ResidualCalibration(double[] sorted, double highest) { _sorted = sorted; HighestPrediction = highest; }

    /// <summary>A calibration from residuals already chosen (e.g. <see cref="PairedResiduals"/>); NaNs are dropped.</summary>
    public static ResidualCalibration FromResiduals(IEnumerable<double> residuals) =>
        new(residuals.Where(r => !double.IsNaN(r)).OrderBy(r => r).ToArray(), double.NaN);

    /// <summary>The same residuals with every positive one set to 0, for deciding whether an unmeasured
    /// architecture beats a measured one: the residuals of the labels predicted highest may say the predictor
    /// under-predicts there, but the architecture a build picks out of thousands carries the selection's own
    /// optimism (the winner's curse), so a decision never credits a prediction with upside it did not predict.</summary>
    public ResidualCalibration WithoutUpside() => new(_sorted.Select(r => Math.Min(r, 0)).ToArray(), HighestPrediction);

    /// <summary>The calibrating residuals, ascending.</summary>
    public IReadOnlyList<double> Residuals => _sorted;
    public int Count => _sorted.Length;
    /// <summary>Mean residual: the predictor's bias where it predicts high (negative = optimistic).</summary>
    public double Bias => _sorted.Length == 0 ? 0 : _sorted.Average();
    /// <summary>Standard deviation of the calibrating residuals (population form; 0 for fewer than two).</summary>
    public double Spread
    {
        get
        {
            if (_sorted.Length < 2) return 0;
            var bias = Bias;
            return Math.Sqrt(_sorted.Select(r => (r - bias) * (r - bias)).Average());
        }
    }
    /// <summary>The highest prediction among the calibrating labels: the residuals describe the predictor up to
    /// about there (NaN when the calibration was built from residuals alone).</summary>
    public double HighestPrediction { get; }

    /// <summary>Conformal probability that the true value exceeds <paramref name="threshold"/>:
    /// #{r : μ + r &gt; threshold} / (n + 1).</summary>
    public double ProbabilityAbove(double mean, double threshold)
    {
        if (_sorted.Length == 0) return 0;
        return (double)CountAbove(mean, threshold) / (_sorted.Length + 1);
    }

    /// <summary>How many residuals put μ + r above <paramref name="threshold"/>.</summary>
    public int CountAbove(double mean, double threshold) => RankStatistics.CountAbove(_sorted, threshold - mean);

    /// <summary>The probability of exceeding <paramref name="threshold"/> that the residuals vouch for with
    /// <paramref name="level"/> certainty: the conformal estimate k/(n + 1), or the one-sided Clopper–Pearson lower
    /// bound of the proportion k of n (<see cref="ProportionBound"/>) when that is lower — which it is for any
    /// usual level, so with ten residuals a decision at 0.6 needs 9 of them above the threshold, not 7.</summary>
    public double BoundedProbabilityAbove(double mean, double threshold, double level)
    {
        var k = CountAbove(mean, threshold);
        return Math.Min((double)k / (_sorted.Length + 1), ProportionBound.ClopperPearsonLower(k, _sorted.Length, level));
    }

    /// <summary>The value exceeded with <see cref="BoundedProbabilityAbove"/> at least <paramref name="confidence"/>:
    /// above a threshold exactly when that bounded probability reaches the confidence; −∞ when the residuals are
    /// too few to be that sure.</summary>
    public double BoundedLowerValue(double mean, double confidence, double level)
    {
        var n = _sorted.Length;
        var k = Math.Max(Math.Max(1, (int)Math.Ceiling(confidence * (n + 1) - 1e-12)), ProportionBound.RequiredSuccesses(n, confidence, level));
        return k > n ? double.NegativeInfinity : mean + _sorted[n - k] - 1e-12;
    }

    /// <summary>Expected improvement over <paramref name="threshold"/>: the mean of max(0, μ + r − threshold).</summary>
    public double ExpectedImprovement(double mean, double threshold)
    {
        if (_sorted.Length == 0) return 0;
        var sum = 0.0;
        foreach (var r in _sorted) sum += Math.Max(0, mean + r - threshold);
        return sum / _sorted.Length;
    }

    /// <summary>The value the true target exceeds with conformal probability at least <paramref name="confidence"/>
    /// (the ⌈confidence·(n+1)⌉-th largest of μ + r); −∞ when there are too few residuals to say so.</summary>
    public double LowerValue(double mean, double confidence)
    {
        var k = (int)Math.Ceiling(confidence * (_sorted.Length + 1) - 1e-12);
        if (k < 1) k = 1;
        if (k > _sorted.Length) return double.NegativeInfinity;
        return mean + _sorted[_sorted.Length - k] - 1e-12;
    }

    /// <summary>A two-sided interval holding the true value with conformal probability about <paramref name="level"/>;
    /// the ends are the extreme residuals when there are too few for that level.</summary>
    public (double Lower, double Upper) Interval(double mean, double level)
    {
        if (_sorted.Length == 0) return (double.NegativeInfinity, double.PositiveInfinity);
        var tail = (1 - level) / 2;
        var k = (int)Math.Ceiling((1 - tail) * (_sorted.Length + 1) - 1e-12);
        k = Math.Clamp(k, 1, _sorted.Length);
        return (mean + _sorted[_sorted.Length - k], mean + _sorted[k - 1]);
    }
}

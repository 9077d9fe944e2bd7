using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Learning.Predictor;

/// <summary>How raw targets are mapped to the values the network regresses on.</summary>
public enum TargetScaling
{
    /// <summary>(y − mean)/std with training moments (autobuild-method.md §3).</summary>
    Standard,
    /// <summary>Normal scores of the training ranks, interpolated monotonically (outliers such as diverged
    /// architectures no longer dominate the MSE); predictions are mapped back by the inverse interpolation.</summary>
    Quantile,
}

/// <summary>A monotone map between raw targets and network targets, fitted on the training targets.</summary>
internal sealed class TargetScale
{
    private readonly double[] _raw, _scaled;   // knots, both ascending (Quantile)

    public TargetScale(TargetScaling mode, IReadOnlyList<double> train)
    {
        Mode = mode;
        Mean = train.Average();
        Std = Math.Sqrt(train.Sum(y => (y - Mean) * (y - Mean)) / Math.Max(1, train.Count - 1));
        if (!(Std > 0)) Std = 1;
        if (mode == TargetScaling.Standard) { _raw = Array.Empty<double>(); _scaled = Array.Empty<double>(); return; }
        var sorted = train.OrderBy(y => y).ToArray();
        var raw = new List<double>(); var scaled = new List<double>();
        for (int i = 0, j; i < sorted.Length; i = j)
        {
            j = i;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            raw.Add(sorted[i]);
            scaled.Add(NormalQuantile(((i + j) / 2.0) / sorted.Length)); // mid-rank of the tie group
        }
        _raw = raw.ToArray(); _scaled = scaled.ToArray();
    }

    public TargetScaling Mode { get; }
    /// <summary>Training-target moments (raw units).</summary>
    public double Mean { get; }
    public double Std { get; }

    public double Forward(double y) => Mode == TargetScaling.Standard ? (y - Mean) / Std : Interpolate(_raw, _scaled, y, 1 / Std);

    public double Inverse(double z) => Mode == TargetScaling.Standard ? z * Std + Mean : Interpolate(_scaled, _raw, z, Std);

    /// <summary>Piecewise-linear through the knots; beyond them, a line with the slope of the outer tenth of the
    /// knots on that side (<paramref name="singleKnotSlope"/> when there is only one knot). The local tail slope
    /// keeps extrapolated predictions plausible: the global std is dominated by outliers (NAS-Bench-201's diverged
    /// cells), and extrapolating with it put unlabelled cells points above anything ever measured.</summary>
    private static double Interpolate(double[] xs, double[] ys, double x, double singleKnotSlope)
    {
        var n = xs.Length;
        if (n == 1) return ys[0] + (x - xs[0]) * singleKnotSlope;
        var m = Math.Max(1, (n - 1) / 10);
        if (x <= xs[0]) return ys[0] + (x - xs[0]) * (ys[m] - ys[0]) / (xs[m] - xs[0]);
        if (x >= xs[n - 1]) return ys[n - 1] + (x - xs[n - 1]) * (ys[n - 1] - ys[n - 1 - m]) / (xs[n - 1] - xs[n - 1 - m]);
        var k = Array.BinarySearch(xs, x);
        if (k >= 0) return ys[k];
        k = ~k; // xs[k-1] < x < xs[k]
        var t = (x - xs[k - 1]) / (xs[k] - xs[k - 1]);
        return ys[k - 1] + t * (ys[k] - ys[k - 1]);
    }

    /// <summary>Φ⁻¹(p) for 0 &lt; p &lt; 1 (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    internal static double NormalQuantile(double p)
    {
        double[] a = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
        double[] b = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
        double[] c = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
        double[] d = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var r = p - 0.5; var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}

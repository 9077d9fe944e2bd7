using System;
using System.Collections.Generic;

namespace AutoBuild.Reports.Charts;

/// <summary>
/// "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, covering the data range with about the
/// requested number of ticks. Tick values are computed as integer multiples of the step (no accumulated
/// floating-point drift), so labels are exact and deterministic.
/// </summary>
internal readonly record struct TickSet(double Start, double Step, int Count)
{
    public double End => Start + Step * (Count - 1);

    public double this[int i] => Math.Round((Start / Step) + i) * Step;

    public IReadOnlyList<double> Values
    {
        get
        {
            var v = new double[Count];
            for (var i = 0; i < Count; i++) v[i] = this[i];
            return v;
        }
    }

    /// <summary>Decimals needed to print every tick exactly.</summary>
    public int Decimals => Math.Max(0, -(int)Math.Floor(Math.Log10(Step) + 1e-9) + (IsQuarterStep ? 1 : 0));

    private bool IsQuarterStep
    {
        get
        {
            var mantissa = Step / Math.Pow(10, Math.Floor(Math.Log10(Step) + 1e-9));
            return Math.Abs(mantissa - 2.5) < 1e-6;
        }
    }
}

internal static class NiceTicks
{
    /// <summary>Ticks covering [min, max] (swapped when reversed). A degenerate or non-finite range is widened first.</summary>
    public static TickSet Compute(double min, double max, int approxCount = 5)
    {
        (min, max) = Widen(min, max);
        approxCount = Math.Max(2, approxCount);
        var step = NiceStep((max - min) / (approxCount - 1));
        var start = Math.Floor(min / step + 1e-9) * step;
        var end = Math.Ceiling(max / step - 1e-9) * step;
        var count = (int)Math.Round((end - start) / step) + 1;
        return new TickSet(start, step, Math.Max(2, count));
    }

    /// <summary>A finite range with max > min: equal ends grow by 10% of their magnitude (or ±1 around zero).</summary>
    public static (double Min, double Max) Widen(double min, double max)
    {
        if (!double.IsFinite(min) && !double.IsFinite(max)) return (0, 1);
        if (!double.IsFinite(min)) min = max;
        if (!double.IsFinite(max)) max = min;
        if (min > max) (min, max) = (max, min);
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            return (min - pad, max + pad);
        }
        return (min, max);
    }

    /// <summary>The smallest of 1, 2, 2.5, 5, 10 × 10^k that is at least <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough)) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var f = rough / power;
        var nice = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 2.5 + 1e-9 ? 2.5 : f <= 5 + 1e-9 ? 5 : 10;
        return nice * power;
    }
}

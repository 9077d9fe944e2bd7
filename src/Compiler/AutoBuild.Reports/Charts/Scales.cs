using System;
using System.Collections.Generic;

namespace AutoBuild.Reports.Charts;

/// <summary>Maps data values to pixel positions along one axis and proposes the ticks of that axis.</summary>
internal interface IScale
{
    double DomainMin { get; }
    double DomainMax { get; }
    /// <summary>Pixel position of <paramref name="v"/>; values outside the domain extrapolate.</summary>
    double Map(double v);
    /// <summary>True when <paramref name="v"/> can be placed on this scale (finite; positive for a log scale).</summary>
    bool Accepts(double v);
    IReadOnlyList<double> Ticks { get; }
    string FormatTick(double v);
}

/// <summary>A linear scale whose domain is extended to nice tick boundaries.</summary>
internal sealed class LinearScale : IScale
{
    private readonly double _r0, _r1;
    private readonly TickSet _ticks;
    private readonly Func<double, string>? _format;

    public LinearScale(double min, double max, double rangeStart, double rangeEnd, int approxTicks = 5, Func<double, string>? format = null)
    {
        _ticks = NiceTicks.Compute(min, max, approxTicks);
        DomainMin = _ticks[0];
        DomainMax = _ticks[_ticks.Count - 1];
        _r0 = rangeStart;
        _r1 = rangeEnd;
        _format = format;
    }

    public double DomainMin { get; }
    public double DomainMax { get; }
    public IReadOnlyList<double> Ticks => _ticks.Values;
    public bool Accepts(double v) => double.IsFinite(v);
    public double Map(double v) => _r0 + (v - DomainMin) / (DomainMax - DomainMin) * (_r1 - _r0);
    public string FormatTick(double v) => _format is null ? Fmt.Fixed(v, _ticks.Decimals) : _format(v);
}

/// <summary>A base-10 log scale for positive data spanning orders of magnitude (FLOPs, params, latency).</summary>
internal sealed class LogScale : IScale
{
    private readonly double _r0, _r1, _lo, _hi;
    private readonly Func<double, string> _format;

    public LogScale(double min, double max, double rangeStart, double rangeEnd, Func<double, string>? format = null)
    {
        if (!(min > 0) || !double.IsFinite(min)) min = max > 0 && double.IsFinite(max) ? max / 10 : 1;
        if (!(max > 0) || !double.IsFinite(max)) max = min * 10;
        if (min > max) (min, max) = (max, min);
        if (max / min < 1.0001) { min /= 2; max *= 2; }
        // Extend to the 1-2-5 values around the data so that the axis starts and ends at a labelled tick.
        DomainMin = FloorNice(min);
        DomainMax = CeilNice(max);
        _lo = Math.Log10(DomainMin);
        _hi = Math.Log10(DomainMax);
        _r0 = rangeStart;
        _r1 = rangeEnd;
        _format = format ?? Fmt.Compact;
        Ticks = ComputeTicks(DomainMin, DomainMax);
    }

    public double DomainMin { get; }
    public double DomainMax { get; }
    public IReadOnlyList<double> Ticks { get; }
    public bool Accepts(double v) => v > 0 && double.IsFinite(v);
    public double Map(double v) => _r0 + (Math.Log10(Math.Max(v, double.Epsilon)) - _lo) / (_hi - _lo) * (_r1 - _r0);
    public string FormatTick(double v) => _format(v);

    private static readonly double[] Mantissas = { 1, 2, 5 };

    private static double FloorNice(double v)
    {
        var p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        for (var i = Mantissas.Length - 1; i >= 0; i--)
            if (Mantissas[i] * p <= v * (1 + 1e-9)) return Mantissas[i] * p;
        return p;
    }

    private static double CeilNice(double v)
    {
        var p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var m in Mantissas)
            if (m * p >= v * (1 - 1e-9)) return m * p;
        return 10 * p;
    }

    /// <summary>Powers of ten, plus 2× and 5× when the domain spans fewer than three decades.</summary>
    private static IReadOnlyList<double> ComputeTicks(double min, double max)
    {
        var decades = Math.Log10(max / min);
        var mantissas = decades < 3 ? Mantissas : new double[] { 1 };
        var ticks = new List<double>();
        for (var e = (int)Math.Floor(Math.Log10(min)); e <= (int)Math.Ceiling(Math.Log10(max)); e++)
        {
            foreach (var m in mantissas)
            {
                var t = double.Parse(m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "e" + e.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    System.Globalization.CultureInfo.InvariantCulture);
                if (t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9)) ticks.Add(t);
            }
        }
        return ticks;
    }
}

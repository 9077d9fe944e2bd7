using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AutoBuild.Learning.Reports.Charts;

/// <summary>One point of an x/y chart; the tooltip names it on hover and for screen readers.</summary>
internal readonly record struct XyPoint(double X, double Y, string? Tooltip = null);

internal enum Marker { Dot, Ring, Diamond }

/// <summary>
/// A scatter/line chart on linear or log axes: point series, poly-lines (optionally as a staircase, for Pareto
/// fronts), the y = x diagonal and vertical reference lines (budgets). Points that cannot be placed (NaN, or
/// non-positive on a log axis) are left out and counted in the description, never drawn at a wrong place.
/// </summary>
internal sealed class XyChart
{
    private sealed record Series(string Name, List<XyPoint> Points, string Color, Marker Marker, double Radius, double Opacity);
    private sealed record Curve(string Name, List<XyPoint> Points, string Color, bool Staircase, string? Dash, double Width);
    private sealed record VLine(double X, string Label, string Color);

    private readonly string _id, _title, _desc, _xLabel, _yLabel;
    private readonly List<Series> _series = new();
    private readonly List<Curve> _curves = new();
    private readonly List<VLine> _vlines = new();
    private bool _diagonal;

    public XyChart(string id, string title, string desc, string xLabel, string yLabel)
    {
        _id = id;
        _title = title;
        _desc = desc;
        _xLabel = xLabel;
        _yLabel = yLabel;
    }

    public double Width { get; init; } = 560;
    public double Height { get; init; } = 400;
    public bool LogX { get; init; }
    public Func<double, string>? FormatX { get; init; }
    public Func<double, string>? FormatY { get; init; }

    public XyChart Points(string name, IEnumerable<XyPoint> points, string color, Marker marker = Marker.Dot, double radius = 3.5, double opacity = 0.75)
    {
        _series.Add(new Series(name, points.ToList(), color, marker, radius, opacity));
        return this;
    }

    public XyChart Line(string name, IEnumerable<XyPoint> points, string color, bool staircase = false, string? dash = null, double width = 2)
    {
        _curves.Add(new Curve(name, points.ToList(), color, staircase, dash, width));
        return this;
    }

    /// <summary>Draws y = x (perfect prediction) across the shared range; x and y share one domain then.</summary>
    public XyChart Diagonal()
    {
        _diagonal = true;
        return this;
    }

    public XyChart VerticalLine(double x, string label, string color)
    {
        _vlines.Add(new VLine(x, label, color));
        return this;
    }

    public string Render()
    {
        const double left = 72, right = 20, top = 44, bottom = 52;
        var plotW = Width - left - right;
        var plotH = Height - top - bottom;

        var xs = AllX().Where(double.IsFinite).Where(v => !LogX || v > 0).ToList();
        var ys = AllY().Where(double.IsFinite).ToList();
        double xMin = xs.Count > 0 ? xs.Min() : double.NaN, xMax = xs.Count > 0 ? xs.Max() : double.NaN;
        double yMin = ys.Count > 0 ? ys.Min() : double.NaN, yMax = ys.Count > 0 ? ys.Max() : double.NaN;
        if (_diagonal && xs.Count > 0 && ys.Count > 0)
        {
            xMin = yMin = Math.Min(xMin, yMin);
            xMax = yMax = Math.Max(xMax, yMax);
        }

        IScale x = LogX
            ? new LogScale(xMin, xMax, left, left + plotW, FormatX)
            : new LinearScale(xMin, xMax, left, left + plotW, 6, FormatX);
        IScale y = new LinearScale(yMin, yMax, top + plotH, top, 6, FormatY);

        var dropped = _series.Sum(s => s.Points.Count(p => !x.Accepts(p.X) || !y.Accepts(p.Y)));
        var desc = dropped == 0 ? _desc : _desc + " " + dropped.ToString(System.Globalization.CultureInfo.InvariantCulture) + " point(s) without a finite value are not drawn.";
        var svg = new SvgBuilder(_id, Width, Height, _title, desc);
        Axes.Draw(svg, x, y, left, top, plotW, plotH, _xLabel, _yLabel);

        if (xs.Count == 0 || ys.Count == 0)
        {
            svg.Text(left + plotW / 2, top + plotH / 2, "no data", 14, "middle", Palette.Muted);
            return svg.ToString();
        }

        if (_diagonal)
        {
            var lo = Math.Max(x.DomainMin, y.DomainMin);
            var hi = Math.Min(x.DomainMax, y.DomainMax);
            svg.Line(x.Map(lo), y.Map(lo), x.Map(hi), y.Map(hi), Palette.Muted, 1.2, "5 4");
        }

        foreach (var v in _vlines.Where(v => x.Accepts(v.X)))
        {
            var px = x.Map(v.X);
            svg.Line(px, top, px, top + plotH, v.Color, 2, "7 4");
            var anchor = px > left + plotW * 0.7 ? "end" : "start";
            svg.Text(px + (anchor == "end" ? -5 : 5), top + 14, v.Label, 12, anchor, v.Color, bold: true);
        }

        foreach (var c in _curves)
        {
            var pts = c.Points.Where(p => x.Accepts(p.X) && y.Accepts(p.Y)).ToList();
            if (pts.Count == 0) continue;
            var d = new StringBuilder();
            for (var i = 0; i < pts.Count; i++)
            {
                var px = SvgBuilder.C(x.Map(pts[i].X));
                var py = SvgBuilder.C(y.Map(pts[i].Y));
                if (i == 0) d.Append('M').Append(px).Append(',').Append(py);
                else if (c.Staircase) d.Append(" H").Append(px).Append(" V").Append(py);
                else d.Append(" L").Append(px).Append(',').Append(py);
            }
            svg.Path(d.ToString(), c.Color, c.Width, dash: c.Dash, tooltip: c.Name);
        }

        foreach (var s in _series)
        {
            svg.BeginGroup(s.Name);
            foreach (var p in s.Points)
            {
                if (!x.Accepts(p.X) || !y.Accepts(p.Y)) continue;
                DrawMarker(svg, s, x.Map(p.X), y.Map(p.Y), p.Tooltip);
            }
            svg.EndGroup();
        }

        DrawLegend(svg, left, 18);
        return svg.ToString();
    }

    private static void DrawMarker(SvgBuilder svg, Series s, double px, double py, string? tooltip)
    {
        switch (s.Marker)
        {
            case Marker.Ring:
                svg.Circle(px, py, s.Radius, "none", s.Color, 1, tooltip, 2);
                break;
            case Marker.Diamond:
                var r = s.Radius * 1.3;
                svg.Path("M" + SvgBuilder.C(px) + "," + SvgBuilder.C(py - r) + " L" + SvgBuilder.C(px + r) + "," + SvgBuilder.C(py) + " L" + SvgBuilder.C(px) + "," +
                         SvgBuilder.C(py + r) + " L" + SvgBuilder.C(px - r) + "," + SvgBuilder.C(py) + " Z", Palette.Ink, 1, s.Color, tooltip: tooltip);
                break;
            default:
                svg.Circle(px, py, s.Radius, s.Color, null, s.Opacity, tooltip);
                break;
        }
    }

    private void DrawLegend(SvgBuilder svg, double x, double y)
    {
        foreach (var s in _series)
        {
            DrawMarker(svg, s with { Radius = Math.Max(4, s.Radius), Opacity = 1 }, x + 5, y - 4, null);
            svg.Text(x + 14, y, s.Name, 12);
            x += 24 + EstimateWidth(s.Name, 12);
        }
        foreach (var c in _curves)
        {
            svg.Line(x, y - 4, x + 18, y - 4, c.Color, c.Width, c.Dash);
            svg.Text(x + 23, y, c.Name, 12);
            x += 32 + EstimateWidth(c.Name, 12);
        }
        if (_diagonal)
        {
            svg.Line(x, y - 4, x + 18, y - 4, Palette.Muted, 1.2, "5 4");
            svg.Text(x + 23, y, "perfect prediction (y = x)", 12);
        }
    }

    /// <summary>Rough text width for layout (average glyph ≈ 0.56 em in a sans-serif face).</summary>
    public static double EstimateWidth(string text, double size) => text.Length * size * 0.56;

    private IEnumerable<double> AllX() =>
        _series.SelectMany(s => s.Points).Select(p => p.X).Concat(_curves.SelectMany(c => c.Points).Select(p => p.X)).Concat(_vlines.Select(v => v.X));

    private IEnumerable<double> AllY() =>
        _series.SelectMany(s => s.Points).Select(p => p.Y).Concat(_curves.SelectMany(c => c.Points).Select(p => p.Y));
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoBuild.Reports.Charts;

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

    /// <summary>
    /// Values below this are outliers for the reader's purpose: the axis starts here and such points sit on the
    /// bottom edge (or the left edge, for the shared axis of a diagonal chart) as triangles, counted in a note.
    /// </summary>
    public double? Floor { get; init; }

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
        const double left = 72, right = 20, bottom = 52;
        var legend = LegendItems();
        var legendLines = LayoutLegend(legend, left, Width - right).Max(i => i.Line) + 1;
        var top = 20 + 18 * legendLines;
        var plotW = Width - left - right;
        var plotH = Height - top - bottom;

        var floor = Floor is { } f && double.IsFinite(f) ? f : double.NegativeInfinity;
        var xs = AllX().Where(double.IsFinite).Where(v => !LogX || v > 0).Select(v => _diagonal ? Math.Max(v, floor) : v).ToList();
        var ys = AllY().Where(double.IsFinite).Select(v => Math.Max(v, floor)).ToList();
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
        var yFloor = double.IsFinite(floor) ? Math.Max(floor, y.DomainMin) : y.DomainMin;
        var xFloor = _diagonal && double.IsFinite(floor) ? Math.Max(floor, x.DomainMin) : double.NegativeInfinity;

        var placeable = _series.SelectMany(s => s.Points).Where(p => x.Accepts(p.X) && y.Accepts(p.Y)).ToList();
        var dropped = _series.Sum(s => s.Points.Count) - placeable.Count;
        var clamped = placeable.Count(p => p.Y < yFloor || p.X < xFloor);
        var desc = _desc;
        if (dropped > 0) desc += " " + dropped.ToString(CultureInfo.InvariantCulture) + " point(s) without a finite value are not drawn.";
        if (clamped > 0) desc += " " + clamped.ToString(CultureInfo.InvariantCulture) + " point(s) below " + y.FormatTick(yFloor) + " are drawn as triangles on the edge.";
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
                var px = SvgBuilder.C(x.Map(pts[i].X < xFloor ? x.DomainMin : pts[i].X));
                var py = SvgBuilder.C(y.Map(pts[i].Y < yFloor ? y.DomainMin : pts[i].Y));
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
                if (p.Y < yFloor || p.X < xFloor)
                    DrawOutlier(svg, s.Color, x.Map(p.X < xFloor ? x.DomainMin : p.X), y.Map(p.Y < yFloor ? y.DomainMin : p.Y), p.Y < yFloor, p.Tooltip);
                else
                    DrawMarker(svg, s, x.Map(p.X), y.Map(p.Y), p.Tooltip);
            }
            svg.EndGroup();
        }
        if (clamped > 0)
            svg.Text(left + plotW - 8, top + plotH - 12, "▼ " + clamped.ToString(CultureInfo.InvariantCulture) + " below " + y.FormatTick(yFloor) + " (on the edge)", 11, "end", Palette.Muted);

        foreach (var item in LayoutLegend(legend, left, Width - right))
        {
            var ly = 16 + 18 * item.Line;
            item.Draw(svg, item.X, ly);
            svg.Text(item.X + item.SwatchWidth, ly, item.Text, 12);
        }
        return svg.ToString();
    }

    private sealed record LegendItem(string Text, double SwatchWidth, Action<SvgBuilder, double, double> Draw)
    {
        public double X { get; init; }
        public int Line { get; init; }
    }

    private List<LegendItem> LegendItems()
    {
        var items = new List<LegendItem>();
        foreach (var s in _series)
            items.Add(new LegendItem(s.Name, 14, (svg, x, y) => DrawMarker(svg, s with { Radius = Math.Max(4, s.Radius), Opacity = 1 }, x + 5, y - 4, null)));
        foreach (var c in _curves)
            items.Add(new LegendItem(c.Name, 23, (svg, x, y) => svg.Line(x, y - 4, x + 18, y - 4, c.Color, c.Width, c.Dash)));
        if (_diagonal)
            items.Add(new LegendItem("perfect prediction (y = x)", 23, (svg, x, y) => svg.Line(x, y - 4, x + 18, y - 4, Palette.Muted, 1.2, "5 4")));
        return items;
    }

    /// <summary>Places legend entries left to right, wrapping onto a new line before the right edge.</summary>
    private static List<LegendItem> LayoutLegend(List<LegendItem> items, double left, double right)
    {
        var placed = new List<LegendItem>();
        double x = left;
        var line = 0;
        foreach (var item in items)
        {
            var w = item.SwatchWidth + SvgBuilder.TextWidth(item.Text, 12) + 14;
            if (x > left && x + w > right) { x = left; line++; }
            placed.Add(item with { X = x, Line = line });
            x += w;
        }
        if (placed.Count == 0) placed.Add(new LegendItem("", 0, (_, _, _) => { }) { X = left, Line = 0 });
        return placed;
    }

    private static void DrawOutlier(SvgBuilder svg, string color, double px, double py, bool below, string? tooltip)
    {
        // A triangle pointing out of the plot, towards where the point really is.
        var d = below
            ? "M" + SvgBuilder.C(px - 4) + "," + SvgBuilder.C(py - 7) + " L" + SvgBuilder.C(px + 4) + "," + SvgBuilder.C(py - 7) + " L" + SvgBuilder.C(px) + "," + SvgBuilder.C(py - 1) + " Z"
            : "M" + SvgBuilder.C(px + 7) + "," + SvgBuilder.C(py - 4) + " L" + SvgBuilder.C(px + 7) + "," + SvgBuilder.C(py + 4) + " L" + SvgBuilder.C(px + 1) + "," + SvgBuilder.C(py) + " Z";
        svg.Path(d, "none", 0, color, tooltip: tooltip);
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

    private IEnumerable<double> AllX() =>
        _series.SelectMany(s => s.Points).Select(p => p.X).Concat(_curves.SelectMany(c => c.Points).Select(p => p.X)).Concat(_vlines.Select(v => v.X));

    private IEnumerable<double> AllY() =>
        _series.SelectMany(s => s.Points).Select(p => p.Y).Concat(_curves.SelectMany(c => c.Points).Select(p => p.Y));
}

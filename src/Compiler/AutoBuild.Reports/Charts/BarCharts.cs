using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Reports.Charts;

/// <summary>One bar of a horizontal bar chart, drawn from <paramref name="Base"/> to <paramref name="Value"/>.</summary>
internal readonly record struct BarRow(string Group, string Label, double Value, double Base, string ValueText, string? Tooltip = null);

/// <summary>
/// Horizontal bars in labelled groups (one group per decision, say). A bar runs from its base to its value, so
/// the same chart shows plain magnitudes (base 0) and deviations from a group average (base = the average).
/// Rows whose value is not finite show "n/a" instead of a bar.
/// </summary>
internal sealed class HorizontalBarChart
{
    private readonly string _id, _title, _desc, _xLabel;
    private readonly List<BarRow> _rows;

    public HorizontalBarChart(string id, string title, string desc, string xLabel, IEnumerable<BarRow> rows)
    {
        _id = id;
        _title = title;
        _desc = desc;
        _xLabel = xLabel;
        _rows = rows.ToList();
    }

    public double Width { get; init; } = 640;
    public Func<double, string>? FormatX { get; init; }
    public string PositiveColor { get; init; } = Palette.Blue;
    public string NegativeColor { get; init; } = Palette.Orange;

    public string Render()
    {
        const double rowH = 20, groupH = 24, top = 12, axisH = 50, right = 64;
        var groups = _rows.Select(r => r.Group).Distinct().ToList();
        var showGroups = groups.Count > 1 || (groups.Count == 1 && groups[0].Length > 0);
        var labelW = Math.Min(230, 16 + _rows.Select(r => SvgBuilder.TextWidth(r.Label, 12)).DefaultIfEmpty(40).Max());
        var height = top + _rows.Count * rowH + (showGroups ? groups.Count * groupH : 0) + axisH;
        if (_rows.Count == 0) height = 120;
        var plotL = labelW + 8;
        var plotW = Width - plotL - right;

        var vals = _rows.SelectMany(r => new[] { r.Value, r.Base }).Where(double.IsFinite).ToList();
        var scale = new LinearScale(vals.Count > 0 ? vals.Min() : 0, vals.Count > 0 ? vals.Max() : 1, plotL, plotL + plotW, 5, FormatX);
        var svg = new SvgBuilder(_id, Width, height, _title, _desc);
        if (_rows.Count == 0)
        {
            svg.Text(Width / 2, 60, "no data", 14, "middle", Palette.Muted);
            return svg.ToString();
        }

        var plotBottom = height - axisH;
        foreach (var t in scale.Ticks)
        {
            var px = scale.Map(t);
            svg.Line(px, top, px, plotBottom, Palette.Faint);
            svg.Text(px, plotBottom + 16, scale.FormatTick(t), 11, "middle", Palette.Muted);
        }
        svg.Line(plotL, plotBottom, plotL + plotW, plotBottom, Palette.Muted);
        svg.Text(plotL + plotW / 2, plotBottom + 38, _xLabel, 13, "middle");

        var y = top;
        string? current = null;
        foreach (var r in _rows)
        {
            if (showGroups && r.Group != current)
            {
                current = r.Group;
                svg.Text(4, y + 17, r.Group, 12.5, bold: true);
                svg.Line(4, y + groupH - 2, Width - right, y + groupH - 2, Palette.Grid);
                y += groupH;
            }
            var tooltip = r.Tooltip ?? r.Group + " " + r.Label + ": " + r.ValueText;
            svg.BeginGroup(tooltip);
            svg.Text(labelW, y + 14, BlockDiagrams.Clip(r.Label, (int)(labelW / SvgBuilder.TextWidth("x", 12))), 12, "end");
            if (double.IsFinite(r.Value) && double.IsFinite(r.Base))
            {
                var x0 = scale.Map(r.Base);
                var x1 = scale.Map(r.Value);
                var color = r.Value >= r.Base ? PositiveColor : NegativeColor;
                svg.Rect(Math.Min(x0, x1), y + 3, Math.Max(1.5, Math.Abs(x1 - x0)), rowH - 6, color);
                svg.Text(Math.Max(x0, x1) + 4, y + 14, r.ValueText, 11, fill: Palette.Ink);
            }
            else
            {
                svg.Text(plotL + 4, y + 14, "n/a", 11, fill: Palette.Muted);
            }
            svg.EndGroup();
            y += rowH;
        }
        return svg.ToString();
    }
}

/// <summary>Vertical bars over named categories (hop levels, say); the value axis always includes zero.</summary>
internal sealed class VerticalBarChart
{
    private readonly string _id, _title, _desc, _xLabel, _yLabel;
    private readonly List<(string Category, double Value)> _bars;

    public VerticalBarChart(string id, string title, string desc, string xLabel, string yLabel, IEnumerable<(string Category, double Value)> bars)
    {
        _id = id;
        _title = title;
        _desc = desc;
        _xLabel = xLabel;
        _yLabel = yLabel;
        _bars = bars.ToList();
    }

    public double Width { get; init; } = 460;
    public double Height { get; init; } = 320;
    /// <summary>A fixed value range to include (e.g. 0..1 for correlations), so small values look small.</summary>
    public (double Min, double Max)? Domain { get; init; }
    public Func<double, string> FormatValue { get; init; } = v => Fmt.Fixed(v, 2);

    public string Render()
    {
        const double left = 64, right = 16, top = 20, bottom = 52;
        var plotW = Width - left - right;
        var plotH = Height - top - bottom;
        var vals = _bars.Select(b => b.Value).Where(double.IsFinite).Append(0.0).ToList();
        if (Domain is { } d) { vals.Add(d.Min); vals.Add(d.Max); }
        var y = new LinearScale(vals.Min(), vals.Max(), top + plotH, top, 5);
        var svg = new SvgBuilder(_id, Width, Height, _title, _desc);

        foreach (var t in y.Ticks)
        {
            var py = y.Map(t);
            svg.Line(left, py, left + plotW, py, t == 0 ? Palette.Muted : Palette.Faint);
            svg.Text(left - 8, py + 4, y.FormatTick(t), 11, "end", Palette.Muted);
        }
        svg.Text(left + plotW / 2, top + plotH + 42, _xLabel, 13, "middle");
        svg.Text(16, top + plotH / 2, _yLabel, 13, "middle", rotate: -90);
        if (_bars.Count == 0)
        {
            svg.Text(left + plotW / 2, top + plotH / 2, "no data", 14, "middle", Palette.Muted);
            return svg.ToString();
        }

        var slot = plotW / _bars.Count;
        var barW = Math.Min(64, slot * 0.7);
        var zero = y.Map(0);
        for (var i = 0; i < _bars.Count; i++)
        {
            var (category, value) = _bars[i];
            var cx = left + slot * (i + 0.5);
            svg.Text(cx, top + plotH + 18, category, 12, "middle");
            if (!double.IsFinite(value))
            {
                svg.Text(cx, zero - 6, "n/a", 11, "middle", Palette.Muted);
                continue;
            }
            var py = y.Map(value);
            var text = FormatValue(value);
            svg.Rect(cx - barW / 2, Math.Min(py, zero), barW, Math.Max(1, Math.Abs(zero - py)), value >= 0 ? Palette.Blue : Palette.Orange,
                tooltip: category + ": " + text);
            svg.Text(cx, value >= 0 ? py - 5 : py + 14, text, 11.5, "middle", bold: true);
        }
        return svg.ToString();
    }
}

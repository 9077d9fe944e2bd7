using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Reports.Charts;

/// <summary>
/// A matrix of coloured cells (rows × columns) on the sequential palette, each cell annotated with its value;
/// cells without data are pale grey with a dash. A ramp legend maps colours back to values.
/// </summary>
internal sealed class HeatMap
{
    private readonly string _id, _title, _desc, _legend;
    private readonly IReadOnlyList<string> _rows, _cols;
    private readonly double[,] _values;
    private readonly Func<double, string> _format;

    /// <param name="values">rows × columns; NaN marks a cell without data.</param>
    public HeatMap(string id, string title, string desc, IReadOnlyList<string> rows, IReadOnlyList<string> cols, double[,] values,
        Func<double, string> format, string legend)
    {
        _id = id;
        _title = title;
        _desc = desc;
        _rows = rows;
        _cols = cols;
        _values = values;
        _format = format;
        _legend = legend;
    }

    public string RowHeader { get; init; } = "";

    public string Render()
    {
        const double cellH = 30, legendH = 56;
        var labelW = Math.Min(200, 16 + _rows.Select(r => SvgBuilder.TextWidth(r, 12)).Append(SvgBuilder.TextWidth(RowHeader, 11)).DefaultIfEmpty(40).Max());
        var longest = _cols.Select(c => SvgBuilder.TextWidth(c, 12)).DefaultIfEmpty(20).Max();
        var cellW = Math.Clamp(longest + 14, 58, 92);
        var rotate = longest + 8 > cellW;
        var headerH = rotate ? Math.Min(120, longest * 0.75 + 22) : 28;
        var width = Math.Max(340, labelW + _cols.Count * cellW + 24);
        var height = headerH + _rows.Count * cellH + legendH;
        var svg = new SvgBuilder(_id, width, height, _title, _desc);
        if (_rows.Count == 0 || _cols.Count == 0)
        {
            svg.Text(width / 2, headerH + 20, "no data", 14, "middle", Palette.Muted);
            return svg.ToString();
        }

        var finite = Enumerable.Range(0, _rows.Count).SelectMany(r => Enumerable.Range(0, _cols.Count).Select(c => _values[r, c])).Where(double.IsFinite).ToList();
        var lo = finite.Count > 0 ? finite.Min() : 0;
        var hi = finite.Count > 0 ? finite.Max() : 1;

        if (RowHeader.Length > 0) svg.Text(labelW - 8, headerH - 8, RowHeader, 11, "end", Palette.Muted);
        for (var c = 0; c < _cols.Count; c++)
        {
            var cx = labelW + c * cellW + cellW / 2;
            if (rotate) svg.Text(cx + 4, headerH - 8, _cols[c], 12, rotate: -40);
            else svg.Text(cx, headerH - 8, _cols[c], 12, "middle");
        }
        for (var r = 0; r < _rows.Count; r++)
        {
            var y = headerH + r * cellH;
            var label = BlockDiagrams.Clip(_rows[r], (int)((labelW - 8) / SvgBuilder.TextWidth("x", 12)));
            svg.Text(labelW - 8, y + cellH / 2 + 4, label, 12, "end", tooltip: label == _rows[r] ? null : _rows[r]);
            for (var c = 0; c < _cols.Count; c++)
            {
                var x = labelW + c * cellW;
                var v = _values[r, c];
                if (!double.IsFinite(v))
                {
                    svg.Rect(x + 1, y + 1, cellW - 2, cellH - 2, Palette.NoData, Palette.Grid, tooltip: _rows[r] + " × " + _cols[c] + ": no data");
                    svg.Text(x + cellW / 2, y + cellH / 2 + 4, "–", 12, "middle", Palette.Muted);
                    continue;
                }
                var fill = Palette.Sequential(hi > lo ? (v - lo) / (hi - lo) : 0.5);
                svg.Rect(x + 1, y + 1, cellW - 2, cellH - 2, fill, tooltip: _rows[r] + " × " + _cols[c] + ": " + _format(v));
                svg.Text(x + cellW / 2, y + cellH / 2 + 4, _format(v), 11.5, "middle", Palette.TextOn(fill));
            }
        }
        var legendW = Math.Min(260, width - labelW - 24);
        svg.RampLegend(labelW, headerH + _rows.Count * cellH + 22, legendW, _format(lo), _format(hi), _legend);
        return svg.ToString();
    }
}

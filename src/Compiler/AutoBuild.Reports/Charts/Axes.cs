namespace AutoBuild.Reports.Charts;

/// <summary>Draws a plot frame: light grid lines at the ticks, tick labels, and the two axis titles.</summary>
internal static class Axes
{
    public static void Draw(SvgBuilder svg, IScale x, IScale y, double left, double top, double width, double height, string xLabel, string yLabel)
    {
        var bottom = top + height;
        svg.Rect(left, top, width, height, "#ffffff", Palette.Grid);
        foreach (var t in x.Ticks)
        {
            var px = x.Map(t);
            svg.Line(px, top, px, bottom, Palette.Faint);
            svg.Line(px, bottom, px, bottom + 5, Palette.Muted);
            svg.Text(px, bottom + 18, x.FormatTick(t), 11, "middle", Palette.Muted);
        }
        foreach (var t in y.Ticks)
        {
            var py = y.Map(t);
            svg.Line(left, py, left + width, py, Palette.Faint);
            svg.Line(left - 5, py, left, py, Palette.Muted);
            svg.Text(left - 8, py + 4, y.FormatTick(t), 11, "end", Palette.Muted);
        }
        svg.Rect(left, top, width, height, "none", Palette.Muted);
        svg.Text(left + width / 2, bottom + 40, xLabel, 13, "middle");
        svg.Text(16, top + height / 2, yLabel, 13, "middle", rotate: -90);
    }
}

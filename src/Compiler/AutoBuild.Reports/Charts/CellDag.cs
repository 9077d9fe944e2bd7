using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Reports.Charts;

/// <summary>An edge of a cell: from node, to node, the op on it, and the importance score of that op there.</summary>
internal readonly record struct CellEdge(int From, int To, string Op, double? Score);

/// <summary>
/// A cell DAG: nodes on a line (input left, output right), every edge an arrow carrying its op. Edges between
/// neighbours are straight; longer edges arc above (even span) or below (odd span) so labels do not collide.
/// Edges are coloured by the op's importance score; "none" (no connection) is drawn faint and dashed.
/// </summary>
internal static class CellDag
{
    /// <param name="range">The score range of the colour scale (to share it between drawings); the edges' own range when null.</param>
    public static string Render(string id, string title, string desc, int nodes, IReadOnlyList<CellEdge> edges, (double Lo, double Hi)? range = null, double width = 640)
    {
        var maxSpan = edges.Select(e => Math.Abs(e.To - e.From)).DefaultIfEmpty(1).Max();
        var above = maxSpan >= 2 ? 40 + 34 * ((maxSpan) / 2) : 20;
        var below = maxSpan >= 3 ? 40 + 34 * ((maxSpan - 1) / 2) : 20;
        var height = 30 + above + below + 70;
        var cy = 30 + above;
        var svg = new SvgBuilder(id, width, height, title, desc);
        svg.ArrowMarker("arrow", Palette.Ink);
        if (nodes < 2)
        {
            svg.Text(width / 2, height / 2, "no cell edges", 14, "middle", Palette.Muted);
            return svg.ToString();
        }
        const double margin = 56, r = 18;
        double X(int n) => margin + (width - 2 * margin) * n / (nodes - 1);
        var scores = edges.Where(e => e.Score is { } s && double.IsFinite(s) && !IsNone(e.Op)).Select(e => e.Score!.Value).ToList();
        var lo = range?.Lo ?? (scores.Count > 0 ? scores.Min() : 0);
        var hi = range?.Hi ?? (scores.Count > 0 ? scores.Max() : 1);

        foreach (var e in edges.OrderBy(e => IsNone(e.Op) ? 0 : 1).ThenBy(e => e.From).ThenBy(e => e.To))
        {
            var span = e.To - e.From;
            var x0 = X(e.From) + r * Math.Sign(span);
            var x1 = X(e.To) - r * Math.Sign(span);
            var none = IsNone(e.Op);
            var color = none ? "#b8c0c8" : e.Score is { } s && double.IsFinite(s) ? Darken(Palette.Sequential(hi > lo ? (s - lo) / (hi - lo) : 0.5)) : Palette.Ink;
            var tooltip = "edge " + e.From + "→" + e.To + ": " + e.Op + (e.Score is { } sc && double.IsFinite(sc) ? " (score " + Fmt.Target(sc) + ")" : "");
            double lx, ly;
            string d;
            if (Math.Abs(span) == 1)
            {
                d = "M" + SvgBuilder.C(x0) + "," + SvgBuilder.C(cy) + " L" + SvgBuilder.C(x1) + "," + SvgBuilder.C(cy);
                lx = (x0 + x1) / 2;
                ly = cy - 8;
            }
            else
            {
                var up = Math.Abs(span) % 2 == 0;
                var lift = 40 + 34 * ((Math.Abs(span) - (up ? 0 : 1)) / 2) + (e.From % 2) * 8;
                var ctrlY = up ? cy - 2 * lift : cy + 2 * lift;
                var sy = up ? cy - r * 0.6 : cy + r * 0.6;
                d = "M" + SvgBuilder.C(X(e.From) + r * 0.6) + "," + SvgBuilder.C(sy) + " Q" + SvgBuilder.C((X(e.From) + X(e.To)) / 2) + "," + SvgBuilder.C(ctrlY) +
                    " " + SvgBuilder.C(X(e.To) - r * 0.6) + "," + SvgBuilder.C(sy);
                lx = (X(e.From) + X(e.To)) / 2;
                ly = up ? cy - lift + 4 : cy + lift + 4;
            }
            svg.BeginGroup(tooltip);
            svg.Path(d, color, none ? 1.2 : 3, dash: none ? "4 4" : null, markerEnd: none ? null : "arrow");
            var w = SvgBuilder.TextWidth(e.Op, 11.5) + 10;
            svg.Rect(lx - w / 2, ly - 13, w, 18, "#ffffff", none ? null : color, 4, strokeWidth: 1);
            svg.Text(lx, ly, e.Op, 11.5, "middle", none ? Palette.Muted : Palette.Ink, bold: !none);
            svg.EndGroup();
        }
        for (var n = 0; n < nodes; n++)
        {
            var role = n == 0 ? "input" : n == nodes - 1 ? "output" : "node " + n;
            svg.Circle(X(n), cy, r, n == 0 || n == nodes - 1 ? Palette.Ink : "#ffffff", Palette.Ink, tooltip: role, strokeWidth: 2);
            svg.Text(X(n), cy + 5, n.ToString(System.Globalization.CultureInfo.InvariantCulture), 14, "middle", n == 0 || n == nodes - 1 ? "#ffffff" : Palette.Ink, bold: true);
            if (n == 0 || n == nodes - 1) svg.Text(X(n), cy + r + 16, role, 11, "middle", Palette.Muted);
        }
        if (scores.Count > 0)
            svg.RampLegend(margin, height - 34, 240, Fmt.Target(lo), Fmt.Target(hi), "importance of the op on that edge");
        return svg.ToString();
    }

    public static bool IsNone(string op) => op is "none" or "zero" or "" or "0";

    /// <summary>Darkens the light end of the ramp so that yellow edges stay visible on white.</summary>
    private static string Darken(string hex)
    {
        if (Palette.TextOn(hex) == "#ffffff") return hex;
        var r = Convert.ToInt32(hex.Substring(1, 2), 16) * 3 / 4;
        var g = Convert.ToInt32(hex.Substring(3, 2), 16) * 3 / 4;
        var b = Convert.ToInt32(hex.Substring(5, 2), 16) * 3 / 4;
        return "#" + r.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + g.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) +
               b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Reports.Charts;

/// <summary>A block of a drawn network: its group (stage), text lines, and its module score when it has one.</summary>
internal readonly record struct DiagramBlock(string Group, IReadOnlyList<string> Lines, double? Score, string Tooltip);

/// <summary>A row of <see cref="BlockDiagrams.Chains"/>: one module drawn as a short chain of blocks.</summary>
internal readonly record struct ChainRow(string Label, IReadOnlyList<IReadOnlyList<string>> Blocks, double Score, string ScoreText, bool Highlight, string Tooltip);

/// <summary>
/// Block drawings: the constructed network as blocks in order (wrapping into rows, contiguous stages framed and
/// named, blocks coloured by module score), and small chains of blocks for the top modules of a stage.
/// </summary>
internal static class BlockDiagrams
{
    private const string FixedFill = "#e8ecf0";

    public static string Network(string id, string title, string desc, IReadOnlyList<DiagramBlock> blocks, double width = 1100)
    {
        const double blockW = 112, blockH = 62, gap = 18, groupPad = 8, groupLabelH = 20, rowGap = 22, margin = 12, legendH = 52;
        var perRow = Math.Max(1, (int)((width - 2 * margin + gap) / (blockW + gap)));
        var rows = Math.Max(1, (blocks.Count + perRow - 1) / perRow);
        var rowH = groupLabelH + blockH + 2 * groupPad + rowGap;
        var scored = blocks.Where(b => b.Score is { } s && double.IsFinite(s)).Select(b => b.Score!.Value).ToList();
        var height = margin + rows * rowH + (scored.Count > 0 ? legendH : 0);
        var svg = new SvgBuilder(id, width, height, title, desc);
        svg.ArrowMarker("arrow", Palette.Muted);
        if (blocks.Count == 0)
        {
            svg.Text(width / 2, height / 2, "no blocks", 14, "middle", Palette.Muted);
            return svg.ToString();
        }
        var lo = scored.Count > 0 ? scored.Min() : 0;
        var hi = scored.Count > 0 ? scored.Max() : 1;

        for (var row = 0; row < rows; row++)
        {
            var first = row * perRow;
            var last = Math.Min(blocks.Count, first + perRow) - 1;
            var top = margin + row * rowH;
            var blockTop = top + groupLabelH + groupPad;
            // Frame each run of consecutive blocks of the same group within this row.
            for (var i = first; i <= last;)
            {
                var j = i;
                while (j + 1 <= last && blocks[j + 1].Group == blocks[i].Group) j++;
                var x0 = margin + (i - first) * (blockW + gap) - groupPad / 2;
                var x1 = margin + (j - first) * (blockW + gap) + blockW + groupPad / 2;
                svg.Rect(x0, top + groupLabelH - 2, x1 - x0, blockH + 2 * groupPad + 2, "none", Palette.Grid, 6);
                var continued = i == first && i > 0 && blocks[i - 1].Group == blocks[i].Group;
                svg.Text(x0 + 4, top + groupLabelH - 6, blocks[i].Group + (continued ? " (cont.)" : ""), 12, fill: Palette.Muted, bold: true);
                i = j + 1;
            }
            for (var i = first; i <= last; i++)
            {
                var b = blocks[i];
                var x = margin + (i - first) * (blockW + gap);
                var fill = b.Score is { } s && double.IsFinite(s) ? Palette.Sequential(hi > lo ? (s - lo) / (hi - lo) : 0.5) : FixedFill;
                var ink = Palette.TextOn(fill);
                svg.BeginGroup(b.Tooltip);
                svg.Rect(x, blockTop, blockW, blockH, fill, Palette.Muted, 6, strokeWidth: 0.6);
                var lines = b.Lines.Take(3).ToList();
                var y0 = blockTop + blockH / 2 - (lines.Count - 1) * 8 + 4;
                for (var l = 0; l < lines.Count; l++)
                    svg.Text(x + blockW / 2, y0 + l * 16, Clip(lines[l], 17), l == 0 ? 12.5 : 11, "middle", ink, bold: l == 0);
                svg.EndGroup();
                if (i < last)
                    svg.Path("M" + SvgBuilder.C(x + blockW + 1) + "," + SvgBuilder.C(blockTop + blockH / 2) + " H" + SvgBuilder.C(x + blockW + gap - 2),
                        Palette.Muted, 1.4, markerEnd: "arrow");
            }
        }
        if (scored.Count > 0)
            svg.RampLegend(margin, height - legendH + 18, 260, Fmt.Target(lo), Fmt.Target(hi), "module score (grey: fixed part, not scored)");
        return svg.ToString();
    }

    public static string Chains(string id, string title, string desc, IReadOnlyList<ChainRow> rows, double lo, double hi, double width = 640)
    {
        const double rowH = 44, labelW = 40, blockW = 84, blockH = 32, gap = 8, top = 30, scoreW = 130, legendH = 44;
        var maxBlocks = rows.Select(r => r.Blocks.Count).DefaultIfEmpty(1).Max();
        var chainW = Math.Max(1, maxBlocks) * (blockW + gap);
        width = Math.Max(width, labelW + chainW + scoreW + 20);
        var height = top + Math.Max(1, rows.Count) * rowH + legendH;
        var svg = new SvgBuilder(id, width, height, title, desc);
        svg.Text(4, 18, title, 14, bold: true);
        if (rows.Count == 0)
        {
            svg.Text(width / 2, top + 26, "no modules", 14, "middle", Palette.Muted);
            return svg.ToString();
        }
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var y = top + r * rowH;
            svg.BeginGroup(row.Tooltip);
            if (row.Highlight) svg.Rect(2, y + 1, width - 4, rowH - 2, "#fff8e1", Palette.Orange, 6, strokeWidth: 1.5);
            svg.Text(labelW - 6, y + rowH / 2 + 4, row.Label, 12, "end", bold: true);
            var fill = Palette.Sequential(hi > lo ? (row.Score - lo) / (hi - lo) : 0.5);
            var ink = Palette.TextOn(fill);
            for (var b = 0; b < row.Blocks.Count; b++)
            {
                var x = labelW + b * (blockW + gap);
                svg.Rect(x, y + (rowH - blockH) / 2, blockW, blockH, fill, Palette.Muted, 4, strokeWidth: 0.5);
                var lines = row.Blocks[b].Take(2).ToList();
                var y0 = y + rowH / 2 - (lines.Count - 1) * 6.5 + 4;
                for (var l = 0; l < lines.Count; l++)
                    svg.Text(x + blockW / 2, y0 + l * 13, Clip(lines[l], 14), 10.5, "middle", ink);
                if (b + 1 < row.Blocks.Count)
                    svg.Line(x + blockW, y + rowH / 2, x + blockW + gap, y + rowH / 2, Palette.Muted, 1.2);
            }
            var sx = labelW + chainW + 6;
            svg.Text(sx, y + rowH / 2 + 4, row.ScoreText, 12.5, bold: true);
            if (row.Highlight) svg.Text(width - 10, y + rowH / 2 + 4, "used", 11, "end", Palette.Vermillion, bold: true);
            svg.EndGroup();
        }
        svg.RampLegend(labelW, height - 26, 200, Fmt.Target(lo), Fmt.Target(hi), "module score (this chart)");
        return svg.ToString();
    }

    /// <summary>Shortens text that would overflow a block; the full text stays in the tooltip.</summary>
    public static string Clip(string s, int max) => s.Length <= max ? s : s.Substring(0, max - 1) + "…";
}

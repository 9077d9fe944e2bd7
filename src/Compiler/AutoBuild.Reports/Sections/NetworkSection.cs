using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Reports.Charts;
using AutoBuild.Reports.Document;
using static AutoBuild.Reports.Sections.ReportContext;

namespace AutoBuild.Reports.Sections;

/// <summary>A drawing of the built network: the cell DAG for cell spaces, blocks in order for every space.</summary>
internal static class NetworkSection
{
    public const string Id = "network";

    public static Section Build(ReportContext ctx)
    {
        var r = ctx.Result;
        var blocks = new List<Block>();
        var built = ctx.Built;

        if (ctx.IsCell && built is not null)
        {
            // Both cells share one colour scale: the range of importance over every op except "none".
            var scores = r.Importance.Where(e => !CellDag.IsNone(e.Value) && double.IsFinite(e.Score)).Select(e => e.Score).ToList();
            var range = scores.Count > 0 ? (scores.Min(), scores.Max()) : ((double, double)?)null;
            var figures = new List<Figure>();
            if (CellFigure(ctx, built, "fig-cell", "The built cell", range) is { } b) figures.Add(b);
            if (r.BestLabelled is { } best && CellFigure(ctx, best, "fig-cell-labelled", "The best labelled cell, for comparison", range) is { } l) figures.Add(l);
            if (figures.Count > 0) blocks.Add(new FigureRow(figures));
        }

        var drawn = r.Blocks.Count > 0
            ? r.Blocks.OrderBy(b => b.Index).Select(b => new DiagramBlock(b.Stage, Lines(b.Label, b.OutShape, b.Score),
                b.Score, b.Stage + " layer " + Int(b.Layer) + ": " + b.Label + (b.OutShape.Length > 0 ? " → " + b.OutShape : "") +
                         (b.Score is { } s ? ", module score " + Fmt.Target(s) : ""))).ToList()
            : FromDecisions(ctx);
        if (drawn.Count > 0)
        {
            var svg = BlockDiagrams.Network("fig-network", "The built network, block by block",
                "The built network as " + drawn.Count + " blocks in order: " + string.Join("; ", drawn.Select(b => b.Group + " " + string.Join(" ", b.Lines))) + ".",
                drawn);
            var data = new TableBuilder("", "#", "stage", "block", "output shape", "module score#");
            if (r.Blocks.Count > 0)
                foreach (var b in r.Blocks.OrderBy(b => b.Index))
                    data.Row(Int(b.Index), b.Stage, b.Label, b.OutShape, Opt(b.Score, Fmt.Target));
            else
                for (var i = 0; i < drawn.Count; i++)
                    data.Row(Int(i), drawn[i].Group, string.Join(" ", drawn[i].Lines), "", "");
            var colouring = drawn.Any(b => b.Score is { } x && double.IsFinite(x))
                ? "A block's colour is its module score: yellow blocks are the ones the predictor rates best, grey blocks are fixed parts of the skeleton."
                : "No block carries a module score in this result" + (ctx.IsCell ? " (the choices live inside the cells drawn above)" : "") + ", so every block is grey.";
            blocks.Add(new Figure(svg, "Blocks in network order (read left to right, row by row); frames group the blocks of one stage. " + colouring,
                data.Build(), Wide: true));
        }

        if (blocks.Count == 0)
            blocks.Add(new Paragraph("The result holds no block list and no built architecture, so there is nothing to draw."));

        return new Section(Id, "The built network",
            ctx.IsCell
                ? "The cell AutoBuild chose, drawn as a graph, and where it sits in the network. Arrows show data flow; labels name the op on each edge."
                : "The network AutoBuild built, block by block from input to output, grouped by stage. Each block shows its op (kernel, expansion) and is coloured by its module score.",
            blocks);
    }

    private static Figure? CellFigure(ReportContext ctx, RankedArchitecture arch, string id, string title, (double, double)? range)
    {
        var edges = new List<CellEdge>();
        var extrapolated = new HashSet<(int, int)>();
        foreach (var (name, op) in arch.Decisions)
        {
            if (!DecisionNames.TryParseEdge(name, out var from, out var to)) continue;
            edges.Add(new CellEdge(from, to, op, ctx.ImportanceByChoice.TryGetValue((name, op), out var s) ? s : null));
            if (ctx.ExtrapolatedChoices.Contains((name, op))) extrapolated.Add((from, to));
        }
        if (edges.Count == 0) return null;
        var nodes = edges.Max(e => e.To) + 1;
        var svg = CellDag.Render(id, title,
            "A directed acyclic graph of " + nodes + " nodes; each arrow is an edge carrying its op: " +
            string.Join(", ", edges.OrderBy(e => e.From).ThenBy(e => e.To).Select(e => e.From + "→" + e.To + " " + e.Op)) + ".",
            nodes, edges, range);
        var data = new TableBuilder("", "edge", "op", "importance of this op here#");
        foreach (var e in edges.OrderBy(e => e.To).ThenBy(e => e.From))
            data.Row(e.From + "→" + e.To, e.Op, Opt(e.Score, Fmt.Target));
        return new Figure(svg, title + " (" + Code(arch.Arch) + "). Node 0 is the cell input, the last node its output; every node sums its incoming edges. " +
                               "Edge colour = importance of that op on that edge (yellow = best); dashed grey = no connection" +
                               (extrapolated.Count > 0 ? "; * = fewer than " + Int(AutoBuild.Spec.Results.ImportanceEntry.MinLabels) + " labels have that op there (extrapolated)." : "."), data.Build());
    }

    private static IReadOnlyList<string> Lines(string label, string outShape, double? score)
    {
        var lines = new List<string> { label };
        if (outShape.Length > 0) lines.Add(outShape);
        if (score is { } s && double.IsFinite(s)) lines.Add("score " + Fmt.Target(s));
        return lines;
    }

    /// <summary>Without a block list, the built architecture's decisions still give a chain, grouped by stage.</summary>
    private static List<DiagramBlock> FromDecisions(ReportContext ctx)
    {
        if (ctx.Built is null || ctx.IsCell) return new List<DiagramBlock>();
        var result = new List<DiagramBlock>();
        foreach (var stage in ctx.Built.Decisions.GroupBy(d => ctx.StageOf(d.Key)).OrderBy(g => g.Key, NaturalComparer.Instance))
        {
            var decisions = stage.ToDictionary(d => d.Key, d => d.Value);
            foreach (var lines in DecisionNames.Chain(decisions))
                result.Add(new DiagramBlock(stage.Key, lines, null, stage.Key + ": " + string.Join(" ", lines)));
        }
        return result;
    }
}

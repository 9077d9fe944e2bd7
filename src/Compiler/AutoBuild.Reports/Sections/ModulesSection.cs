using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Reports.Charts;
using AutoBuild.Reports.Document;
using static AutoBuild.Reports.Sections.ReportContext;

namespace AutoBuild.Reports.Sections;

/// <summary>The best-scoring modules of every stage (macro) or root node (cell), each drawn as a short chain of blocks.</summary>
internal static class ModulesSection
{
    public const string Id = "modules";
    private const int ChartRows = 5;

    public static Section Build(ReportContext ctx)
    {
        var r = ctx.Result;
        var blocks = new List<Block>();
        var groups = r.Modules.GroupBy(m => m.Stage).ToList();
        var figures = new List<Figure>();
        var index = 0;
        foreach (var group in groups)
        {
            var ranked = group.OrderBy(m => m.Rank).ThenByDescending(m => m.Score).ToList();
            var rows = ranked.Take(ChartRows).Select(m => new ChainRow("#" + Int(m.Rank), Blocks(m), m.Score, Fmt.Target(m.Score) + "  · " + Hops(m.Hops), IsUsed(ctx, m),
                "rank " + Int(m.Rank) + ", " + Int(m.Hops) + "-hop module, score " + Fmt.Target(m.Score) + ": " + DecisionNames.Compact(m.Decisions))).ToList();
            var title = ctx.IsCell
                ? "Rooted at " + group.Key
                : (group.Key.StartsWith('s') && group.Key.Length > 1 && char.IsAsciiDigit(group.Key[1]) ? "Stage " + group.Key : group.Key);
            var finite = ranked.Take(ChartRows).Select(m => m.Score).Where(double.IsFinite).ToList();
            var lo = finite.Count > 0 ? finite.Min() : 0;
            var hi = finite.Count > 0 ? finite.Max() : 1;
            var svg = BlockDiagrams.Chains("fig-modules-" + Int(index++), title + ": top modules",
                title + ": the " + rows.Count + " best-scoring modules as chains of blocks. " +
                string.Join("; ", rows.Select(x => x.Label + " " + x.ScoreText)) + ".", rows, lo, hi, 560);
            var data = new TableBuilder("", "rank#", "hops#", "module", "score#", "used in the built architecture");
            foreach (var m in ranked)
                data.Row(IsUsed(ctx, m), Int(m.Rank), Int(m.Hops), DecisionNames.Compact(m.Decisions), Fmt.Target(m.Score), IsUsed(ctx, m) ? "yes" : "");
            figures.Add(new Figure(svg, Int(ranked.Count) + " modules listed" + (ranked.Count > ChartRows ? ", the top " + Int(ChartRows) + " drawn" : "") + ".", data.Build()));
        }
        if (figures.Count == 0) blocks.Add(new Paragraph("The result holds no module scores."));
        else blocks.Add(new FigureRow(figures));

        return new Section(Id, ctx.IsCell ? "Top modules per root node" : "Top modules per stage",
            "A module is a short chain of consecutive blocks (a whole stage in a macro space); a k-hop module reaches k blocks back from its root. Its score is the " +
            "predictor's estimate, in " + ctx.TargetName + " units, of how good a network built around it is. Rows marked \"used\" are part of the built architecture.",
            blocks);
    }

    /// <summary>A module's blocks; a module that fixes no decision (a fixed node of the graph) is one "fixed" block.</summary>
    private static IReadOnlyList<IReadOnlyList<string>> Blocks(ModuleScore m) =>
        m.Decisions.Count > 0 ? DecisionNames.Chain(m.Decisions) : new[] { (IReadOnlyList<string>)new[] { m.Stage, "(fixed)" } };

    private static string Hops(int hops) => Int(hops) + (hops == 1 ? " hop" : " hops");

    /// <summary>A module is used when every one of its decisions has the same value in the built architecture.</summary>
    private static bool IsUsed(ReportContext ctx, ModuleScore m) =>
        ctx.Built is not null && m.Decisions.Count > 0 && m.Decisions.All(d => ctx.Built.Decisions.TryGetValue(d.Key, out var v) && v == d.Value);
}

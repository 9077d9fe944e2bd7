using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Reports.Charts;
using AutoBuild.Reports.Document;
using static AutoBuild.Reports.Sections.ReportContext;

namespace AutoBuild.Reports.Sections;

/// <summary>The target against each cost (FLOPs, params, latency): labelled points, their Pareto front, the built ones, the budget.</summary>
internal static class TradeoffSection
{
    public const string Id = "tradeoff";

    private sealed record Cost(string Name, string Key, Func<LabelledPoint, double?> OfLabelled, Func<RankedArchitecture, double?> OfRanked, double? Budget,
        Func<double, string> Format, Func<double, string>? Tick);

    public static Section Build(ReportContext ctx)
    {
        var r = ctx.Result;
        var c = r.Constraints;
        var costs = new List<Cost>
        {
            new("FLOPs", "flops", p => p.Flops, a => a.Flops, c.MaxFlops, Fmt.Compact, Fmt.Compact),
            new("params", "params", p => p.Params, a => a.Params, c.MaxParams, Fmt.Compact, Fmt.Compact),
        };
        if (ctx.HasLatency || c.MaxLatency is not null)
            costs.Add(new Cost("latency" + (c.LatencyColumn is { Length: > 0 } col ? " (" + col + ")" : ""), "latency", p => p.Latency, a => a.Latency, c.MaxLatency, v => Fmt.Sig(v, 3), null));

        var constrained = c.MaxFlops is not null || c.MaxParams is not null || c.MaxLatency is not null;
        var blocks = new List<Block>
        {
            new Paragraph(constrained
                ? "This run had a budget: " + string.Join(", ", costs.Where(k => k.Budget is not null).Select(k => k.Name + " ≤ " + k.Format(k.Budget!.Value))) +
                  ". Architectures right of the red dashed line are over budget."
                : "This run had no budget (no --max-flops, --max-params or latency limit), so the charts only show where the built architecture sits among the labelled ones."),
        };

        var figures = new List<Figure>();
        foreach (var cost in costs)
        {
            var labelled = r.Labelled.Select(p => (Cost: cost.OfLabelled(p) ?? double.NaN, p.Target, p.Arch)).Where(p => double.IsFinite(p.Cost) && p.Cost > 0).ToList();
            // A labelled (measured) entry sits at its measured target, as everywhere in the report; an unmeasured one at its prediction.
            var best = r.Best.Select(a => (Cost: cost.OfRanked(a) ?? double.NaN, Target: a.Measured ?? a.Predicted, a.Arch, a.Rank, Source: a.Measured is null ? "predicted" : "measured", a.BudgetBasis)).Where(p => double.IsFinite(p.Cost) && p.Cost > 0).ToList();
            if (labelled.Count == 0 && best.Count == 0 && cost.Budget is null) continue;
            var front = Pareto.Front(labelled, p => p.Cost, p => p.Target);
            var all = labelled.Select(p => p.Cost).Concat(best.Select(p => p.Cost)).ToList();
            var logX = all.Count > 1 && all.Min() > 0 && all.Max() / all.Min() > 20;

            var chart = new XyChart("fig-tradeoff-" + cost.Key, ctx.TargetName + " against " + cost.Name,
                    "Scatter of " + Shown(labelled.Count, r.LabelledTotal) + " labelled architectures (measured " + ctx.TargetName + ") and " + best.Count + " built ones (measured where labelled, else predicted) against " + cost.Name +
                    ", with the Pareto front of the labelled ones" + (cost.Budget is { } b0 ? " and the budget " + cost.Format(b0) : "") + ".",
                    cost.Name + (logX ? " (log scale)" : ""), ctx.TargetName)
                { LogX = logX, FormatX = cost.Tick, Floor = Robust.LowerFence(labelled.Select(p => p.Target)) }
                .Points("labelled (measured)", labelled.Select(p => new XyPoint(p.Cost, p.Target, p.Arch + ": " + Fmt.Target(p.Target) + " at " + cost.Format(p.Cost) + " " + cost.Name)),
                    Palette.SkyBlue, radius: 3, opacity: 0.55)
                .Line("Pareto front of the labelled", front.Select(p => new XyPoint(p.Cost, p.Target)), Palette.Blue, staircase: true)
                .Points("built", best.Select(p => new XyPoint(p.Cost, p.Target, "rank " + Int(p.Rank) + " " + p.Arch + ": " + p.Source + " " + Fmt.Target(p.Target) + " at " + cost.Format(p.Cost))),
                    Palette.Vermillion, Marker.Diamond, radius: 6);
            if (r.BestLabelled is { } bl && cost.OfRanked(bl) is { } blc && blc > 0)
                chart.Points("best labelled", new[] { new XyPoint(blc, bl.Measured ?? bl.Predicted, bl.Arch) }, Palette.Ink, Marker.Ring, radius: 7);
            if (cost.Budget is { } budget) chart.VerticalLine(budget, "budget " + cost.Format(budget), Palette.Vermillion);

            var data = new TableBuilder("", "kind", "architecture", cost.Name + "#", ctx.TargetName + "#", "within budget");
            foreach (var p in best)
                data.Row(true, "built #" + Int(p.Rank) + " (" + p.Source + ")", Code(p.Arch), cost.Format(p.Cost), Fmt.Target(p.Target), Within(p.Cost, cost.Budget, cost.Key == "latency" ? p.BudgetBasis : "exact"));
            foreach (var p in front)
                data.Row("Pareto front (measured)", Code(p.Arch), cost.Format(p.Cost), Fmt.Target(p.Target), Within(p.Cost, cost.Budget, cost.Key == "latency" ? "measured" : "exact"));
            figures.Add(new Figure(chart.Render(), "Light dots: labelled architectures (measured). Staircase: the best measured " + ctx.TargetName + " reachable at each " + cost.Name +
                                                   ". Diamonds: the built architectures (at the measured value when labelled, else the predicted one). A diamond above the staircase promises more than any measured architecture of that cost.",
                data.Build()));
        }
        if (figures.Count == 0) blocks.Add(new Paragraph("The result holds no cost data to plot."));
        else blocks.Add(new FigureRow(figures));

        return new Section(Id, ctx.TargetName + " against cost",
            "Each chart puts the target (up is better) against one cost (left is cheaper). The staircase is the best trade-off among your labelled architectures; " +
            "the red dashed line, when present, is the budget the run had to respect.",
            blocks);
    }

    /// <summary>"2,000 of the 200,000" when the results list a summary of the labels (every Pareto-optimal point kept).</summary>
    private static string Shown(int shown, int total) =>
        shown < total ? Fmt.Count(shown) + " (every Pareto-optimal one, the 100 best and an even sample) of the " + Fmt.Count(total) : Fmt.Count(shown);

    /// <summary>"yes (measured)": within the budget and how that was checked (params and FLOPs exactly, latency by the entry's budget
    /// basis: measured, predicted or probable), as in the table of every reported architecture.</summary>
    private static string Within(double cost, double? budget, string? basis) =>
        budget is { } b ? (cost <= b ? "yes" : "no") + (basis is { Length: > 0 } ? " (" + basis + ")" : "") : "no budget";
}

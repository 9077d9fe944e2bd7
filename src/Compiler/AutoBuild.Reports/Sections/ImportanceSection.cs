using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Reports.Charts;
using AutoBuild.Reports.Document;
using AutoBuild.Spec.Results;
using static AutoBuild.Reports.Sections.ReportContext;

namespace AutoBuild.Reports.Sections;

/// <summary>Which decision values the predictor associates with a better target (and, with a latency column, with a
/// higher latency): a matrix view, per-value bars and the per-feature read-out. Every score is a predicted mean of the
/// metric over architectures with that value, so depth, layer values, ops and global decisions share one scale.</summary>
internal static class ImportanceSection
{
    public const string Id = "importance";

    public static Section Build(ReportContext ctx)
    {
        var r = ctx.Result;
        var blocks = new List<Block>();
        if (r.Importance.Count == 0 && r.FeatureImportance.Count == 0)
            blocks.Add(new Paragraph("The result holds no importance statistics."));

        if (Coverage(ctx) is Notes coverage) blocks.Add(coverage);

        var top = new List<Figure>();
        if (r.Importance.Count > 0) top.Add(ctx.IsCell ? EdgeOpMatrix(ctx) : StageChoiceMatrix(ctx));
        if (r.FeatureImportance.Count > 0) top.Add(FeatureBars(ctx));
        if (top.Count > 0) blocks.Add(new FigureRow(top));
        if (r.Importance.Count > 0) blocks.Add(ValueBars(ctx, r.Importance, "fig-values", ctx.TargetName, "better", true));
        if (r.LatencyImportance.Count > 0) blocks.Add(ValueBars(ctx, r.LatencyImportance, "fig-latency-values", LatencyName(ctx), "slower", false));

        return new Section(Id, "Which choices matter",
            "For every value a decision can take: the predicted mean " + ctx.TargetName + " of architectures that have it (the labelled " +
            "architectures with that value put in, averaged). Higher means the value is associated with a better " + ctx.TargetName +
            ". Depth choices, per-layer values, ops and global decisions such as the resolution are all measured this way, so they can " +
            "be compared with each other, and differences read like differences of the target." +
            (r.LatencyImportance.Count > 0 ? " The same is shown for the latency predictor: there, higher means slower." : "") +
            " A value fewer than " + Int(ImportanceEntry.MinLabels) + " labels have is marked extrapolated (*): its score is the predictor's guess, not something the labels show.",
            blocks);
    }

    /// <summary>The notes on coverage: every decision whose highest score is an extrapolated value ("s1.depth = 2: no
    /// label; predicted best, unverified"), then how many values are extrapolated; null when every value is covered
    /// (or the result predates the label counts).</summary>
    private static Notes? Coverage(ReportContext ctx)
    {
        var entries = ctx.Result.Importance;
        var extrapolated = entries.Count(e => e.Extrapolated);
        if (extrapolated == 0) return null;
        var items = ImportanceCoverage.UncoveredBest(entries).Select(u =>
            "`" + u.Decision + "` = " + u.Top.Value + ": " + ImportanceCoverage.LabelText(u.Top.Labels) + "; predicted best, unverified. " +
            (u.BestCovered is { } c
                ? "The best value the labels cover is " + c.Value + " (" + ImportanceCoverage.LabelText(c.Labels) + ", " + Fmt.Target(c.Score) + " against " + Fmt.Target(u.Top.Score) + ")."
                : "No value of it has " + Int(ImportanceEntry.MinLabels) + " labels.")).ToList();
        items.Add(Int(extrapolated) + " of " + Int(entries.Count) + " decision values are extrapolated: fewer than " + Int(ImportanceEntry.MinLabels) +
                  " labelled architectures have them, so their scores are the predictor's extrapolation (marked * in the tables). Label architectures with them to check.");
        return new Notes("warning", items);
    }

    /// <summary>The matrix cell text: the score, with "*" when the labels do not cover it.</summary>
    private static string CellText(double score, bool extrapolated) =>
        double.IsFinite(score) ? Fmt.Target(score) + (extrapolated ? "*" : "") : "–";

    private static Figure EdgeOpMatrix(ReportContext ctx)
    {
        var entries = ctx.Result.Importance;
        var rows = entries.Select(e => e.Decision).Distinct()
            .OrderBy(d => DecisionNames.TryParseEdge(d, out var f, out var t) ? t * 1000 + f : int.MaxValue).ThenBy(d => d, NaturalComparer.Instance).ToList();
        var cols = entries.Select(e => e.Value).Distinct().ToList();
        var values = Matrix(rows.Count, cols.Count);
        var uncovered = new bool[rows.Count, cols.Count];
        foreach (var e in entries)
        {
            values[rows.IndexOf(e.Decision), cols.IndexOf(e.Value)] = e.Score;
            uncovered[rows.IndexOf(e.Decision), cols.IndexOf(e.Value)] = e.Extrapolated;
        }
        var rowLabels = rows.Select(d => DecisionNames.TryParseEdge(d, out var f, out var t) ? "edge " + f + "→" + t : d).ToList();
        var svg = new HeatMap("fig-heat", "Importance of each op on each edge", MatrixDesc("edges", "ops", rowLabels, cols, values, uncovered), rowLabels, cols, values,
            Fmt.Target, "predicted mean " + ctx.TargetName) { RowHeader = "edge \\ op" }.Render();
        return new Figure(svg, "Rows are the edges of the cell, columns the ops an edge can carry. A bright (yellow) cell means architectures with that op on that edge have a high predicted " + ctx.TargetName + "; " +
                               "compare along a row to see the best op for each edge. * = fewer than " + Int(ImportanceEntry.MinLabels) + " labels have that op there (extrapolated).",
            MatrixTable(rowLabels, cols, values, uncovered, "edge"));
    }

    private static Figure StageChoiceMatrix(ReportContext ctx)
    {
        // Layer-level choices (s1.l2.kernel = 5) are pooled per stage, weighted by how many architectures they average.
        var cells = new Dictionary<(string Row, string Col), (double Sum, double Weight, int? Labels)>();
        var rows = new List<string>();
        var cols = new List<string>();
        foreach (var e in ctx.Result.Importance)
        {
            var dotted = e.Decision.Contains('.');
            var row = ctx.StageOf(e.Decision);
            var col = dotted ? DecisionNames.Attribute(e.Decision) + " " + e.Value : e.Value;
            if (!rows.Contains(row)) rows.Add(row);
            if (!cols.Contains(col)) cols.Add(col);
            var w = Math.Max(1, e.Count);
            cells[(row, col)] = cells.TryGetValue((row, col), out var acc) ? (acc.Sum + e.Score * w, acc.Weight + w, acc.Labels + e.Labels) : (e.Score * w, w, e.Labels);
        }
        rows.Sort(NaturalComparer.Instance);
        cols = cols.OrderBy(c => c.Contains(' ') ? c[..c.IndexOf(' ')] : "", StringComparer.Ordinal).ThenBy(c => cols.IndexOf(c)).ToList();
        var values = Matrix(rows.Count, cols.Count);
        var uncovered = new bool[rows.Count, cols.Count];
        foreach (var ((row, col), acc) in cells)
        {
            values[rows.IndexOf(row), cols.IndexOf(col)] = acc.Sum / acc.Weight;
            // Pooled over a stage's layers: extrapolated when the layers' labels together are too few.
            uncovered[rows.IndexOf(row), cols.IndexOf(col)] = acc.Labels < ImportanceEntry.MinLabels;
        }
        var svg = new HeatMap("fig-heat", "Importance of each choice in each stage", MatrixDesc("stages", "choices", rows, cols, values, uncovered), rows, cols, values,
            Fmt.Target, "predicted mean " + ctx.TargetName) { RowHeader = "stage \\ choice" }.Render();
        return new Figure(svg, "Rows are stages, columns the values a decision can take (pooled over the layers of a stage). A bright (yellow) cell means architectures " +
                               "with that choice in that stage have a high predicted " + ctx.TargetName + "; \"–\" means the choice does not occur there; * = fewer than " +
                               Int(ImportanceEntry.MinLabels) + " labels have it (extrapolated).", MatrixTable(rows, cols, values, uncovered, "stage"));
    }

    private static string LatencyName(ReportContext ctx) => ctx.Result.Constraints.LatencyColumn ?? "latency";

    /// <param name="best">Higher is better (the target), so a decision's top value reads as its best; not for latency.</param>
    private static Figure ValueBars(ReportContext ctx, IReadOnlyList<ImportanceEntry> entries, string id, string metric, string higher, bool best)
    {
        var bars = new List<BarRow>();
        var data = new TableBuilder("", "decision", "value", "predicted mean " + metric + "#", "vs decision average#", "labels#", "backgrounds#", "coverage");
        foreach (var decision in entries.GroupBy(e => e.Decision).OrderBy(g => g.Key, NaturalComparer.Instance))
        {
            var finite = decision.Where(e => double.IsFinite(e.Score)).ToList();
            var mean = finite.Count > 0 ? finite.Average(e => e.Score) : double.NaN;
            var ordered = decision.OrderByDescending(e => double.IsFinite(e.Score) ? e.Score : double.NegativeInfinity).ThenBy(e => e.Value, StringComparer.Ordinal).ToList();
            // The decision's best value is the best one the labels cover; an extrapolated value above it is "predicted best, unverified".
            var bestCovered = ordered.FirstOrDefault(e => !e.Extrapolated && double.IsFinite(e.Score));
            foreach (var e in ordered)
            {
                var delta = Fmt.Delta(e.Score - mean, e.Score);
                var coverage = e.Extrapolated
                    ? ImportanceCoverage.LabelText(e.Labels) + "; " + (best && ReferenceEquals(e, ordered[0]) ? "predicted best, unverified" : "extrapolated")
                    : best && ReferenceEquals(e, bestCovered) && !ReferenceEquals(e, ordered[0]) ? "best covered value" : "";
                var text = Fmt.Target(e.Score) + " (" + delta + ")" + (e.Extrapolated ? " *" : "");
                bars.Add(new BarRow(decision.Key, e.Value + (e.Extrapolated ? "*" : ""), e.Score, mean, text,
                    decision.Key + " = " + e.Value + ": predicted mean " + metric + " " + Fmt.Target(e.Score) + " over " + Int(e.Count) + " background architectures" +
                    (e.Labels is int n ? "; " + ImportanceCoverage.LabelText(n) + " " + (n == 1 ? "has" : "have") + " this value" + (e.Extrapolated ? " (extrapolated)" : "") : "")));
                data.Row(decision.Key, e.Value, Fmt.Target(e.Score), delta, e.Labels is int l ? Int(l) : "–", Int(e.Count), coverage);
            }
        }
        var svg = new HorizontalBarChart(id, "Predicted mean " + metric + " of every decision value",
            "Horizontal bars, one group per decision, one bar per value, drawn from the decision's average score to the value's score.",
            "predicted mean " + metric, bars) { Width = 760, PositiveColor = Palette.Blue, NegativeColor = Palette.Orange }.Render();
        return new Figure(svg, "One group per decision. Each bar starts at the average over that decision's values and ends at the value's own score " +
                               "(the predicted mean " + metric + " of architectures with that value): blue bars (to the right) are higher than average, " +
                               "i.e. " + higher + ", orange bars (to the left) lower. The number in brackets is the difference. \"labels\" counts the labelled " +
                               "architectures that have the value, \"backgrounds\" the architectures the score averages (each with the value put in); " +
                               "* = fewer than " + Int(ImportanceEntry.MinLabels) + " labels: the score is extrapolated.",
            data.Build());
    }

    private static Figure FeatureBars(ReportContext ctx)
    {
        var bars = new List<BarRow>();
        var data = new TableBuilder("", "feature", "value", "predicted mean " + ctx.TargetName + "#", "FE-MLP scalar#");
        foreach (var feature in ctx.Result.FeatureImportance.GroupBy(f => f.Feature).OrderBy(g => g.Key, NaturalComparer.Instance))
        {
            var finite = feature.Where(f => double.IsFinite(f.Score)).ToList();
            var mean = finite.Count > 0 ? finite.Average(f => f.Score) : double.NaN;
            foreach (var f in feature.OrderByDescending(f => double.IsFinite(f.Score) ? f.Score : double.NegativeInfinity).ThenBy(f => f.Value, StringComparer.Ordinal))
            {
                bars.Add(new BarRow(feature.Key, f.Value, f.Score, mean, Fmt.Target(f.Score) + " (" + Fmt.Delta(f.Score - mean, f.Score) + ")"));
                data.Row(feature.Key, f.Value, Fmt.Target(f.Score), f.Scalar is double x ? Fmt.Sig(x, 4) : "–");
            }
        }
        var svg = new HorizontalBarChart("fig-features", "Each feature value over all the decisions that carry it",
            "Horizontal bars, one group per block feature, drawn from the feature's average to the value's predicted mean target.", "predicted mean " + ctx.TargetName, bars)
        { Width = 520, PositiveColor = Palette.Green, NegativeColor = Palette.Vermillion }.Render();
        return new Figure(svg, "One group per block feature (kernel, expansion, op...). A value's score is its predicted mean " + ctx.TargetName + " averaged over " +
                               "every decision that sets that feature (every layer's kernel, every edge's op): green bars (right) are better than the feature's average, " +
                               "red bars (left) worse. The table also lists the FE-MLP scalar |Linear(Embedding(value))| of autobuild-method.md §4.2, a magnitude " +
                               "on the first embedding that does not say whether a value is good.",
            data.Build());
    }

    private static double[,] Matrix(int rows, int cols)
    {
        var m = new double[rows, cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                m[i, j] = double.NaN;
        return m;
    }

    private static string MatrixDesc(string rowsName, string colsName, IReadOnlyList<string> rows, IReadOnlyList<string> cols, double[,] values, bool[,] uncovered)
    {
        // Best per row among the cells the labels cover; an extrapolated cell above it is named as unverified.
        var best = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = i;
            var order = Enumerable.Range(0, cols.Count).Where(c => double.IsFinite(values[row, c])).OrderByDescending(c => values[row, c]).ToList();
            var j = order.Where(c => !uncovered[row, c]).DefaultIfEmpty(-1).First();
            var above = order.Count > 0 && uncovered[row, order[0]] ? " (" + cols[order[0]] + " predicted higher, unverified)" : "";
            if (j >= 0) best.Add(rows[i] + ": " + cols[j] + above);
            else if (order.Count > 0) best.Add(rows[i] + ": none covered by labels");
        }
        return "Heat map of predicted mean target per choice, " + rows.Count + " " + rowsName + " by " + cols.Count + " " + colsName + ". Best per row among values the labels cover: " + string.Join("; ", best) + ".";
    }

    private static Table MatrixTable(IReadOnlyList<string> rows, IReadOnlyList<string> cols, double[,] values, bool[,] uncovered, string corner)
    {
        var t = new TableBuilder("", new[] { corner }.Concat(cols.Select(c => c + "#")).ToArray());
        for (var i = 0; i < rows.Count; i++)
        {
            var row = i;
            t.Row(new[] { rows[i] }.Concat(Enumerable.Range(0, cols.Count).Select(j => CellText(values[row, j], uncovered[row, j]))).ToArray());
        }
        return t.Build();
    }
}

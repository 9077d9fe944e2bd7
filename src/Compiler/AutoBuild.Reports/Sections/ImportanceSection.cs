using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Reports.Charts;
using AutoBuild.Reports.Document;
using static AutoBuild.Reports.Sections.ReportContext;

namespace AutoBuild.Reports.Sections;

/// <summary>Which decision values the predictor associates with a better target: a matrix view and per-value bars.</summary>
internal static class ImportanceSection
{
    public const string Id = "importance";

    public static Section Build(ReportContext ctx)
    {
        var r = ctx.Result;
        var blocks = new List<Block>();
        if (r.Importance.Count == 0 && r.FeatureImportance.Count == 0)
            blocks.Add(new Paragraph("The result holds no importance statistics."));

        var top = new List<Figure>();
        if (r.Importance.Count > 0) top.Add(ctx.IsCell ? EdgeOpMatrix(ctx) : StageChoiceMatrix(ctx));
        if (r.FeatureImportance.Count > 0) top.Add(FeatureBars(ctx));
        if (top.Count > 0) blocks.Add(new FigureRow(top));
        if (r.Importance.Count > 0) blocks.Add(ValueBars(ctx));

        return new Section(Id, "Which choices matter",
            "Module scores grouped by the value a decision takes: a value whose modules score higher tends to give a better " + ctx.TargetName +
            ". Scores are in " + ctx.TargetName + " units, so differences read like differences of the target.",
            blocks);
    }

    private static Figure EdgeOpMatrix(ReportContext ctx)
    {
        var entries = ctx.Result.Importance;
        var rows = entries.Select(e => e.Decision).Distinct()
            .OrderBy(d => DecisionNames.TryParseEdge(d, out var f, out var t) ? t * 1000 + f : int.MaxValue).ThenBy(d => d, NaturalComparer.Instance).ToList();
        var cols = entries.Select(e => e.Value).Distinct().ToList();
        var values = Matrix(rows.Count, cols.Count);
        foreach (var e in entries) values[rows.IndexOf(e.Decision), cols.IndexOf(e.Value)] = e.Score;
        var rowLabels = rows.Select(d => DecisionNames.TryParseEdge(d, out var f, out var t) ? "edge " + f + "→" + t : d).ToList();
        var svg = new HeatMap("fig-heat", "Importance of each op on each edge", MatrixDesc("edges", "ops", rowLabels, cols, values), rowLabels, cols, values,
            Fmt.Target, "mean module score (" + ctx.TargetName + ")") { RowHeader = "edge \\ op" }.Render();
        return new Figure(svg, "Rows are the edges of the cell, columns the ops an edge can carry. A bright (yellow) cell means modules with that op on that edge score high; " +
                               "compare along a row to see the best op for each edge.", MatrixTable(rowLabels, cols, values, "edge"));
    }

    private static Figure StageChoiceMatrix(ReportContext ctx)
    {
        // Layer-level choices (s1.l2.kernel = 5) are pooled per stage, weighted by how many modules they summarise.
        var cells = new Dictionary<(string Row, string Col), (double Sum, double Weight)>();
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
            cells[(row, col)] = cells.TryGetValue((row, col), out var acc) ? (acc.Sum + e.Score * w, acc.Weight + w) : (e.Score * w, w);
        }
        rows.Sort(NaturalComparer.Instance);
        cols = cols.OrderBy(c => c.Contains(' ') ? c[..c.IndexOf(' ')] : "", StringComparer.Ordinal).ThenBy(c => cols.IndexOf(c)).ToList();
        var values = Matrix(rows.Count, cols.Count);
        foreach (var ((row, col), acc) in cells) values[rows.IndexOf(row), cols.IndexOf(col)] = acc.Sum / acc.Weight;
        var svg = new HeatMap("fig-heat", "Importance of each choice in each stage", MatrixDesc("stages", "choices", rows, cols, values), rows, cols, values,
            Fmt.Target, "mean module score (" + ctx.TargetName + ")") { RowHeader = "stage \\ choice" }.Render();
        return new Figure(svg, "Rows are stages, columns the values a decision can take (pooled over the layers of a stage). A bright (yellow) cell means modules " +
                               "with that choice in that stage score high; \"–\" means the choice does not occur there.", MatrixTable(rows, cols, values, "stage"));
    }

    private static Figure ValueBars(ReportContext ctx)
    {
        var bars = new List<BarRow>();
        var data = new TableBuilder("", "decision", "value", "mean module score#", "vs decision average#", "modules#");
        foreach (var decision in ctx.Result.Importance.GroupBy(e => e.Decision).OrderBy(g => g.Key, NaturalComparer.Instance))
        {
            var finite = decision.Where(e => double.IsFinite(e.Score)).ToList();
            var mean = finite.Count > 0 ? finite.Average(e => e.Score) : double.NaN;
            foreach (var e in decision.OrderByDescending(e => double.IsFinite(e.Score) ? e.Score : double.NegativeInfinity).ThenBy(e => e.Value, StringComparer.Ordinal))
            {
                var delta = Fmt.Delta(e.Score - mean, e.Score);
                var text = Fmt.Target(e.Score) + " (" + delta + ")";
                bars.Add(new BarRow(decision.Key, e.Value, e.Score, mean, text,
                    decision.Key + " = " + e.Value + ": mean module score " + Fmt.Target(e.Score) + " over " + Int(e.Count) + " modules"));
                data.Row(decision.Key, e.Value, Fmt.Target(e.Score), delta, Int(e.Count));
            }
        }
        var svg = new HorizontalBarChart("fig-values", "Module score of every decision value",
            "Horizontal bars, one group per decision, one bar per value, drawn from the decision's average score to the value's score.",
            "mean module score (" + ctx.TargetName + ")", bars) { Width = 760, PositiveColor = Palette.Blue, NegativeColor = Palette.Orange }.Render();
        return new Figure(svg, "One group per decision. Each bar starts at the average over that decision's values and ends at the value's own score: " +
                               "blue bars (to the right) are better than average, orange bars (to the left) worse. The number in brackets is the difference.",
            data.Build());
    }

    private static Figure FeatureBars(ReportContext ctx)
    {
        var bars = new List<BarRow>();
        var data = new TableBuilder("", "feature", "value", "importance#");
        foreach (var feature in ctx.Result.FeatureImportance.GroupBy(f => f.Feature).OrderBy(g => g.Key, NaturalComparer.Instance))
        {
            foreach (var f in feature.OrderByDescending(f => double.IsFinite(f.Score) ? f.Score : double.NegativeInfinity).ThenBy(f => f.Value, StringComparer.Ordinal))
            {
                bars.Add(new BarRow(feature.Key, f.Value, f.Score, 0, Fmt.Sig(f.Score, 3)));
                data.Row(feature.Key, f.Value, Fmt.Sig(f.Score, 4));
            }
        }
        var svg = new HorizontalBarChart("fig-features", "What the predictor's first layer learned about each feature value",
            "Horizontal bars of the FE-MLP read-out per feature value (0-hop feature importance).", "FE-MLP read-out |Linear(Embedding(value))|", bars)
        { Width = 520, PositiveColor = Palette.Green, NegativeColor = Palette.Vermillion }.Render();
        return new Figure(svg, "The scalar the predictor's feature front end emits for each value of each block feature, before any message passing " +
                               "(0-hop importance). Longer bars contribute more to the embedding norm, which the predictor associates with a better target.",
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

    private static string MatrixDesc(string rowsName, string colsName, IReadOnlyList<string> rows, IReadOnlyList<string> cols, double[,] values)
    {
        var best = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var j = Enumerable.Range(0, cols.Count).Where(c => double.IsFinite(values[i, c])).OrderByDescending(c => values[i, c]).DefaultIfEmpty(-1).First();
            if (j >= 0) best.Add(rows[i] + ": " + cols[j]);
        }
        return "Heat map of mean module scores, " + rows.Count + " " + rowsName + " by " + cols.Count + " " + colsName + ". Best per row: " + string.Join("; ", best) + ".";
    }

    private static Table MatrixTable(IReadOnlyList<string> rows, IReadOnlyList<string> cols, double[,] values, string corner)
    {
        var t = new TableBuilder("", new[] { corner }.Concat(cols.Select(c => c + "#")).ToArray());
        for (var i = 0; i < rows.Count; i++)
            t.Row(new[] { rows[i] }.Concat(Enumerable.Range(0, cols.Count).Select(j => double.IsFinite(values[i, j]) ? Fmt.Target(values[i, j]) : "–")).ToArray());
        return t.Build();
    }
}

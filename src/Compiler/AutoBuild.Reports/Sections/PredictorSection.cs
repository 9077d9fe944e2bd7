using System.Collections.Generic;
using System.Linq;
using AutoBuild.Reports.Charts;
using AutoBuild.Reports.Document;
using AutoBuild.Spec.Results;
using static AutoBuild.Reports.Sections.ReportContext;

namespace AutoBuild.Reports.Sections;

/// <summary>How far the predictor can be trusted: held-out metrics, predicted vs measured, per-hop rank correlation, warnings.</summary>
internal static class PredictorSection
{
    public const string Id = "predictor";

    public static Section Build(ReportContext ctx)
    {
        var p = ctx.Result.Predictor;
        var blocks = new List<Block>
        {
            new Stats(new[]
            {
                new Stat("Spearman ρ", Fmt.Corr(p.TestSpearman), "rank agreement, 1 = perfect"),
                new Stat("Kendall τ", Fmt.Corr(p.TestKendall), "share of pairs ordered right, rescaled"),
                new Stat("Precision @ top 5%", Fmt.Fixed(p.TestPrecisionTop5, 2), "true top-5% found in predicted top-5%"),
                new Stat("Mean abs. error", Fmt.Target(p.TestMae), "in " + ctx.TargetName + " units"),
            }),
            new Paragraph(Verdict(p.TestSpearman, p.TestSize, ctx.Result.Selection)),
        };

        var points = p.HeldOut.Select(h => new XyPoint(h.Measured, h.Predicted,
            h.Arch + ": measured " + Fmt.Target(h.Measured) + ", predicted " + Fmt.Target(h.Predicted))).ToList();
        var scatter = new XyChart("fig-heldout", "Predicted against measured " + ctx.TargetName + " on held-out labels",
                "Scatter plot of " + (points.Count < p.TestSize ? points.Count + " (an even sample) of the " + Int(p.TestSize) : Int(points.Count)) + " held-out architectures: measured " + ctx.TargetName + " on the x axis, predicted on the y axis, with the line of perfect prediction. " +
                "Spearman " + Fmt.Corr(p.TestSpearman) + ", Kendall " + Fmt.Corr(p.TestKendall) + ".",
                "measured " + ctx.TargetName, "predicted " + ctx.TargetName)
            { Floor = Robust.LowerFence(p.HeldOut.Select(h => h.Measured).Concat(p.HeldOut.Select(h => h.Predicted))) }
            .Points("held-out architecture", points, Palette.Blue, radius: 3.5, opacity: 0.6)
            .Diagonal();
        var scatterData = new TableBuilder("", "architecture", "measured#", "predicted#", "error#");
        foreach (var h in p.HeldOut.OrderByDescending(h => h.Measured).ThenBy(h => h.Arch, System.StringComparer.Ordinal))
            scatterData.Row(Code(h.Arch), Fmt.Target(h.Measured), Fmt.Target(h.Predicted), Fmt.Target(h.Predicted - h.Measured));

        var hops = p.HopSpearman.Select((v, k) => ("hop " + Int(k), v)).ToList();
        var hopChart = new VerticalBarChart("fig-hops", "Rank correlation of each hop level with " + ctx.TargetName,
                "Bar chart of the Spearman correlation between the norm of the hop-k embeddings and the target on held-out labels: " +
                string.Join(", ", hops.Select(h => h.Item1 + " " + Fmt.Corr(h.v))) + ".",
                "hop level k (module size: k + 1 blocks)", "Spearman ρ", hops)
            { Domain = (0, 1), FormatValue = Fmt.Corr };
        var hopData = new TableBuilder("", "hop level#", "Spearman ρ#");
        foreach (var (name, v) in hops) hopData.Row(name.Substring(4), Fmt.Corr(v));

        blocks.Add(new FigureRow(new[]
        {
            new Figure(scatter.Render(), "Each dot is a labelled architecture the predictor did not train on. Dots on the dashed line are predicted exactly; " +
                                         "what matters most for building is the order: higher measured should mean higher predicted.", scatterData.Build()),
            new Figure(hopChart.Render(), "How well the norms of each hop level's embeddings alone rank the held-out architectures (the rank loss of the " +
                                          "AutoBuild method asks them to); hop 0 is single blocks. Module scores use the predictions, not these norms.", hopData.Build()),
        }));

        var config = new TableBuilder("Predictor configuration and training", "", "value#");
        config.Row("graph network", p.Gnn.Length > 0 ? p.Gnn : "–");
        config.Row("hidden size / layers", Int(p.Hidden) + " / " + Int(p.Layers));
        config.Row("epochs / batch", Int(p.Epochs) + " / " + Int(p.Batch));
        config.Row("learning rate / rank-loss weight λ", Fmt.Plain(p.LearningRate) + " / " + Fmt.Plain(p.Lambda));
        config.Row("labels: trained on / held out", Int(p.TrainSize) + " / " + Int(p.TestSize));
        config.Row("training time", TrainingTime(p.TrainSeconds));
        blocks.Add(config.Build());

        blocks.Add(new Heading("Warnings"));
        blocks.Add(ctx.Result.Warnings.Count > 0
            ? new Notes("warning", ctx.Result.Warnings)
            : new Notes("note", new[] { "No warnings: the label set was large enough and the held-out rank correlation was not weak." }));

        return new Section(Id, "How good is the predictor?",
            "Everything below depends on the predictor ranking architectures correctly, so check this first. It was trained on part of your labels and tested on the rest (held out).",
            blocks);
    }

    private static string Verdict(double spearman, int testSize, SelectionInfo? selection)
    {
        if (testSize == 0) return "No labels were held out, so the predictor's quality is unknown: treat the module scores with caution.";
        // Too few held-out labels give no verdict (AB3003): on 4 of them a Spearman of 0.8 is one swapped pair, and
        // calling that "strong" is a confident claim on nothing. The cross-fitted members, when the selection used
        // them, were judged on every label they did not train on: name that figure instead.
        if (testSize < PredictorInfo.MinTestSizeToJudge)
            return "Only " + Int(testSize) + " labels were held out, too few to judge the ranking (at least " + Int(PredictorInfo.MinTestSizeToJudge) +
                   " are needed; warning AB3003): the Spearman ρ of " + Fmt.Corr(spearman) + " on them is no verdict either way." +
                   (selection is { RankCorrelation: double rho, CorrelationLabels: int n }
                       ? " The cross-fitted predictors' rank correlation on the " + Int(n) + " labels they did not train on, " + Fmt.Corr(rho) +
                         " (in normal scores; \"Answer and next candidates\"), says more."
                       : " Label more architectures before trusting the scores below.");
        var quality = spearman >= 0.8 ? "strong" : spearman >= 0.6 ? "good" : spearman >= 0.4 ? "moderate" : "weak";
        return "On " + Int(testSize) + " held-out labels the predicted ranking agrees with the measured one at Spearman ρ = " + Fmt.Corr(spearman) +
               " (" + quality + ")" + (spearman < 0.4 ? ": the module scores below are unreliable; add labels." : ".");
    }
}

using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Reports.Document;
using static AutoBuild.Reports.Sections.ReportContext;

namespace AutoBuild.Reports.Sections;

/// <summary>The architecture AutoBuild built, next to the best labelled one, and every reported architecture.</summary>
internal static class SummarySection
{
    public const string Id = "summary";

    public static Section Build(ReportContext ctx)
    {
        var r = ctx.Result;
        var built = ctx.Built;
        var labelled = r.BestLabelled;
        var blocks = new List<Block>();

        var stats = new List<Stat>();
        if (built is not null)
            stats.Add(new Stat("Built: predicted " + ctx.TargetName, Fmt.Target(built.Predicted),
                built.Measured is { } m ? "measured: " + Fmt.Target(m) : "not measured yet"));
        if (labelled is not null)
            stats.Add(new Stat("Best labelled: measured", Fmt.Target(labelled.Measured ?? labelled.Predicted), "among " + Fmt.Count(r.LabelledTotal) + " labelled"));
        stats.Add(new Stat("Predictor rank correlation", Fmt.Corr(r.Predictor.TestSpearman), "Spearman on " + Int(r.Predictor.TestSize) + " held-out labels" +
            (r.Predictor.TestSize > 0 && r.Predictor.TestSize < PredictorInfo.MinTestSizeToJudge ? ": too few to judge" : "")));
        if (built is not null)
            stats.Add(new Stat("Built: params / FLOPs", Fmt.Compact(built.Params) + " / " + Fmt.Compact(built.Flops),
                built.Latency is { } lat ? "latency " + Fmt.Sig(lat, 3) : "from the cost model"));
        blocks.Add(new Stats(stats));
        blocks.Add(new Paragraph(Headline(ctx)));

        var compare = new TableBuilder("Built architecture next to the best labelled one", "", "built (best[0])", "best labelled");
        compare.Row("method", built?.Method ?? "–", labelled?.Method ?? "–");
        compare.Row("architecture", Code(built?.Arch ?? ""), Code(labelled?.Arch ?? ""));
        compare.Row("predicted " + ctx.TargetName, built is null ? "–" : Fmt.Target(built.Predicted), labelled is null ? "–" : Fmt.Target(labelled.Predicted));
        compare.Row("measured " + ctx.TargetName, Opt(built?.Measured, Fmt.Target), Opt(labelled?.Measured, Fmt.Target));
        compare.Row("params", built is null ? "–" : Fmt.Count(built.Params), labelled is null ? "–" : Fmt.Count(labelled.Params));
        compare.Row("FLOPs", built is null ? "–" : Fmt.Count(built.Flops), labelled is null ? "–" : Fmt.Count(labelled.Flops));
        if (ctx.HasLatency) compare.Row("latency", Opt(built?.Latency, v => Fmt.Sig(v, 4)), Opt(labelled?.Latency, v => Fmt.Sig(v, 4)));
        if (built?.Score is not null || labelled?.Score is not null)
            compare.Row("sum of module scores", Opt(built?.Score, Fmt.Target), Opt(labelled?.Score, Fmt.Target));
        blocks.Add(compare.Build());

        var names = (built?.Decisions.Keys ?? Enumerable.Empty<string>()).Concat(labelled?.Decisions.Keys ?? Enumerable.Empty<string>())
            .Distinct().OrderBy(n => n, NaturalComparer.Instance).ToList();
        if (names.Count > 0)
        {
            var decisions = new TableBuilder("Decisions (rows in bold differ; \"–\" = inactive)", "decision", "built", "best labelled");
            foreach (var n in names)
            {
                var a = built is not null && built.Decisions.TryGetValue(n, out var va) ? va : "–";
                var b = labelled is not null && labelled.Decisions.TryGetValue(n, out var vb) ? vb : "–";
                decisions.Row(a != b, n, a, b);
            }
            blocks.Add(decisions.Build());
        }

        if (r.Best.Count > 1)
        {
            var cols = new List<string> { "rank#", "method", "source", "predicted#", "measured#", "params#", "FLOPs#" };
            if (ctx.HasLatency) cols.Add("latency#");
            if (r.Constraints.MaxParams is not null || r.Constraints.MaxFlops is not null || r.Constraints.MaxLatency is not null) cols.Add("within budget");
            cols.Add("architecture");
            var all = new TableBuilder("Every reported architecture, best first", cols.ToArray());
            foreach (var a in r.Best)
            {
                var row = new List<string> { Int(a.Rank), a.Method, a.Source ?? "–", Fmt.Target(a.Predicted), Opt(a.Measured, Fmt.Target), Fmt.Compact(a.Params), Fmt.Compact(a.Flops) };
                if (ctx.HasLatency) row.Add(Opt(a.Latency, v => Fmt.Sig(v, 4)));
                if (cols.Contains("within budget")) row.Add(a.BudgetBasis is { } basis ? "yes (" + basis + ")" : "yes");
                row.Add(Code(a.Arch));
                all.Row(ReferenceEquals(a, built), row.ToArray());
            }
            blocks.Add(all.Build());
        }

        return new Section(Id, "Summary",
            "The architecture AutoBuild built from the learned module scores, next to the best architecture you already measured. " +
            "\"Predicted\" values come from the predictor; \"measured\" values come from your labels.",
            blocks);
    }

    private static string Headline(ReportContext ctx)
    {
        var r = ctx.Result;
        var built = ctx.Built;
        if (built is null)
            return "No architecture was built in this run (the result lists none); the sections below still show what the predictor learned.";
        var text = "AutoBuild built " + Code(built.Arch) + " by " + ExplainMethod(built.Method) + ", after learning from " +
                   Fmt.Count(r.LabelledTotal) + " labelled architectures of a space of " + ctx.SpaceSize + ". Its predicted " + ctx.TargetName +
                   " is " + Fmt.Target(built.Predicted);
        if (r.BestLabelled is { } best && (best.Measured ?? best.Predicted) is var bm)
        {
            text += ", " + Fmt.Delta(built.Predicted - bm, bm) + " against the best labelled architecture (measured " + Fmt.Target(bm) + ")" +
                    (PredictedAgainstPredicted(r) is { } like ? ", but " + like : "");
        }
        text += built.Measured is { } m ? "; it is itself labelled, measured " + Fmt.Target(m) + " (measured values win over predictions)." : ". Measure it to confirm the prediction.";
        return text;
    }
}

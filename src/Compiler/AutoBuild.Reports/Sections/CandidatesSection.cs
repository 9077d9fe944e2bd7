using System.Linq;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Spec.Results;
using AutoBuild.Reports.Document;
using static AutoBuild.Reports.Sections.ReportContext;

namespace AutoBuild.Reports.Sections;

/// <summary>How best[0] was chosen from the evidence (the rule and its confidence) and the candidates to
/// evaluate next: the label → build → evaluate candidates → rebuild loop.</summary>
internal static class CandidatesSection
{
    public const string Id = "candidates";

    public static Section Build(ReportContext ctx)
    {
        var r = ctx.Result;
        var blocks = new List<Block>();
        if (r.Selection is { } s)
        {
            var what = s.BestBy == "top-pick" && r.Best.Count > 0
                ? "best[0] is the unmeasured architecture the cross-fitted predictors rank highest (predicted " + Fmt.Target(r.Best[0].Predicted) +
                  (PredictedAgainstPredicted(r) is { } like ? "; " + like : "") + "): by the top-pick rule below it beats the best measured one (" + Opt(s.BestMeasured, Fmt.Target) + ") with probability " +
                  P(s.TopPickProbability) + ", from how well the predictors rank the labels they did not train on (rank correlation " +
                  Opt(s.RankCorrelation, v => v.ToString("F2", CultureInfo.InvariantCulture)) + "). " + Listed(r)
                : s.BestBy == "level" && r.Best.Count > 0
                ? "best[0] is an unmeasured architecture predicted at " + Fmt.Target(r.Best[0].Predicted) + ", at or above the best measured one (" +
                  Opt(s.BestMeasured, Fmt.Target) + "): by the level rule below it beats it, though the residuals alone give it probability " +
                  P(r.Best[0].ProbabilityOfImprovement) + ". " + Listed(r)
                : s.BestSource == "predicted"
                ? "best[0] is an unmeasured architecture: the evidence says it beats the best measured one (" + Opt(s.BestMeasured, Fmt.Target) +
                  ") with probability " + P(r.Best.Count > 0 ? r.Best[0].ProbabilityOfImprovement : null) + "."
                : "best[0] is the best measured architecture (" + Opt(s.BestMeasured, Fmt.Target) + "): no unmeasured architecture " +
                  (r.Constraints.MaxLatency is not null ? "that fits the budget with the latency margin " : "") + "beats it with probability " +
                  P(s.Confidence) + " or more" + (s.TopProbability is not null ? " (" + r.LikeliestPhrase(v => P(v)) + ")" : "") +
                  (s.LevelRule ? ", nor is any predicted at or above it (the level rule)" : "") + "; the predicted ones are candidates below." +
                  (s.TopPickNeighbourDifference is < 0 && s.TopPickProbability >= s.Confidence
                      ? " The ensemble's top pick reached the top-pick chance (" + P(s.TopPickProbability) + "), but it is one decision from the best measured " +
                        "architecture and the predictor that never trained on that one predicts it " + Fmt.Delta(-s.TopPickNeighbourDifference.Value, s.BestMeasured ?? 1).TrimStart('+') +
                        " below it (the others learnt its target and lift its neighbours), so it stays a candidate."
                      : "");
            blocks.Add(new Paragraph(what));
            blocks.Add(new Paragraph("Rule: " + s.Rule + ". The uncertainty comes from " + Int(s.EnsembleMembers) + " cross-fitted predictors: " +
                Int(s.CalibrationResiduals) + " out-of-fold residuals of the " + s.CalibrationLabels + " predicted highest, mean " + Fmt.Target(s.CalibrationBias) +
                " (negative: the predictor is optimistic where it predicts high)" +
                (s.NeighbourPairs > 0 ? "; one-decision neighbours of the best measured architecture are judged by their predicted difference to it, calibrated on " +
                    Int(s.NeighbourPairs) + " pairs of labels at most " + Int(s.NeighbourPairDistance) + " decisions apart" : "") + "." +
                (s.LatencyMargin > 0 ? " Predicted latencies carry a calibrated margin of " + Fmt.Sig(s.LatencyMargin, 3) +
                    (s.LatencyResiduals > 0 ? " (the 90 % quantile of " + Int(s.LatencyResiduals) + " out-of-fold latency residuals)" : "") +
                    " before the budget check; labelled ones use the measured column" +
                    (r.Candidates.Any(c => c.BudgetBasis == "probable") ? "; candidates marked \"probable\" fit only without it, with probability 0.5 or more (a measurement settles it)" : "") + "." : "") +
                (s.CoveredUpTo is { } covered && r.Candidates.Any(s.BeyondCover)
                    ? " Candidates predicted above " + Fmt.Target(covered) + " have probability 0: that is beyond the highest prediction the labels' residuals cover" +
                      " (their highest out-of-fold prediction plus one standard deviation), so nothing measured says how wrong those predictions are; only measuring them tells."
                    : "") +
                (r.Candidates.Any(c => c.Method == "mutation") ? " Candidates of method \"mutation\" change one decision of the best labelled architectures whose measured latency fits." : "")));
            if (s.MeasurementNoise is { } noise)
                blocks.Add(new Paragraph("Measurement noise: the labels measure " + Int(s.ReplicatedLabels ?? 0) + " architectures more than once; the target's run-to-run " +
                    "standard deviation is " + Fmt.Sig(noise, 3) + " (" + Int(s.NoiseDegreesOfFreedom ?? 0) + " degrees of freedom)" +
                    (s.TopPickLevel is { } level
                        ? ". The top pick's chance is judged in the target's units: the best labels' means against their rank put the top of the space at " +
                          Fmt.Target(level) + " at the best label's rank, taken as flat beyond the labels' reach, and the pick must measure above the best label's " +
                          "value against the noise of a mean (" + Fmt.Sig(s.MeanNoise ?? noise, 3) + "): where the best networks lie within the noise of each other, " +
                          "a predicted lead there is not evidence."
                        : ".")));
        }
        if (r.Candidates.Count > 0)
        {
            var cols = new List<string> { "rank#", "method", "predicted#", "90 % interval", "P(beats best)#", "expected gain#", "params#", "FLOPs#" };
            if (ctx.HasLatency) cols.Add("latency#");
            cols.Add("architecture");
            var table = new TableBuilder("Candidates to evaluate next, by expected improvement over the best measured (kept diverse)", cols.ToArray());
            foreach (var c in r.Candidates)
            {
                var row = new List<string>
                {
                    Int(c.Rank), c.Method, Fmt.Target(c.Predicted),
                    c.Lower is { } lo && c.Upper is { } hi ? Fmt.Target(lo) + " – " + Fmt.Target(hi) : "–",
                    P(c.ProbabilityOfImprovement), Opt(c.ExpectedImprovement, Fmt.Target), Fmt.Compact(c.Params), Fmt.Compact(c.Flops),
                };
                if (ctx.HasLatency) row.Add(Opt(c.Latency, v => Fmt.Sig(v, 4)) + (c.BudgetBasis == "probable" ? " (probable)" : ""));
                row.Add(Code(c.Arch));
                table.Row(row.ToArray());
            }
            blocks.Add(table.Build());
        }
        // An unmeasured entry of best is in the pool the candidates come from, so with none listed none were asked for.
        else blocks.Add(new Paragraph(r.Best.Any(e => e.Measured is null)
            ? "No candidates: none were asked for (autobuild build --candidates 0)."
            : "No candidates: every architecture proposed is already measured, or none were asked for (autobuild build --candidates 0)."));
        return new Section(Id, "Answer and next candidates",
            "Measure the candidates, append their rows to the labels (autobuild build --candidates-out next.csv writes them ready to fill in) and build again: " +
            "each round adds evidence where it can improve on the best measured architecture.", blocks);
    }

    /// <summary>Where an unmeasured best[0] is listed among the candidates (the first, unless none were asked for).</summary>
    private static string Listed(AutoBuildResult r) => r.CandidateListing(r.Best[0]) switch
    {
        "candidate 1" => "It is the first candidate: measuring the candidates measures it.",
        { } where => "It is " + where + ": measuring the candidates measures it.",
        null => "No candidate lists it: measure it too.",
    };

    private static string P(double? p) => p is double v ? v.ToString("F2", CultureInfo.InvariantCulture) : "–";
}

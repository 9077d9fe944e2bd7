using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Spec.Results;

namespace AutoBuild.Learning.Build;

/// <summary>The answer of a build in a few lines for a person: best[0], whether it was measured or predicted
/// and with what confidence, the best label, and the next candidates.</summary>
public static class AnswerSummary
{
    public static IEnumerable<string> Lines(AutoBuildResult r, int candidates = 5)
    {
        var best = r.Best[0];
        yield return string.Format(CultureInfo.InvariantCulture, "best ({0}, {1}): {2}", best.Source ?? "predicted", best.Method, best.Arch);
        yield return "  " + Value(best, r) + Cost(best);
        if (r.BestLabelled is { } l)
            yield return "best label: " + l.Arch + " measured " + (l.Measured is double lm ? Number(lm) : "");
        else yield return "best label: none within the budget";
        if (r.Candidates.Count == 0) yield break;
        yield return string.Format(CultureInfo.InvariantCulture, "next candidates to measure ({0} in the results; first {1}):", r.Candidates.Count, System.Math.Min(candidates, r.Candidates.Count));
        foreach (var c in r.Candidates.Take(candidates))
            yield return string.Format(CultureInfo.InvariantCulture, "  {0}. {1} predicted {2:F2}{3}", c.Rank, c.Arch, c.Predicted,
                (c.ProbabilityOfImprovement is double p ? string.Format(CultureInfo.InvariantCulture, ", P(beats best measured) {0:F2}{1}, expected gain {2:F3}", p,
                    Uncovered(c, r.Selection), c.ExpectedImprovement) : "") +
                (c.BudgetBasis == "probable" ? ", fits the latency budget only without the margin (probable)" : ""));
    }

    /// <summary>"measured 90.90" or "predicted 91.20 (90 % interval 90.1 to 91.5), beats the best measured 90.90 with probability 0.64".
    /// Under a latency budget only architectures that fit it with the latency margin can be best[0] (candidates may fit
    /// only without it), so the sentence says which ones it speaks of.</summary>
    public static string Value(RankedArchitecture e, AutoBuildResult r)
    {
        var s = r.Selection;
        if (e.Measured is double m)
            return string.Format(CultureInfo.InvariantCulture, "measured {0}{1}", Number(m),
                s?.TopProbability is not null ? string.Format(CultureInfo.InvariantCulture,
                    " (no unmeasured architecture {1}beats it with probability {0}{3}; {2})", s.Confidence,
                    r.Constraints.MaxLatency is not null ? "that fits the budget with the latency margin " : "",
                    r.LikeliestPhrase(q => q.ToString("F2", CultureInfo.InvariantCulture)),
                    s.LevelRule ? " or is predicted at or above it (the level rule)" : "") : "");
        var text = "predicted " + Number(e.Predicted);
        if (e.Lower is double lo && e.Upper is double hi) text += string.Format(CultureInfo.InvariantCulture, " (90 % interval {0:F2} to {1:F2})", lo, hi);
        if (e.ProbabilityOfImprovement is double p && s?.BestMeasured is double bm)
        {
            text += string.Format(CultureInfo.InvariantCulture, ", beats the best measured {0} with probability {1:F2}", Number(bm), p);
            if (r.Best.Count > 0 && ReferenceEquals(e, r.Best[0]) && r.PredictedAgainstPredicted(v => v.ToString("F2", CultureInfo.InvariantCulture), (d, _) => d.ToString("F2", CultureInfo.InvariantCulture)) is { } like)
                text += " (" + like + ")";
        }
        if (s?.BestBy == "top-pick" && r.Best.Count > 0 && ReferenceEquals(e, r.Best[0]))
            text += string.Format(CultureInfo.InvariantCulture,
                "; best by the top-pick rule: the architecture the cross-fitted predictors rank highest, whose chance of beating the best label comes from how well they rank the labels (rank correlation {0:F2}; {1})",
                s.RankCorrelation, MeasureIt(e, r));
        if (s?.BestBy == "level" && r.Best.Count > 0 && ReferenceEquals(e, r.Best[0]))
            text += "; best by the level rule: predicted at or above the best measured target, which the members predict below it (" + MeasureIt(e, r) + ")";
        return text;
    }

    /// <summary>A measured or predicted value to six significant digits ("91.6067"), but whole numbers of a million or
    /// more in full ("105781857", not "1.05782E+08", the form the candidates' lines never use: a params or latency
    /// target must read the same on the best's line and the candidates').</summary>
    internal static string Number(double v) =>
        Math.Abs(v) >= 1e6 && Math.Abs(v) < 1e15 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>"measure it: it is candidate 1", or, when no candidate lists it (<c>--candidates 0</c>), that it is not listed.</summary>
    private static string MeasureIt(RankedArchitecture e, AutoBuildResult r) =>
        r.CandidateListing(e) is { } where ? "measure it: it is " + where : "measure it: no candidate lists it";

    /// <summary>Why a candidate predicted above the best measured has probability 0: it is predicted beyond what the
    /// residuals cover (docs/cli.md, "build"), so nothing measured says how wrong its prediction is.</summary>
    private static string Uncovered(RankedArchitecture c, SelectionInfo? s) =>
        s is not null && s.BeyondCover(c)
            ? string.Format(CultureInfo.InvariantCulture, " (predicted beyond {0:F2}, the highest the labels' residuals cover: only measuring it tells)", s.CoveredUpTo)
            : "";

    private static string Cost(RankedArchitecture e) =>
        string.Format(CultureInfo.InvariantCulture, "; {0} params, {1} FLOPs{2}{3}", e.Params, e.Flops,
            e.Latency is double lat ? string.Format(CultureInfo.InvariantCulture, ", latency {0:G4}", lat) : "",
            e.BudgetBasis is string b ? $" (within budget: {b})" : "");
}

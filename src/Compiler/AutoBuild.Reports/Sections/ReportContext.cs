using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using AutoBuild.Spec.Results;

namespace AutoBuild.Reports.Sections;

/// <summary>What several sections derive from the result: the target's name, the built architecture, lookups.</summary>
internal sealed class ReportContext
{
    public ReportContext(AutoBuildResult result)
    {
        Result = result;
        TargetName = result.Target.Length > 0 ? result.Target : "target";
        Built = result.Best.Count > 0 ? result.Best[0] : null;
        IsCell = result.Kind is "cell" or "dag" ||
                 (Built is not null && Built.Decisions.Keys.Count(k => DecisionNames.TryParseEdge(k, out _, out _)) >= 2);
        foreach (var e in result.Importance)
        {
            ImportanceByChoice[(e.Decision, e.Value)] = e.Score;
            if (e.Extrapolated) ExtrapolatedChoices.Add((e.Decision, e.Value));
        }
        // In macro spaces a module is a stage, so the modules say which stage each decision belongs to, whatever its name.
        if (!IsCell)
            foreach (var m in result.Modules)
                foreach (var d in m.Decisions.Keys)
                    StageOfDecision.TryAdd(d, m.Stage);
    }

    /// <summary>The stage of a decision: from the modules that fix it, else from its dotted name (<c>s1.l2.kernel</c> → s1).</summary>
    public string StageOf(string decision) => StageOfDecision.TryGetValue(decision, out var s) ? s : DecisionNames.Group(decision);

    private Dictionary<string, string> StageOfDecision { get; } = new(StringComparer.Ordinal);

    public AutoBuildResult Result { get; }
    public string TargetName { get; }
    /// <summary>The architecture AutoBuild built (best[0]), if any.</summary>
    public RankedArchitecture? Built { get; }
    /// <summary>Cell or DAG space: edges carry ops (drawn as a DAG, importance as an edge × op matrix).</summary>
    public bool IsCell { get; }
    public Dictionary<(string Decision, string Value), double> ImportanceByChoice { get; } = new();
    /// <summary>Decision values the labels barely cover (ImportanceEntry.Extrapolated): their importance is extrapolated.</summary>
    public HashSet<(string Decision, string Value)> ExtrapolatedChoices { get; } = new();

    public bool HasLatency => Result.Labelled.Any(p => p.Latency is { } l && double.IsFinite(l)) || Result.Best.Any(b => b.Latency is not null);

    /// <summary>How a construction method works, as a phrase that follows "by".</summary>
    public static string ExplainMethod(string method) => method switch
    {
        "construct" => "taking the top-scoring module of every stage",
        "construct-constrained" => "choosing the best-scoring stage modules that fit the budget together (an exact multiple-choice knapsack)",
        "prune+exhaustive" => "pruning every decision to its best-scoring values and then predicting every remaining architecture",
        "prune+search" => "pruning every decision to its best-scoring values and then running a predictor-guided mutation search",
        "trust-region" => "ranking the labelled architectures (by their measured value) and their close neighbours (by the predictor), where the predictor is most reliable",
        "labelled" => "taking the best measured architecture: the evidence did not show that any unmeasured one beats it",
        "exhaustive" => "predicting every architecture of the space with the cross-fitted ensemble",
        "" => "an unnamed method",
        _ => "method '" + method + "'",
    };

    /// <summary>The exact space size with thousands separators (it may exceed 64 bits); for a DAG space, whose size
    /// counts every assignment of the decisions (not all are architectures), "at most" that.</summary>
    public string SpaceSize => BigInteger.TryParse(Result.SpaceSize, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        ? (Result.Kind == "dag" ? "at most " : "") + n.ToString("N0", CultureInfo.InvariantCulture)
        : Result.SpaceSize.Length > 0 ? Result.SpaceSize : "unknown";

    public static string Code(string s) => s.Length == 0 ? "" : "`" + s.Replace("`", "'") + "`";

    public static string Opt(double? v, Func<double, string> format) => v is { } x && double.IsFinite(x) ? format(x) : "–";

    /// <summary>Training time is recorded only with <c>autobuild build --timing</c> (it would break byte-identical outputs).</summary>
    public static string TrainingTime(double seconds) => seconds > 0 ? Fmt.Seconds(seconds) : "not recorded (build with --timing)";

    public static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>The report's wording of <see cref="AutoBuildResult.PredictedAgainstPredicted"/> (values and differences as
    /// the report writes them); null when it does not apply.</summary>
    public static string? PredictedAgainstPredicted(AutoBuildResult r) =>
        r.PredictedAgainstPredicted(Fmt.Target, (d, reference) => Fmt.Delta(d, reference).TrimStart('+'));
}

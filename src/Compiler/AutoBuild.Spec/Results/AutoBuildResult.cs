using System.Collections.Generic;

namespace AutoBuild.Spec.Results;

// The model of <Space>.autobuild.json (DESIGN.md "Contracts"; docs/results-json.md). The build writes it,
// the source generator and `autobuild report` read it. Fields beyond the DESIGN.md list are additions
// documented in docs/results-json.md; the schema is versioned by SchemaVersion.

public sealed class AutoBuildResult
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;
    public string Space { get; set; } = "";
    /// <summary>"macro", "cell" or "dag".</summary>
    public string Kind { get; set; } = "";
    public string? Namespace { get; set; }
    public string SpecHash { get; set; } = "";
    public string LabelsHash { get; set; } = "";
    /// <summary>The target column or expression, as given.</summary>
    public string Target { get; set; } = "";
    public int Seed { get; set; }
    public string Tool { get; set; } = "";
    /// <summary>Exact number of architectures in the space, as a decimal string (may exceed 64 bits).</summary>
    public string SpaceSize { get; set; } = "";
    public ConstraintsInfo Constraints { get; set; } = new();
    public PredictorInfo Predictor { get; set; } = new();
    /// <summary>The answer, best first: measured architectures by their measured target, unmeasured ones by the
    /// value they exceed with the selection's confidence (see <see cref="Selection"/>).</summary>
    public List<RankedArchitecture> Best { get; set; } = new();
    /// <summary>The best labelled architecture within the budgets (measured target); null when none fits.</summary>
    public RankedArchitecture? BestLabelled { get; set; }
    /// <summary>How <see cref="Best"/>[0] was chosen from the evidence, and with what confidence.</summary>
    public SelectionInfo? Selection { get; set; }
    /// <summary>Unmeasured architectures to evaluate next, best first by expected improvement, kept diverse.</summary>
    public List<RankedArchitecture> Candidates { get; set; } = new();

    /// <summary>Where the unmeasured architecture with <see cref="SelectionInfo.TopProbability"/> is listed, for a
    /// reader told "the likeliest does with P": "candidate N", "best[i]", or null when neither list holds it
    /// (candidates are ranked by expected improvement, which can pass it over for ones predicted higher).</summary>
    public string? LikeliestListing()
    {
        if (Selection?.TopProbability is not double top) return null;
        static bool Holds(RankedArchitecture e, double p) => e.Measured is null && e.ProbabilityOfImprovement is double q && System.Math.Abs(q - p) < 1e-12;
        foreach (var c in Candidates) if (Holds(c, top)) return "candidate " + c.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < Best.Count; i++) if (Holds(Best[i], top)) return "best[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
        return null;
    }

    /// <summary>"candidate N" when <paramref name="entry"/>'s architecture is among the <see cref="Candidates"/>, else null:
    /// an unmeasured best[0] is always the first candidate, unless none were asked for (<c>autobuild build --candidates 0</c>),
    /// so what the printed answer and the report tell a reader to measure must say so from the candidates themselves.</summary>
    public string? CandidateListing(RankedArchitecture entry)
    {
        foreach (var c in Candidates) if (c.Arch == entry.Arch) return "candidate " + c.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>"the likeliest (candidate 3) does with 0.64", saying where that architecture is listed or that the
    /// candidates pass it over; "none does with more than 0.00" when no unmeasured architecture has a chance (the
    /// printed answer and the report both say it). <paramref name="format"/> writes a probability.</summary>
    public string LikeliestPhrase(System.Func<double, string> format)
    {
        if (Selection?.TopProbability is not double top || top <= 0) return "none does with more than " + format(0);
        return LikeliestListing() is { } where
            ? "the likeliest (" + where + ") does with " + format(top)
            : "the likeliest does with " + format(top) + " but is not listed: candidates are ranked by expected improvement, which favours ones predicted higher";
    }
    /// <summary>When an unmeasured best[0] is predicted below the best label's measured value, yet chosen as likely to
    /// beat it: "the same predictors put the best labelled architecture at 89.32, so predicted against predicted it is
    /// 1.02 higher" (<paramref name="format"/> writes a target value, <paramref name="difference"/> a difference of two
    /// with the second as its reference). A prediction read against a measurement says the pick is worse,
    /// while its chance comes from how the predictors rank (audit18: 4 of 8 NAS-Bench-201 top picks on fresh seeds read so). Null
    /// otherwise: best[0] measured, predicted at or above the measurement, or the best label predicted no lower.</summary>
    public string? PredictedAgainstPredicted(System.Func<double, string> format, System.Func<double, double, string> difference)
    {
        if (Best.Count == 0 || Best[0].Measured is not null || BestLabelled is not { Measured: double m } label) return null;
        var built = Best[0].Predicted;
        if (!(built < m) || double.IsNaN(label.Predicted) || double.IsInfinity(label.Predicted) || !(label.Predicted < built)) return null;
        return "the same predictors put the best labelled architecture at " + format(label.Predicted) + ", so predicted against predicted it is " +
               difference(built - label.Predicted, built) + " higher";
    }

    /// <summary>Distinct labelled architectures in the build (0 in files written before this field: then
    /// <see cref="Labelled"/> lists them all).</summary>
    public int LabelledCount { get; set; }
    /// <summary>Labelled architectures with their measured target, params and FLOPs (charts, Pareto front): all of
    /// them up to a bound (default 2,000), beyond it every Pareto-optimal one, the 100 best and an even sample.</summary>
    public List<LabelledPoint> Labelled { get; set; } = new();

    /// <summary>Distinct labelled architectures, also for files that predate <see cref="LabelledCount"/>.</summary>
    public int LabelledTotal => LabelledCount > 0 ? LabelledCount : Labelled.Count;
    /// <summary>Top modules per stage (macro) or per root node (cell/DAG), best first within each group.</summary>
    public List<ModuleScore> Modules { get; set; } = new();
    /// <summary>Per decision value: the predicted mean target of architectures with that value (target units,
    /// higher = a better target), on one scale for every decision.</summary>
    public List<ImportanceEntry> Importance { get; set; } = new();
    /// <summary>The same for the latency predictor (latency units, higher = slower); empty without a latency column.</summary>
    public List<ImportanceEntry> LatencyImportance { get; set; } = new();
    /// <summary>Per value of a decision-set node feature (kernel, expansion, op...): the mean importance over the
    /// decisions that carry it, with the FE-MLP scalar of autobuild-method.md §4.2 alongside.</summary>
    public List<FeatureImportance> FeatureImportance { get; set; } = new();
    /// <summary>The constructed network, block by block, for drawing.</summary>
    public List<BlockInfo> Blocks { get; set; } = new();
    /// <summary>Warnings raised during the run (AB3xxx/AB4xxx), as canonical lines.</summary>
    public List<string> Warnings { get; set; } = new();
}

public sealed class ConstraintsInfo
{
    public double? MaxParams { get; set; }
    public double? MaxFlops { get; set; }
    public double? MaxLatency { get; set; }
    public string? LatencyColumn { get; set; }
}

public sealed class PredictorInfo
{
    /// <summary>Held-out labels needed before their rank correlation says anything: below it the build warns (AB3003)
    /// and the report gives no verdict. On 4 held-out labels a Spearman of 0.8 is one swapped pair.</summary>
    public const int MinTestSizeToJudge = 10;

    public string Gnn { get; set; } = "";
    public int Hidden { get; set; }
    public int Layers { get; set; }
    public int Epochs { get; set; }
    public int Batch { get; set; }
    public double LearningRate { get; set; }
    public double Lambda { get; set; }
    public int TrainSize { get; set; }
    public int TestSize { get; set; }
    public double TestSpearman { get; set; }
    public double TestKendall { get; set; }
    public double TestPrecisionTop5 { get; set; }
    public double TestMae { get; set; }
    /// <summary>Spearman between hop-k embedding norms and the target on the held-out part, k = 0..L.</summary>
    public List<double> HopSpearman { get; set; } = new();
    public double TrainSeconds { get; set; }
    /// <summary>Held-out (measured, predicted) pairs in target units, for the scatter plot (at most 1,000, an even
    /// sample when more were held out; the metrics use all of them).</summary>
    public List<HeldOutPoint> HeldOut { get; set; } = new();
}

public sealed class HeldOutPoint
{
    public string Arch { get; set; } = "";
    public double Measured { get; set; }
    public double Predicted { get; set; }
}

public sealed class RankedArchitecture
{
    public int Rank { get; set; }
    /// <summary>Which method produced it: "construct", "construct-constrained", "prune+exhaustive", "prune+search", "trust-region", "labelled".</summary>
    public string Method { get; set; } = "";
    /// <summary>Decision name → value text; inactive decisions are omitted. Ordinal order of names.</summary>
    public SortedDictionary<string, string> Decisions { get; set; } = new(System.StringComparer.Ordinal);
    public string Arch { get; set; } = "";
    public string Id { get; set; } = "";
    public double Predicted { get; set; }
    /// <summary>Measured target when the architecture is labelled.</summary>
    public double? Measured { get; set; }
    public long Params { get; set; }
    public long Flops { get; set; }
    public double? Latency { get; set; }
    /// <summary>Sum of the module scores that built it (construction), when meaningful.</summary>
    public double? Score { get; set; }
    /// <summary>"measured" (a labelled architecture: its measured target counts) or "predicted".</summary>
    public string? Source { get; set; }
    /// <summary>Calibrated interval (90 %) around the prediction; null for measured architectures.</summary>
    public double? Lower { get; set; }
    public double? Upper { get; set; }
    /// <summary>Calibrated probability that the true target beats the best measured one (predicted architectures).</summary>
    public double? ProbabilityOfImprovement { get; set; }
    /// <summary>Expected improvement over the best measured target (predicted architectures).</summary>
    public double? ExpectedImprovement { get; set; }
    /// <summary>How the budgets were checked: null without budgets, "exact" (params/FLOPs only), "measured" or
    /// "predicted" (latency: the measured column, or the prediction plus the calibrated margin).</summary>
    public string? BudgetBasis { get; set; }
    /// <summary>Under budgets, the calibrated probability that a predicted architecture fits them all (from the
    /// out-of-fold residuals of the latency prediction; 1 or 0 when only exact costs are budgeted); null for
    /// measured architectures and without budgets.</summary>
    public double? FitProbability { get; set; }
}

/// <summary>The selection rule of a build and the evidence behind it (docs/results-json.md, "selection").</summary>
public sealed class SelectionInfo
{
    /// <summary>The rule, in words.</summary>
    public string Rule { get; set; } = "";
    /// <summary>The probability an unmeasured architecture must beat the best measured one with to be best[0].</summary>
    public double Confidence { get; set; }
    /// <summary>"measured" or "predicted": what best[0] is.</summary>
    public string BestSource { get; set; } = "";
    /// <summary>Why best[0] is what it is: "measured" (no unmeasured architecture beats the best measured one),
    /// "top-pick" (the ensemble's top pick beats it with <see cref="Confidence"/> by the top-pick rule),
    /// "probability" (an unmeasured one beats it with <see cref="Confidence"/> by its residuals) or "level" (an
    /// unmeasured one is predicted at or above it under the level rule); empty in files written before this field.</summary>
    public string BestBy { get; set; } = "";
    /// <summary>Whether the top-pick rule applied in this build: the best measured architecture within the budgets is
    /// the best labelled one of all, and cross-fitted members predict (docs/results-json.md, "selection").</summary>
    public bool TopPickRule { get; set; }
    /// <summary>The top pick's chance of beating the best measured architecture by the top-pick rule (null: the rule did not apply).</summary>
    public double? TopPickProbability { get; set; }
    /// <summary>The ensemble's rank correlation with the truth in normal scores that the top-pick rule used (null: it did not apply).</summary>
    public double? RankCorrelation { get; set; }
    /// <summary>How many labelled networks the members (each on labels it did not train on) predict among the top
    /// predictions of the pool, and the number of random labels the best measured one is taken to be the best of
    /// (at least the labels' count; more when the labels crowd the top, as after a round of the loop); null: the
    /// top-pick rule did not apply.</summary>
    public int? LabelsAtTop { get; set; }
    public double? EffectiveLabels { get; set; }
    /// <summary>When the top pick is a one-decision neighbour of the best measured architecture M: the difference between
    /// them that the member which did not train on M predicts (null otherwise, or when the rule did not apply). Such a
    /// pick is best[0] only when this is not negative (docs/results-json.md, "selection").</summary>
    public double? TopPickNeighbourDifference { get; set; }
    /// <summary>The share of the pool's highest predictions (0.002 to 0.05) whose labels set <see cref="EffectiveLabels"/>,
    /// and how many labels lie there; null when the labels crowd no region (or the top-pick rule did not apply).</summary>
    public double? CrowdingShare { get; set; }
    public int? LabelsInCrowd { get; set; }
    /// <summary>How many labels the members' rank correlation was measured on: every label, or, when the labels crowd the
    /// top and the correlation of the others is lower, the labels outside the crowd; null: the top-pick rule did not apply.</summary>
    public int? CorrelationLabels { get; set; }
    /// <summary>How many labels are measured candidates (rows whose <c>autobuild_predicted</c> cell is set), and how many
    /// of those measured above the best other label (null when there are none); the top pick's chance is at most
    /// 1/(<see cref="CandidatesAboveBest"/> + 1). Null: the top-pick rule did not apply.</summary>
    public int? CandidateLabels { get; set; }
    /// <summary>The top pick's chance from ranks alone, before the measured candidates' bound (equal to
    /// <see cref="TopPickProbability"/> unless that bound is lower); null: the top-pick rule did not apply.</summary>
    public double? TopPickRankProbability { get; set; }
    public int? CandidatesAboveBest { get; set; }
    /// <summary>With labels that measure some architecture more than once (replicates, docs/labels.md): the run-to-run
    /// standard deviation of the target pooled over those architectures, its degrees of freedom and how many
    /// architectures it comes from; null (and absent from the JSON) otherwise.</summary>
    public double? MeasurementNoise { get; set; }
    public int? NoiseDegreesOfFreedom { get; set; }
    public int? ReplicatedLabels { get; set; }
    /// <summary>With replicates, when the top-pick rule applied: the level the top of the space is taken to reach (the
    /// best labels' means fitted against their rank, flat beyond the best label's) and the standard deviation of a best
    /// label's mean, which the top pick's chance compares with M's measured value; null (and absent) otherwise.</summary>
    public double? TopPickLevel { get; set; }
    public double? MeanNoise { get; set; }
    /// <summary>Whether the level rule applied in this build: the best measured architecture within the budgets is
    /// the best labelled one of all (docs/results-json.md, "selection").</summary>
    public bool LevelRule { get; set; }
    /// <summary>The best measured target within the budgets (null when no labelled architecture fits).</summary>
    public double? BestMeasured { get; set; }
    /// <summary>The highest calibrated probability that an unmeasured architecture beats <see cref="BestMeasured"/>.</summary>
    public double? TopProbability { get; set; }
    /// <summary>Predictors in the cross-fitted ensemble.</summary>
    public int EnsembleMembers { get; set; }
    /// <summary>Out-of-fold residuals that calibrate the uncertainty, and their mean (negative: the predictor is optimistic).</summary>
    public int CalibrationResiduals { get; set; }
    public double CalibrationBias { get; set; }
    /// <summary>Which labels the residuals come from: "all labels", or under a budget "labels within the budget"
    /// ("labels nearest the budget" when too few fit).</summary>
    public string CalibrationLabels { get; set; } = "all labels";
    /// <summary>Pairs of labels whose out-of-fold residuals of differences calibrate the one-decision neighbours of
    /// the best measured architecture, and how many decisions apart those pairs are at most (0 pairs: not used).</summary>
    public int NeighbourPairs { get; set; }
    public int NeighbourPairDistance { get; set; }
    /// <summary>Added to predicted latencies before the budget check (0 without a latency budget).</summary>
    public double LatencyMargin { get; set; }
    /// <summary>Residuals of the latency prediction that calibrate the margin and the candidates' fit probabilities:
    /// every label's out-of-fold residual (cross-fitted latency members), or the latency predictor's held-out ones
    /// (0 without a latency budget).</summary>
    public int LatencyResiduals { get; set; }
    /// <summary>Labelled architectures merged because they are equivalent to another labelled one.</summary>
    public int MergedEquivalent { get; set; }
    /// <summary>The highest prediction the calibrating residuals cover: an unmeasured architecture predicted above it
    /// gets probability 0 of beating <see cref="BestMeasured"/>, because nothing measured says how wrong such a
    /// prediction is (null: no limit, when every member ranks its held-out labels with Spearman ≥ 0.95).</summary>
    public double? CoveredUpTo { get; set; }

    /// <summary>Whether <paramref name="e"/>'s probability 0 comes from its prediction lying beyond <see cref="CoveredUpTo"/>
    /// (what the printed answer and the report explain).</summary>
    public bool BeyondCover(RankedArchitecture e) => e.ProbabilityOfImprovement == 0 && CoveredUpTo is double limit && e.Predicted > limit;
}

public sealed class LabelledPoint
{
    public string Arch { get; set; } = "";
    public double Target { get; set; }
    public long Params { get; set; }
    public long Flops { get; set; }
    public double? Latency { get; set; }
}

public sealed class ModuleScore
{
    /// <summary>Stage name (macro) or root-node label (cell/DAG).</summary>
    public string Stage { get; set; } = "";
    public int Hops { get; set; }
    public int Rank { get; set; }
    public SortedDictionary<string, string> Decisions { get; set; } = new(System.StringComparer.Ordinal);
    public double Score { get; set; }
}

public sealed class ImportanceEntry
{
    /// <summary>A value fewer labels than this have is <see cref="Extrapolated"/>: its score is the predictor's
    /// extrapolation (docs/results-json.md, "importance[]").</summary>
    public const int MinLabels = 3;

    public string Decision { get; set; } = "";
    public string Value { get; set; } = "";
    public double Score { get; set; }
    /// <summary>The number of background architectures the score averages (JSON <c>count</c>): every background in
    /// which the decision is active, with the value put in. Not the number of labels that have the value
    /// (<see cref="Labels"/>).</summary>
    public int Count { get; set; }
    /// <summary>Distinct labelled networks (canonical, as the predictor trained on them) in which the decision is
    /// active and takes this value; null when unknown (a file written before this field).</summary>
    public int? Labels { get; set; }
    /// <summary>Fewer than <see cref="MinLabels"/> labels have the value: the score is the predictor's extrapolation,
    /// not something the labels show, and the value is never reported as the decision's best without saying so.</summary>
    public bool Extrapolated { get; set; }
}

public sealed class FeatureImportance
{
    public string Feature { get; set; } = "";
    public string Value { get; set; } = "";
    /// <summary>Mean importance (target units) over the decisions that carry this feature value.</summary>
    public double Score { get; set; }
    /// <summary>The FE-MLP read-out |Linear(Embedding(v))|: a magnitude on the 0-hop embedding, not a direction.</summary>
    public double? Scalar { get; set; }
}

public sealed class BlockInfo
{
    public int Index { get; set; }
    /// <summary>Stage name or "stem"/"head" for fixed parts; cell spaces use "cell" with edges in Label.</summary>
    public string Stage { get; set; } = "";
    public int Layer { get; set; }
    /// <summary>Short label, e.g. "MB6 k5", "conv3x3", "nor_conv_3x3".</summary>
    public string Label { get; set; } = "";
    public string OutShape { get; set; } = "";
    /// <summary>Node embedding norm / module score of the block, when the predictor gives one.</summary>
    public double? Score { get; set; }
}

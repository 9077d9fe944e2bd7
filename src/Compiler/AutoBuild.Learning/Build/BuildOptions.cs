using AutoBuild.Learning.Predictor;

namespace AutoBuild.Learning.Build;

/// <summary>The settings of one <c>autobuild build</c> run (docs/cli.md, "build").</summary>
public sealed class BuildOptions
{
    /// <summary>Target column or expression (maximised).</summary>
    public string Target { get; set; } = "";
    public int Seed { get; set; } = 12345;
    public double? MaxParams { get; set; }
    public double? MaxFlops { get; set; }
    /// <summary>Budget on the latency predicted by a second predictor trained on <see cref="LatencyColumn"/>.</summary>
    public double? MaxLatency { get; set; }
    public string? LatencyColumn { get; set; }
    /// <summary>Predictor settings; null fields keep the predictor's defaults.</summary>
    public GnnKind? Gnn { get; set; }
    public int? Hidden { get; set; }
    public int? Layers { get; set; }
    public int? Epochs { get; set; }
    public int? Batch { get; set; }
    public double? LearningRate { get; set; }
    /// <summary>What the pruned space keeps: modules per stage (macro, default <see cref="DefaultStageTopK"/>) or
    /// values per decision (cell/DAG, default <see cref="DefaultDecisionTopK"/>).</summary>
    public int? TopK { get; set; }
    /// <summary>Cross-fitted predictors (member f trains on every label outside fold f): their mean predicts,
    /// their out-of-fold predictions calibrate the uncertainty. 1: the primary predictor alone, calibrated on its
    /// held-out labels.</summary>
    public int Ensemble { get; set; } = DefaultEnsemble;
    /// <summary>The calibrated probability with which an unmeasured architecture must beat the best measured one
    /// to become best[0].</summary>
    public double Confidence { get; set; } = DefaultConfidence;
    /// <summary>Weight λ of the hop-level rank loss for the evidence members (the primary predictor keeps the
    /// method's λ): the rank loss shapes embedding norms for module scoring, which only the primary does. 0 (the
    /// regression loss alone) orders the best label's neighbours better but extrapolates worse under a budget: on
    /// NAS-Bench-201 seeds it was not chosen on it lost 2.1 below the best label (benchmarks/README.md, "Session 7").</summary>
    public double MemberLambda { get; set; } = DefaultMemberLambda;
    /// <summary>How importance counts its predictions against the labels' measured targets (<see cref="Build.ImportanceMode"/>).</summary>
    public ImportanceMode ImportanceMode { get; set; } = ImportanceMode.CrossFitted;
    /// <summary>How many candidates to evaluate next the results list.</summary>
    public int Candidates { get; set; } = DefaultCandidates;
    /// <summary>Cell/DAG spaces: which neighbours of the best measured architectures are proposed.</summary>
    public CellMethod CellMethod { get; set; } = CellMethod.TrustRegion;
    /// <summary>Trust region (<see cref="CellMethod.TrustRegion"/>): Hamming radius around the best measured architectures.</summary>
    public int TrustRadius { get; set; } = DefaultTrustRadius;
    /// <summary>Trust region: how many of the best measured architectures it is centred on.</summary>
    public int TrustAnchors { get; set; } = DefaultTrustAnchors;
    /// <summary>How many architectures <c>best</c> lists.</summary>
    public int BestCount { get; set; } = 10;
    /// <summary>How many top modules per stage or root node the results list.</summary>
    public int ModulesPerGroup { get; set; } = 10;
    /// <summary>Labelled points the results list (charts); beyond it a summary keeps every Pareto-optimal point,
    /// the 100 best and an even sample. 0 lists every labelled architecture.</summary>
    public int LabelledPoints { get; set; } = LabelledSummary.DefaultLabelledPoints;
    /// <summary>Record the training time in the results (it varies between runs, so the files do too).</summary>
    public bool RecordTiming { get; set; }

    public const int DefaultEnsemble = 5;
    public const double DefaultConfidence = 0.7;
    public const double DefaultMemberLambda = 1.0;
    public const int DefaultCandidates = 10;
    public const int DefaultStageTopK = 5;
    public const int DefaultDecisionTopK = 3;
    public const int DefaultTrustRadius = 2;
    public const int DefaultTrustAnchors = 5;

    /// <summary>Automatic step budget of the primary predictor (<see cref="Predictor.PredictorOptions.MaxAutoSteps"/>);
    /// null keeps the predictor's default. Benchmarks set it to compare budgets.</summary>
    internal int? MaxAutoSteps { get; set; }
    /// <summary>Automatic step budget of each cross-fitted member and of the latency predictor (issue 16): half the
    /// primary's, so that on two cores the seven trainings of a large label set split into two equal lanes (the
    /// primary and two members on one core, the latency predictor and three members on the other). Their mean over five members, and
    /// the smooth latency target, need less training than the primary's module scores; see docs/cli.md.</summary>
    internal int SecondaryMaxSteps { get; set; } = DefaultSecondaryMaxSteps;
    /// <summary>Benchmarks: whether a budget-cut training anneals its learning rate (null: the predictor's default).</summary>
    internal bool? AnnealWhenCut { get; set; }
    /// <summary>Under a latency budget, cross-fitted latency members on the evidence's folds: their mean predicts
    /// unmeasured latencies and every label's out-of-fold residual calibrates the margin and the candidates' fit
    /// probabilities (false: the single latency predictor and its held-out residuals, as before session 9).</summary>
    internal bool LatencyMembers { get; set; } = true;
    /// <summary>Under a latency budget, the share of the candidates that are one-decision mutations of the best
    /// measured architectures within the budget (REA-like; <see cref="DefaultNeighbourShare"/>); null: the default.</summary>
    internal double? NeighbourShare { get; set; }

    public const double DefaultNeighbourShare = 0.3;

    public const int DefaultSecondaryMaxSteps = 3_000;

    /// <summary>The cross-fitted evidence members also see each architecture's exact log params and log FLOPs
    /// (<see cref="PredictorOptions.UseGraphFeatures"/>); the primary predictor, whose node embeddings score modules,
    /// and the latency predictors do not.</summary>
    internal bool CostFeatures { get; set; }

    /// <summary>The cross-fitted evidence members of a cell or DAG space also see each architecture's path counts
    /// (GraphEncoder.Paths.cs: all input→output paths, and the paths through one kind of op only); the primary
    /// predictor, whose node embeddings score modules, does not.</summary>
    internal bool PathFeatures { get; set; } = true;

    /// <summary>The level rule (<see cref="ImprovementEvidence.ByLevel"/>; <c>autobuild build --level-rule</c>; off by
    /// default): when the best measured architecture within the budgets is the best labelled one of all, an unmeasured
    /// architecture whose ensemble prediction reaches its target also counts with that prediction, so the highest such
    /// one is best[0]. On NAS-Bench-201 with 100 labels it gains on average (+0.085 on seeds 0–9, +0.175 on 41 fresh
    /// seeds) but about one build in 25 returns a cell 0.3–0.9 below the best label (benchmarks/README.md, "Session 12:
    /// path features and the level rule"), so it is the user's choice.</summary>
    public bool LevelRule { get; set; }

    /// <summary>The top-pick rule (<see cref="ImprovementEvidence.JudgeTopPick"/>; on by default, <c>autobuild build
    /// --top-pick false</c> turns it off): when the best measured architecture within the budgets is the best labelled one
    /// of all, the unmeasured architecture the ensemble predicts highest is best[0] when its chance of beating it, from
    /// the ensemble's rank correlation and the selection on both sides (<see cref="TopPickOdds"/>), reaches the
    /// confidence. NAS-Bench-201 with 100 labels: best[0] +0.16 above the best label on average over seeds 0–9 (seed 5,
    /// whose best label is the space's optimum, 0.41 below) and +0.29 over 124 held-out seeds, 5 of them more than 0.3
    /// below (benchmarks/README.md, "Session 13: the top-pick rule").</summary>
    public bool TopPick { get; set; } = true;

    /// <summary>Under a latency budget, the cross-fitted latency members (<see cref="LatencyMembers"/>) also see each
    /// architecture's exact log params and log FLOPs (<see cref="PredictorOptions.UseGraphFeatures"/>; with
    /// <see cref="PathFeatures"/> on, the path features too: a member reads all graph features or none); the primary
    /// and latency predictors do not.</summary>
    internal bool LatencyCostFeatures { get; set; }

    /// <summary>Benchmarks: changes the training options of every cross-fitted member after the defaults are set
    /// (<c>quality --member</c>), to measure other member trainings without code edits; null keeps them.</summary>
    internal System.Action<PredictorOptions>? TuneMembers { get; set; }
    /// <summary>Benchmarks: differently seeded members per fold (<c>quality --members-per-fold R</c>); a fold's members
    /// act as one (their mean), so the folds, the calibration and the paired differences keep their meaning. 1: the product.</summary>
    internal int MembersPerFold { get; set; } = 1;
    /// <summary>Benchmarks: each cross-fitted member trains on a bootstrap resample (drawn with replacement, seeded by the
    /// member's seed) of the labels outside its fold, so members disagree where the labels do not pin the answer down
    /// (<c>quality --bootstrap true</c>); false, the default: every member trains on all labels outside its fold.</summary>
    internal bool BootstrapMembers { get; set; }
    /// <summary>Neighbour smoothing of the cross-fitted members (<see cref="NeighbourSmoothing"/>): the weight α of the
    /// mean over an architecture's one-decision neighbours; 0, the default: none (<c>quality --smooth A</c>).</summary>
    internal double Smoothing { get; set; }

    /// <summary>Options of the primary predictor.</summary>
    internal PredictorOptions PredictorOptions(string sourcePath)
    {
        var o = new PredictorOptions { Seed = Seed, SourcePath = sourcePath };
        if (MaxAutoSteps is int cap) o.MaxAutoSteps = cap;
        if (AnnealWhenCut is bool anneal) o.AnnealWhenCut = anneal;
        if (Gnn is GnnKind g) o.Gnn = g;
        if (Hidden is int h) o.Hidden = h;
        if (Layers is int l) o.Layers = l;
        if (Epochs is int e) o.Epochs = e;
        if (Batch is int b) o.Batch = b;
        if (LearningRate is double lr) o.LearningRate = lr;
        return o;
    }

    /// <summary>Options of a cross-fitted member or the latency predictor: the primary's with the secondary step budget.</summary>
    internal PredictorOptions SecondaryPredictorOptions(string sourcePath)
    {
        var o = PredictorOptions(sourcePath);
        o.MaxAutoSteps = SecondaryMaxSteps;
        return o;
    }
}

/// <summary>Which neighbours of the best measured architectures a cell/DAG build proposes (the evidence decides).</summary>
public enum CellMethod
{
    /// <summary>Neighbours within the Hamming radius whose changed decisions take one of the top-k values by module score.</summary>
    TrustRegion,
    /// <summary>Neighbours within the Hamming radius with any value (the pruned-space search still uses the top-k values).</summary>
    Prune,
}

/// <summary>How <c>importance[]</c> scores a value (<see cref="Scoring.MarginalImportance"/>).</summary>
public enum ImportanceMode
{
    /// <summary>Session 13 and before: a background that has the value counts with its measured target, every other
    /// with the primary predictor's prediction (for comparison in benchmarks; what a build without cross-fitted members does).</summary>
    Mixed,
    /// <summary>Every background with every value predicted by the cross-fitted member that never trained on that
    /// background, shifted by those members' mean held-out error on the labels: values compared like with like.</summary>
    CrossFitted,
}

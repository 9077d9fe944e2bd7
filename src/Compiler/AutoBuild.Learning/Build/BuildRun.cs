using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec.Results;
using AutoBuild.Learning.Predictor;
using AutoBuild.Learning.Scoring;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Build;

/// <summary>The state of one build and its steps: check the options, train the primary predictor (metrics,
/// module scores) and the cross-fitted evidence ensemble, set up the cost oracle, let the space's
/// <see cref="IProposalStrategy"/> propose, and let the <see cref="ResultAssembler"/> choose from the evidence.</summary>
internal sealed class BuildRun
{
    private readonly string _specHash;
    private readonly IProgress<BuildProgress>? _progress;
    private readonly List<Diagnostic> _diagnostics = new();
    private readonly SourceLocation _where;
    private TrainedPredictor _predictor = null!;

    private readonly IReadOnlyDictionary<string, SourceLocation> _decisionLocations;

    public BuildRun(SearchSpace space, string specHash, LabelSet labels, BuildOptions options, IProgress<BuildProgress>? progress, BuildTimings timings,
        IReadOnlyDictionary<string, SourceLocation>? decisionLocations = null)
    {
        Space = space; _specHash = specHash; Labels = labels; Options = options; _progress = progress; Timings = timings;
        _decisionLocations = decisionLocations ?? new Dictionary<string, SourceLocation>();
        Encoder = new GraphEncoder(space, options.CostFeatures || (options.LatencyCostFeatures && options.MaxLatency is not null), options.PathFeatures);
        _where = SourceLocation.File(labels.Path);
        Distinct = EquivalentLabels.Merge(space, labels, out var merged);
        MergedEquivalent = merged;
        MeasuredTargets = Distinct.Architectures.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => Distinct.Targets[p.i]);
        LabelledTargets = labels.Architectures.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => labels.Targets![p.i]);
    }

    public SearchSpace Space { get; }
    public LabelSet Labels { get; }
    /// <summary>Wall time per stage (laps; <c>--timing</c> prints them).</summary>
    public BuildTimings Timings { get; }
    public BuildOptions Options { get; }
    public GraphEncoder Encoder { get; }
    /// <summary>The labels with equivalent architectures merged into their canonical representative (targets and
    /// metrics averaged, like duplicate rows): what the build trains on and counts as measured.</summary>
    public EquivalentLabels Distinct { get; }
    public double[] Targets => Distinct.Targets;
    /// <summary>Every labelled network has the same target (AB4013): the evidence then judges no unmeasured architecture.</summary>
    public bool ConstantTarget => Targets.All(t => t == Targets[0]);
    /// <summary>Target of each merged (canonical) labelled architecture: what the predictors train on.</summary>
    public IReadOnlyDictionary<Architecture, double> MeasuredTargets { get; }
    /// <summary>Target of each labelled architecture as written (duplicate rows averaged, equivalent ones not
    /// merged): what a measured entry of the answer reports and is ranked by.</summary>
    public IReadOnlyDictionary<Architecture, double> LabelledTargets { get; }
    /// <summary>The primary predictor's prediction: module scores and importance use it. An architecture is predicted
    /// through its canonical form, which is what the predictor trained on: a background with a value substituted is
    /// often not canonical (a `none` that cuts off ops), and equivalent networks must score alike.</summary>
    public Func<IReadOnlyList<Architecture>, double[]> PrimaryPredict => a => _predictor.Predict(EncodeCanonical(a));

    /// <summary>Each architecture encoded in its canonical form, the form every predictor of the build trains on.</summary>
    private EncodedGraph[] EncodeCanonical(IReadOnlyList<Architecture> architectures) =>
        architectures.Select(a => Encoder.Encode(Space.Canonical(a))).ToArray();
    /// <summary>Backgrounds importance and module scores average over: a subset of the labels as written (not merged
    /// into canonical forms, whose distribution would under-represent every value that makes ops dead, and so no
    /// longer estimate the mean over the space the labels sample).</summary>
    public Backgrounds Backgrounds { get; private set; } = null!;
    /// <summary>Every scored module, set by the strategy (for benchmarks).</summary>
    public IReadOnlyList<ScoredModule> Scored { get; set; } = Array.Empty<ScoredModule>();
    /// <summary>Hops of the primary predictor (cell modules go up to Hops − 1).</summary>
    public int Hops => _predictor.Hops;
    private const int MaxBackgrounds = 2048;
    private TrainedPredictor? _latency;
    private List<ImportanceEntry>? _importance;
    private IReadOnlyDictionary<Architecture, double> _importanceMeasured = null!;
    public Evidence Evidence { get; private set; } = null!;
    public CostOracle Oracle { get; private set; } = null!;
    /// <summary>The evidence the selection judged unmeasured architectures by (set by the <see cref="ResultAssembler"/>), for benchmarks.</summary>
    public ImprovementEvidence? Improvement { get; set; }
    /// <summary>Labelled architectures merged into an equivalent one (canonicalisation).</summary>
    public int MergedEquivalent { get; }

    public BuildOutcome Execute()
    {
        Timings.Lap("canonical labels");
        if (!CheckOptions()) return new BuildOutcome(null, _diagnostics, 0);
        if (MergedEquivalent > 0)
            Warn(BuildCodes.EquivalentLabels, string.Format(CultureInfo.InvariantCulture,
                "{0} labelled architectures are not in canonical form: they compute the same function as another architecture (ops cut off by zero edges or dead vertices, " +
                "intermediate nodes relabelled, or identity layers moved within their stage; e.g. {1} is {2}); the predictor trains on each network once, its labels averaged as duplicate rows " +
                "are, and nothing equivalent to a labelled architecture is proposed; measured entries of the answer keep their own rows", MergedEquivalent, Distinct.Example.Original, Distinct.Example.Canonical));
        var graphs = Distinct.Architectures.Select(Encoder.Encode).ToArray();
        Timings.Lap("graph encoding");
        var popts = Options.PredictorOptions(Labels.Path);
        var measuredLatency = new Dictionary<Architecture, double>();
        double[]? latencyTargets = null;
        double[]? latencyAsWritten = null;
        if (Options.LatencyColumn is string column && Labels.HasColumn(column))
        {
            // A labelled row is checked against its own measured latency (the architecture as written, which is what
            // the answer lists); a merged network that no row writes in its canonical form, against the worst
            // measurement of its group; the predictor trains on the mean.
            var own = Labels.Metric(column);
            for (var i = 0; i < own.Length; i++) if (own[i] is double v) measuredLatency[Labels.Architectures[i]] = v;
            var worst = Distinct.WorstMetric(column);
            for (var i = 0; i < worst.Length; i++)
                if (worst[i] is double v && !measuredLatency.ContainsKey(Distinct.Architectures[i])) measuredLatency[Distinct.Architectures[i]] = v;
            // A latency column alone trains the latency predictor too: the results then say what drives latency.
            latencyTargets = Distinct.Metric(column).Select(v => v!.Value).ToArray();
            latencyAsWritten = own.Select(v => v!.Value).ToArray();
        }
        TrainPredictors(graphs, popts, latencyTargets, latencyAsWritten);
        SetAsideFailedRuns(graphs, popts);
        if (ConstantTarget)
            Warn(BuildCodes.ConstantTarget, string.Format(CultureInfo.InvariantCulture,
                "the target is {0:G6} for every labelled architecture: nothing tells the architectures apart, so the predictions and the importance are noise " +
                "and no unmeasured architecture is judged to beat them (best[0] is a labelled one); check the target column, or label architectures that differ", Targets[0]));
        _diagnostics.AddRange(_predictor.Diagnostics);
        // The latency predictor gives unmeasured entries a latency even without a budget; the margin only matters with one.
        Oracle = new CostOracle(Space, Encoder, Options, _latency, measuredLatency, LatencyEvidence, latencyAsWritten);
        Backgrounds = new Backgrounds(Space, Labels.Architectures, MaxBackgrounds, Options.Seed);

        var result = NewResult();
        var macro = StageConfigurations.Stages(Space).Count > 0 && Space.Decisions.Any(d => d.Site.Layer != null);
        IProposalStrategy strategy = macro ? new MacroConstructionStrategy() : new CellSearchStrategy();
        var proposals = new Proposals();
        var proposed = strategy.Propose(this, proposals);
        Timings.Lap(macro ? "construction and search" : "search");
        if (!proposed || !ResultAssembler.Assemble(this, proposals, result))
            return new BuildOutcome(null, _diagnostics, _predictor.TrainSeconds);
        Timings.Lap("selection and candidates");

        FillLabelled(result);
        FillImportance(result);
        Timings.Lap("importance");
        result.Warnings.AddRange(_diagnostics.Where(d => d.Severity == Severity.Warning).Select(d => d.ToString()));
        return new BuildOutcome(result, _diagnostics, _predictor.TrainSeconds, Evidence.Predict, Scored) { Evidence = Evidence, Improvement = Improvement, Oracle = Oracle, ImportanceBy = TargetImportance };
    }

    /// <summary>Trains the primary predictor, the cross-fitted members of the evidence and the latency predictor
    /// (when <paramref name="latencyTargets"/> is given): independent trainings, run side by side
    /// (<see cref="ConcurrentTrainings"/>), so the build waits for the longest chain of them, not their sum.</summary>
    private void TrainPredictors(EncodedGraph[] graphs, PredictorOptions popts, double[]? latencyTargets, double[]? latencyAsWritten)
    {
        var fold = Evidence.Folds(Targets.Length, Options.Ensemble, Options.Seed);
        var perFold = fold is null ? 1 : Math.Max(1, Options.MembersPerFold);
        var members = fold is null ? 0 : Math.Min(Options.Ensemble, Targets.Length) * perFold;
        var progress = new SyncProgress(_progress, "training");
        var jobs = new List<Func<TrainedPredictor>> { () => Predictor.PredictorTrainer.Train(Encoder.Schema, graphs, Targets, popts, progress) };
        if (latencyTargets is not null)
            jobs.Add(() => Predictor.PredictorTrainer.Train(Encoder.Schema, graphs, latencyTargets, Options.SecondaryPredictorOptions(Labels.Path),
                new SyncProgress(_progress, "training latency")));
        var first = jobs.Count;
        for (var f = 0; f < members; f++)
        {
            var member = f;
            var options = Options.SecondaryPredictorOptions(Labels.Path);
            options.Seed = Options.Seed + 7919 * (member / perFold + 1) + 104_729 * (member % perFold);
            options.Lambda = Options.MemberLambda;
            options.UseGraphFeatures = Options.CostFeatures || Options.PathFeatures;
            Options.TuneMembers?.Invoke(options);
            jobs.Add(() => Evidence.TrainMember(Encoder.Schema, graphs, Targets, fold!, member / perFold, options, Options.BootstrapMembers));
        }
        // Under a latency budget, latency members on the same folds: every label's latency gets an out-of-fold
        // prediction, so the margin and the candidates' fit probabilities rest on all labels, not on a tenth of them.
        // Latency belongs to the architecture as written, not to the function it computes: a cell that keeps ops on
        // edges a zero edge cuts off still runs them (on NAS-Bench-201's edge GPU, half the labels are written so and
        // measure up to twice their canonical form). So these members train on every label as written, with its own
        // latency, on the fold of its network; the architectures they predict (proposals) are canonical as written.
        var latencyMembers = latencyTargets is not null && Options.MaxLatency is not null && Options.LatencyMembers ? members / perFold : 0;
        var writtenGraphs = latencyMembers > 0 ? Labels.Architectures.Select(Encoder.Encode).ToArray() : null;
        var writtenFold = latencyMembers > 0 ? Distinct.GroupOfLabel().Select(g => fold![g]).ToArray() : null;
        for (var f = 0; f < latencyMembers; f++)
        {
            var member = f;
            var options = Options.SecondaryPredictorOptions(Labels.Path);
            options.Seed = Options.Seed + 7919 * (member + 1) + 1;
            options.UseGraphFeatures = Options.LatencyCostFeatures;
            jobs.Add(() => Evidence.TrainMember(Encoder.Schema, writtenGraphs!, latencyAsWritten!, writtenFold!, member, options));
        }
        Report("training ensemble", 0, members + latencyMembers);
        var trained = ConcurrentTrainings.Run(jobs);
        _predictor = trained[0];
        if (latencyTargets is not null) _latency = trained[1];
        var smoothing = Options.Smoothing > 0 ? new NeighbourSmoothing(Space, Encoder, Options.Smoothing, Distinct.Architectures) : null;
        Evidence = Evidence.From(Encoder, graphs, Targets, _predictor, fold, trained[first..(first + members)], perFold, smoothing, Distinct.Architectures);
        if (latencyMembers > 0)
            LatencyEvidence = Evidence.From(Encoder, writtenGraphs!, latencyAsWritten!, _latency!, writtenFold, trained[(first + members)..]);
        Timings.Lap(string.Format(CultureInfo.InvariantCulture, "training predictors (primary, {0} cross-fitted{1}; {2} at a time)",
            members, latencyTargets is null ? "" : latencyMembers > 0 ? $", latency and {latencyMembers} cross-fitted latency" : ", latency",
            ConcurrentTrainings.Workers(jobs.Count)));
    }

    /// <summary>The cross-fitted latency members (under a latency budget, with <see cref="BuildOptions.LatencyMembers"/>), else null.</summary>
    public Evidence? LatencyEvidence { get; private set; }

    private bool CheckOptions()
    {
        var o = Options;
        foreach (var problem in BuildOptionChecks.Problems(o))
            _diagnostics.Add(Diagnostic.Error(BuildCodes.BadOption, problem, SourceLocation.File("autobuild")));
        if (!string.IsNullOrEmpty(o.LatencyColumn))
        {
            if (!Labels.HasColumn(o.LatencyColumn!))
                _diagnostics.Add(Diagnostic.Error(BuildCodes.LatencyColumn, $"the labels have no column '{o.LatencyColumn}' for the latency predictor{Suggestions.DidYouMean(o.LatencyColumn!, Labels.MetricColumns)}; metric columns: {Suggestions.List(Labels.MetricColumns, 40)}", _where));
            else
            {
                var values = Labels.Metric(o.LatencyColumn!);
                var missing = Enumerable.Range(0, values.Length).FirstOrDefault(i => values[i] is null, -1);
                if (missing >= 0)
                    _diagnostics.Add(Diagnostic.Error(BuildCodes.LatencyColumn,
                        $"column '{o.LatencyColumn}' has no numeric value for architecture {Labels.Architectures[missing]}; the latency predictor needs every row",
                        new SourceLocation(Labels.Path, Labels.RowsOfArchitecture[missing][0], 0)));
            }
        }
        if (Distinct.Architectures.Count < 4)
            _diagnostics.Add(Diagnostic.Error(BuildCodes.TooFewLabels,
                $"only {Distinct.Architectures.Count} distinct labelled architectures; training needs at least 4 (100+ recommended)", _where));
        return !_diagnostics.Any(d => d.Severity == Severity.Error);
    }

    private AutoBuildResult NewResult() => new()
    {
        Space = Space.Name,
        Kind = Space.Kind.ToString().ToLowerInvariant(),
        Namespace = Space.Namespace,
        SpecHash = _specHash,
        LabelsHash = Labels.ContentHash,
        Target = Options.Target,
        Seed = Options.Seed,
        Tool = BuildPipeline.ToolVersion,
        SpaceSize = Space.Size.ToString(CultureInfo.InvariantCulture),
        Constraints = new ConstraintsInfo
        {
            MaxParams = Options.MaxParams, MaxFlops = Options.MaxFlops, MaxLatency = Options.MaxLatency,
            LatencyColumn = Options.MaxLatency is null ? null : Options.LatencyColumn,
        },
        Predictor = PredictorInfo(),
    };

    private PredictorInfo PredictorInfo()
    {
        var o = _predictor.Options;
        var m = _predictor.Metrics;
        var info = new PredictorInfo
        {
            Gnn = o.Gnn.ToString().ToLowerInvariant(), Hidden = o.Hidden, Layers = o.Layers, Epochs = o.Epochs, Batch = o.Batch,
            LearningRate = o.LearningRate, Lambda = o.Lambda, TrainSize = m.TrainSize, TestSize = m.TestSize,
            TestSpearman = m.Spearman, TestKendall = m.Kendall, TestPrecisionTop5 = m.PrecisionAtTop5, TestMae = m.Mae,
            TrainSeconds = Options.RecordTiming ? Math.Round(_predictor.TrainSeconds, 2) : 0,
        };
        info.HopSpearman.AddRange(m.HopSpearman);
        info.HeldOut.AddRange(LabelledSummary.HeldOut(m.TestPairs.Select((p, i) => new HeldOutPoint
        {
            Arch = Distinct.Architectures[m.TestIndices[i]].ToString(), Measured = p.Measured, Predicted = p.Predicted,
        }).ToList()));
        return info;
    }

    /// <summary>The best labelled architecture (ties: first labelled), among those within the budgets when
    /// <paramref name="feasibleOnly"/>; null when none fits.</summary>
    public Architecture? BestMeasured(bool feasibleOnly)
    {
        var ok = feasibleOnly && Oracle.HasBudgets ? Oracle.Feasible(Distinct.Architectures) : null;
        var best = -1;
        for (var i = 0; i < Targets.Length; i++)
            if ((ok is null || ok[i]) && (best < 0 || Targets[i] > Targets[best])) best = i;
        return best < 0 ? null : Distinct.Architectures[best];
    }

    /// <summary>The target importance (computed once: cell pruning ranks values by it, the results report it).</summary>
    public List<ImportanceEntry> TargetImportance() => _importance ??= TargetImportance(Options.ImportanceMode);

    /// <summary>The target importance computed one way (benchmarks compare both on one build).</summary>
    internal List<ImportanceEntry> TargetImportance(ImportanceMode mode) =>
        MarginalImportance.Compute(Space, PrimaryPredict, Backgrounds, Options.Seed, _importanceMeasured,
            heldOut: mode == ImportanceMode.CrossFitted ? HeldOut(Evidence, grouped: true, a => a.Select(Space.Canonical).ToArray()) : null,
            inputIgnoredAtMeasured: true);

    /// <summary>The cross-fitted members of <paramref name="evidence"/> as importance uses them: each labelled
    /// architecture as written with its fold and out-of-fold prediction (indexed by network when
    /// <paramref name="grouped"/>, else by label as written), the fold's members predicting what
    /// <paramref name="form"/> makes of an architecture; null without members.</summary>
    private HeldOutPredictions? HeldOut(Evidence? evidence, bool grouped, Func<IReadOnlyList<Architecture>, IReadOnlyList<Architecture>> form)
    {
        if (evidence?.OutOfFold is not { } outOfFold || evidence.Fold is not { } folds) return null;
        var group = grouped ? Distinct.GroupOfLabel() : null;
        var prediction = new Dictionary<Architecture, double>();
        var fold = new Dictionary<Architecture, int>();
        for (var i = 0; i < Labels.Architectures.Count; i++)
        {
            prediction.TryAdd(Labels.Architectures[i], outOfFold[group?[i] ?? i]);
            fold.TryAdd(Labels.Architectures[i], folds[group?[i] ?? i]);
        }
        return new HeldOutPredictions(fold, prediction, (f, a) => evidence.PredictBy(f, form(a)));
    }

    /// <summary>Failures the other labels do not anticipate (<see cref="FailedRuns"/>) are set aside from what
    /// explains the space (a network that ignores its input, <see cref="SearchSpace.IgnoresInput"/>, never is: its
    /// failure is its own): the primary predictor (module scores, importance, cell pruning) is trained again without
    /// them, and the importance counts them at its prediction instead of their measured value; the answer and the
    /// cross-fitted members keep every measurement. Warns (AB4012) naming them. Without such rows nothing changes.</summary>
    private void SetAsideFailedRuns(EncodedGraph[] graphs, PredictorOptions popts)
    {
        // A network that ignores its input (a cell passing only zeros) fails because of what it is, not at random.
        var failed = FailedRuns.Unanticipated(Targets, Evidence.OutOfFold).Where(i => !Space.IgnoresInput(Distinct.Architectures[i])).ToList();
        if (failed.Count == 0) { _importanceMeasured = LabelledTargets; return; }
        var set = failed.Select(i => Distinct.Architectures[i]).ToHashSet();
        var kept = Enumerable.Range(0, Targets.Length).Except(failed).ToArray();
        _predictor = Predictor.PredictorTrainer.Train(Encoder.Schema, kept.Select(i => graphs[i]).ToArray(), kept.Select(i => Targets[i]).ToArray(), popts,
            new SyncProgress(_progress, "training without failed runs"));
        Timings.Lap("training the primary predictor again without failed runs");
        _importanceMeasured = LabelledTargets.Where(p => !set.Contains(Space.Canonical(p.Key))).ToDictionary(p => p.Key, p => p.Value);
        var shown = string.Join("; ", failed.Take(3).Select(i => string.Format(CultureInfo.InvariantCulture,
            "line {0}: measured {1:G4}, predicted {2:G4} by the labels it was held out from", Distinct.FirstLine(i), Targets[i], Evidence.OutOfFold![i])));
        Warn(BuildCodes.FailedRuns, string.Format(CultureInfo.InvariantCulture,
            "{0} labelled architecture{1} look{2} like failed runs: measured far below the other labels (more than {3} robust standard deviations below their median) " +
            "although the labels {4} held out from do not rank {5} among the lowest ({6}{7}); what explains the space leaves {5} out (the predictor that scores modules " +
            "was trained again without {5}, and the importance counts {5} at {8} prediction), so that a run that failed at random does not make the choices it carries " +
            "look bad; the answer still counts the measured value. Rerun {5}, or leave {5} out if the runs failed",
            failed.Count, failed.Count == 1 ? "" : "s", failed.Count == 1 ? "s" : "", FailedRuns.Distance, failed.Count == 1 ? "it was" : "they were",
            failed.Count == 1 ? "it" : "them", shown, failed.Count > 3 ? "; …" : "", failed.Count == 1 ? "its" : "their"));
    }

    private void FillImportance(AutoBuildResult result)
    {
        result.Importance.AddRange(TargetImportance());
        if (_latency is TrainedPredictor latency)
        {
            var measured = Labels.Metric(Options.LatencyColumn!);
            result.LatencyImportance.AddRange(MarginalImportance.Compute(Space, a => latency.Predict(EncodeCanonical(a)), Backgrounds, Options.Seed,
                Labels.Architectures.Select((a, i) => (a, i)).Where(p => measured[p.i] is not null).ToDictionary(p => p.a, p => measured[p.i]!.Value),
                heldOut: Options.ImportanceMode == ImportanceMode.CrossFitted ? HeldOut(LatencyEvidence, grouped: false, a => a) : null));
        }
        // Coverage: the labels that have each value (the networks the predictor trained on), and a warning where a
        // decision's highest score rests on a value too few of them have.
        ImportanceCoverage.Annotate(Space, result.Importance.Concat(result.LatencyImportance), Distinct.Architectures);
        WarnUncoveredBest(result.Importance);
        WarnInputIgnoringUnmeasured();
        var scalars = _predictor.FeatureScalars().ToDictionary(f => (f.Feature, f.Value), f => f.Scalar);
        result.FeatureImportance.AddRange(Importance.Features(Space, Encoder.CategoricalFeatureOf, result.Importance,
            (f, v) => scalars.TryGetValue((f, v), out var x) ? x : null));
    }

    /// <summary>AB4014, one warning per spec declaration (decisions made from one <c>choose</c>, e.g. every layer's
    /// kernel, share it), located there: the decisions whose highest importance belongs to a value fewer than
    /// <see cref="ImportanceEntry.MinLabels"/> labels have.</summary>
    private void WarnUncoveredBest(IReadOnlyList<ImportanceEntry> importance)
    {
        var uncovered = ImportanceCoverage.UncoveredBest(importance);
        foreach (var group in uncovered.GroupBy(u => _decisionLocations.TryGetValue(u.Decision, out var at) ? at : _where))
        {
            var list = group.ToList();
            var shown = string.Join("; ", list.Take(3).Select(u => ImportanceCoverage.Describe(u, Options.Target)));
            _diagnostics.Add(Diagnostic.Warning(BuildCodes.ImportanceExtrapolated, string.Format(CultureInfo.InvariantCulture,
                "{0}{1}{2}: fewer than {3} labels have {4}, so {5} the predictor's extrapolation, not something the labels show; the importance marks such values " +
                "extrapolated and the report names the best covered value instead. Label architectures with {6} to check {7}{8}",
                list.Count > 3 ? string.Format(CultureInfo.InvariantCulture, "{0} decisions, e.g. ", list.Count) : "", shown, list.Count > 3 ? "; …" : "",
                ImportanceEntry.MinLabels, list.Count == 1 ? "that value" : "those values", list.Count == 1 ? "its score is" : "their scores are",
                list.Count == 1 ? "that value" : "those values", list.Count == 1 ? "it" : "them",
                // Uniform labels of a deep space rarely have shallow depths; the sampler can draw them as often.
                list.Any(u => Space.Decisions.Any(d => d.Name == u.Decision && d.Role == DecisionRole.Depth))
                    ? " (autobuild sample --depths uniform draws every depth about equally often)" : ""), group.Key));
        }
    }

    /// <summary>AB4015: the labels hold no network that ignores its input, yet setting some values makes backgrounds
    /// such networks; their importance then counts the predictors' guess for what no label shows (the measured value
    /// of one such label would stand for all of them, <see cref="MarginalImportance.Compute"/>).</summary>
    private void WarnInputIgnoringUnmeasured()
    {
        var found = MarginalImportance.UnmeasuredInputIgnoring(Space, Backgrounds, Distinct.Architectures);
        if (found.Count == 0) return;
        var shown = string.Join("; ", found.Take(3).Select(f => string.Format(CultureInfo.InvariantCulture, "{0} = {1} in {2} of {3}",
            Space.Decisions[f.Decision].Name, Space.Decisions[f.Decision].Values[f.Value], f.Count, f.Of)));
        Warn(BuildCodes.InputIgnoringUnmeasured, string.Format(CultureInfo.InvariantCulture,
            "no labelled architecture ignores its input (its output does not depend on it, e.g. a cell that passes only zeros to its output), yet {0} " +
            "value{1} make{2} the labelled backgrounds such a network ({3}{4}): {5} importance counts what the predictors guess such networks measure, which no " +
            "label shows, so {6} far from {7} true mean (a classifier that ignores its input is at chance). Measure one such network, e.g. {8}, and add it " +
            "to the labels: its measured value then counts for all of them",
            found.Count, found.Count == 1 ? "" : "s", found.Count == 1 ? "s" : "", shown, found.Count > 3 ? "; …" : "",
            found.Count == 1 ? "its" : "their", found.Count == 1 ? "it may be" : "they may be", found.Count == 1 ? "its" : "their", found[0].Example));
    }

    private void FillLabelled(AutoBuildResult result)
    {
        // The latency the budget was checked against: the canonical row's own measurement when the network is
        // labelled in that form, else the worst measurement of its merged group.
        var latency = Options.LatencyColumn is string col && Labels.HasColumn(col) ? Distinct.WorstMetric(col) : null;
        var all = new List<LabelledPoint>(Distinct.Architectures.Count);
        for (var i = 0; i < Distinct.Architectures.Count; i++)
        {
            var (p, f) = Oracle.Exact(Distinct.Architectures[i]);
            all.Add(new LabelledPoint { Arch = Distinct.Architectures[i].ToString(), Target = Targets[i], Params = p, Flops = f, Latency = latency?[i] is null ? null : Oracle.Latency(Distinct.Architectures[i]) });
        }
        result.LabelledCount = all.Count;
        result.Labelled.AddRange(LabelledSummary.Select(all, Options.LabelledPoints));
    }

    public ModuleScore ModuleEntry(ScoredModule s, int rank)
    {
        var entry = new ModuleScore { Stage = s.Module.Group, Hops = s.Module.Hops, Rank = rank, Score = s.Score };
        for (var i = 0; i < s.Module.Decisions.Length; i++)
        {
            var d = s.Module.Decisions[i];
            if (s.Module.Choices[i] >= 0) entry.Decisions[Space.Decisions[d].Name] = Space.Decisions[d].Values[s.Module.Choices[i]];
        }
        return entry;
    }

    public void Warn(string code, string message) => _diagnostics.Add(Diagnostic.Warning(code, message, _where));

    public void Infeasible(double[]? smallest) =>
        _diagnostics.Add(Diagnostic.Error(BuildCodes.Infeasible, Oracle.InfeasibleMessage(Space.Name, smallest), SourceLocation.File("autobuild")));

    public void Report(string step, int done, int total) => _progress?.Report(new BuildProgress(step, done, total));

    /// <summary>Forwards training progress synchronously (System.Progress would post to the thread pool), one report
    /// at a time: trainings run side by side.</summary>
    private sealed class SyncProgress : IProgress<TrainingProgress>
    {
        private static readonly object Gate = new();
        private readonly IProgress<BuildProgress>? _inner;
        private readonly string _step;
        public SyncProgress(IProgress<BuildProgress>? inner, string step) { _inner = inner; _step = step; }
        public void Report(TrainingProgress value)
        {
            lock (Gate) _inner?.Report(new BuildProgress(_step, value.Epoch, value.Epochs));
        }
    }
}

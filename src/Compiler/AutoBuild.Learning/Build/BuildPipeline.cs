using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec.Results;
using AutoBuild.Spec;
using AutoBuild.Learning.Construction;
using AutoBuild.Learning.Predictor;
using AutoBuild.Learning.Scoring;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Cost;

namespace AutoBuild.Learning.Build;

/// <summary>A step of the build, for progress display.</summary>
public readonly record struct BuildProgress(string Step, int Done, int Total);

/// <summary>The outcome of a build: the results (null when an error stopped it) and every diagnostic.</summary>
public sealed class BuildOutcome
{
    public BuildOutcome(AutoBuildResult? result, IReadOnlyList<Diagnostic> diagnostics, double trainSeconds,
        Func<IReadOnlyList<Architecture>, double[]>? predict = null, IReadOnlyList<ScoredModule>? modules = null)
    {
        Result = result; Diagnostics = diagnostics; TrainSeconds = trainSeconds; Predict = predict;
        Modules = modules ?? Array.Empty<ScoredModule>();
    }

    /// <summary>Every scored module (the results keep only the top ones per group), for benchmarks.</summary>
    public IReadOnlyList<ScoredModule> Modules { get; }

    /// <summary>The trained predictor (predicted target per architecture), for benchmarks; null when training did not run.</summary>
    public Func<IReadOnlyList<Architecture>, double[]>? Predict { get; }

    public AutoBuildResult? Result { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
    /// <summary>Measured training time (always available, whether or not the results record it).</summary>
    public double TrainSeconds { get; }
}

/// <summary><c>autobuild build</c>: spec + labels → trained predictor → module scores → constructed, pruned and
/// searched architectures → <see cref="AutoBuildResult"/>. The CLI and the quality benchmark both run this.</summary>
public static class BuildPipeline
{
    /// <summary>The tool version written into the results (the assembly's informational version without build metadata).</summary>
    public static string ToolVersion
    {
        get
        {
            var v = typeof(BuildPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = v.IndexOf('+');
            return plus >= 0 ? v.Substring(0, plus) : v;
        }
    }

    /// <summary>Compiles the spec, reads the labels and builds. Never throws for bad input: errors come back as diagnostics.</summary>
    public static BuildOutcome RunFiles(string specPath, string labelsPath, BuildOptions options, IProgress<BuildProgress>? progress = null)
    {
        var diagnostics = new List<Diagnostic>();
        byte[] specBytes;
        try { specBytes = File.ReadAllBytes(specPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The front end words the failure as its own located diagnostic.
            return new BuildOutcome(null, SpecCompiler.CompileFile(specPath).Diagnostics, 0);
        }
        var spec = SpecCompiler.Compile(specPath, new System.Text.UTF8Encoding(false).GetString(specBytes));
        diagnostics.AddRange(spec.Diagnostics);
        if (spec.Space is null) return new BuildOutcome(null, diagnostics, 0);

        if (!TargetExpression.TryParse(options.Target, out var target, out var error, out var offset))
            return Fail(diagnostics, Diagnostic.Error(LabelCodes.TargetSyntax, $"bad target expression '{options.Target}': {error} (at character {offset + 1})", SourceLocation.File(labelsPath)));
        var labels = LabelsReader.ReadFile(spec.Space, labelsPath, target);
        diagnostics.AddRange(labels.Diagnostics);
        if (labels.Labels is null) return new BuildOutcome(null, diagnostics, 0);

        var outcome = Run(spec.Space, LabelsReader.Sha256Hex(specBytes), labels.Labels, options, progress);
        diagnostics.AddRange(outcome.Diagnostics);
        return new BuildOutcome(outcome.Result, diagnostics, outcome.TrainSeconds, outcome.Predict, outcome.Modules);
    }

    private static BuildOutcome Fail(List<Diagnostic> diagnostics, Diagnostic error)
    {
        diagnostics.Add(error);
        return new BuildOutcome(null, diagnostics, 0);
    }

    /// <summary>Builds from a compiled space and labels read with a target.</summary>
    public static BuildOutcome Run(SearchSpace space, string specHash, LabelSet labels, BuildOptions options, IProgress<BuildProgress>? progress = null)
        => new Run(space, specHash, labels, options, progress).Execute();
}

/// <summary>The state of one build.</summary>
internal sealed class Run
{
    private readonly SearchSpace _space;
    private readonly string _specHash;
    private readonly LabelSet _labels;
    private readonly BuildOptions _options;
    private readonly IProgress<BuildProgress>? _progress;
    private readonly List<Diagnostic> _diagnostics = new();
    private readonly GraphEncoder _encoder;
    private readonly SourceLocation _where;
    private TrainedPredictor _predictor = null!;
    // Extra predictors trained on every label with other seeds; predictions are the members' mean.
    private readonly List<TrainedPredictor> _members = new();
    private TrainedPredictor? _latency;
    // Background architectures importance and module scores average over (autobuild: a subset of the labels).
    private Backgrounds _backgrounds = null!;
    private IReadOnlyList<ScoredModule> _scored = Array.Empty<ScoredModule>();
    private const int MaxBackgrounds = 2048;
    private readonly Dictionary<Architecture, (long Params, long Flops)> _costs = new();

    public Run(SearchSpace space, string specHash, LabelSet labels, BuildOptions options, IProgress<BuildProgress>? progress)
    {
        _space = space; _specHash = specHash; _labels = labels; _options = options; _progress = progress;
        _encoder = new GraphEncoder(space);
        _where = SourceLocation.File(labels.Path);
    }

    private double[] Targets => _labels.Targets!;

    public BuildOutcome Execute()
    {
        if (!CheckOptions()) return new BuildOutcome(null, _diagnostics, 0);
        var graphs = _labels.Architectures.Select(_encoder.Encode).ToArray();
        var popts = _options.PredictorOptions(_labels.Path);
        _predictor = Predictor.PredictorTrainer.Train(_encoder.Schema, graphs, Targets, popts, new SyncProgress(_progress, "training"));
        _diagnostics.AddRange(_predictor.Diagnostics);
        for (var m = 1; m < _options.Ensemble; m++)
        {
            var member = _options.PredictorOptions(_labels.Path);
            member.Seed = _options.Seed + 7919 * m;
            member.TestFraction = 0;
            _members.Add(Predictor.PredictorTrainer.Train(_encoder.Schema, graphs, Targets, member, new SyncProgress(_progress, $"training member {m + 1}")));
        }
        if (!string.IsNullOrEmpty(_options.LatencyColumn))
        {
            var latency = _labels.Metric(_options.LatencyColumn!);
            _latency = Predictor.PredictorTrainer.Train(_encoder.Schema, graphs, latency.Select(v => v!.Value).ToArray(), popts, new SyncProgress(_progress, "training latency"));
        }
        _backgrounds = new Backgrounds(_space, _labels.Architectures, MaxBackgrounds, _options.Seed);

        var result = NewResult();
        var macro = StageConfigurations.Stages(_space).Count > 0 && _space.Decisions.Any(d => d.Site.Layer != null);
        var ok = macro ? BuildMacro(result) : BuildCell(result);
        if (!ok) return new BuildOutcome(null, _diagnostics, _predictor.TrainSeconds);

        FillLabelled(result);
        FillImportance(result);
        result.Warnings.AddRange(_diagnostics.Where(d => d.Severity == Severity.Warning).Select(d => d.ToString()));
        return new BuildOutcome(result, _diagnostics, _predictor.TrainSeconds, Predict, _scored);
    }

    private bool CheckOptions()
    {
        var o = _options;
        void Bad(string message) => _diagnostics.Add(Diagnostic.Error(BuildCodes.BadOption, message, SourceLocation.File("autobuild")));
        if (o.TopK is < 1) Bad("--top-k must be at least 1");
        if (o.Ensemble < 1) Bad("--ensemble must be at least 1");
        if (o.TrustRadius < 0) Bad("--trust-radius must be at least 0");
        if (o.TrustAnchors < 0) Bad("--trust-anchors must be at least 0");
        if (!(o.TrustMargin >= 0 && !double.IsInfinity(o.TrustMargin))) Bad("--trust-margin must be a non-negative number");
        if (o.BestCount < 1) Bad("the number of best architectures must be at least 1");
        foreach (var (name, value) in new[] { ("--max-params", o.MaxParams), ("--max-flops", o.MaxFlops), ("--max-latency", o.MaxLatency) })
            if (value is double v && !(v > 0 && !double.IsInfinity(v))) Bad($"{name} must be a positive number, not {v.ToString(CultureInfo.InvariantCulture)}");
        if (o.MaxLatency is not null && string.IsNullOrEmpty(o.LatencyColumn)) Bad("--max-latency needs --latency-column, the labels column the latency predictor learns");
        // A latency column alone trains the latency predictor too: the results then say what drives latency.
        if (!string.IsNullOrEmpty(o.LatencyColumn))
        {
            if (!_labels.HasColumn(o.LatencyColumn!))
                _diagnostics.Add(Diagnostic.Error(BuildCodes.LatencyColumn, $"the labels have no column '{o.LatencyColumn}' for the latency predictor", _where));
            else
            {
                var values = _labels.Metric(o.LatencyColumn!);
                var missing = Enumerable.Range(0, values.Length).FirstOrDefault(i => values[i] is null, -1);
                if (missing >= 0)
                    _diagnostics.Add(Diagnostic.Error(BuildCodes.LatencyColumn,
                        $"column '{o.LatencyColumn}' has no numeric value for architecture {_labels.Architectures[missing]}; the latency predictor needs every row",
                        new SourceLocation(_labels.Path, _labels.RowsOfArchitecture[missing][0], 0)));
            }
        }
        if (_labels.Architectures.Count < 4)
            _diagnostics.Add(Diagnostic.Error(BuildCodes.TooFewLabels,
                $"only {_labels.Architectures.Count} distinct labelled architectures; training needs at least 4 (100+ recommended)", _where));
        return !_diagnostics.Any(d => d.Severity == Severity.Error);
    }

    private AutoBuildResult NewResult() => new()
    {
        Space = _space.Name,
        Kind = _space.Kind.ToString().ToLowerInvariant(),
        Namespace = _space.Namespace,
        SpecHash = _specHash,
        LabelsHash = _labels.ContentHash,
        Target = _options.Target,
        Seed = _options.Seed,
        Tool = BuildPipeline.ToolVersion,
        SpaceSize = _space.Size.ToString(CultureInfo.InvariantCulture),
        Constraints = new ConstraintsInfo
        {
            MaxParams = _options.MaxParams, MaxFlops = _options.MaxFlops, MaxLatency = _options.MaxLatency,
            LatencyColumn = _options.MaxLatency is null ? null : _options.LatencyColumn,
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
            TrainSeconds = _options.RecordTiming ? Math.Round(_predictor.TrainSeconds, 2) : 0,
        };
        info.HopSpearman.AddRange(m.HopSpearman);
        info.HeldOut.AddRange(m.TestPairs.Select((p, i) => new HeldOutPoint
        {
            Arch = _labels.Architectures[m.TestIndices[i]].ToString(), Measured = p.Measured, Predicted = p.Predicted,
        }));
        return info;
    }

    // ---- Macro spaces: stage modules, construction (knapsack under budgets), globals by the predictor.

    private bool BuildMacro(AutoBuildResult result)
    {
        var baseline = BestLabelled();
        Report("enumerating modules", 0, 1);
        var stageModules = ModuleEnumerator.StageModules(_space, _encoder, baseline);
        var flat = stageModules.SelectMany(m => m).ToArray();
        Report("scoring modules", 0, flat.Length);
        var scored = _scored = ModuleScorer.Score(_space, Predict, flat, _backgrounds, _options.Seed);
        Report("scoring modules", flat.Length, flat.Length);
        var stages = scored.GroupBy(s => s.Module.GroupIndex).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<ScoredModule>)g.OrderByDescending(s => s.Score).ToList()).ToList();

        var budgets = Budgets();
        var topK = _options.TopK ?? BuildOptions.DefaultStageTopK;
        // Unconstrained: the k-best product of the top-k modules per stage (the pruned space). Constrained: every
        // module is a candidate, because the budget may exclude all of the top k.
        var groups = budgets.Length == 0 ? stages.Select(s => (IReadOnlyList<ScoredModule>)s.Take(topK).ToList()).ToList() : stages;
        var method = budgets.Length == 0 ? "construct" : "construct-constrained";

        // Global decisions (resolution...): construct for each combination and keep the best predicted one.
        ConstructionResult? chosen = null;
        double chosenPrediction = double.NegativeInfinity;
        var additive = true;
        double[]? smallest = null;
        foreach (var variant in GlobalVariants(baseline))
        {
            Report("constructing", 0, 1);
            var construction = MacroConstructor.Construct(_space, variant, groups, _options.BestCount, budgets.Length == 0 ? null : Costs, budgets);
            additive &= construction.Additive;
            if (construction.Best.Count == 0)
            {
                if (construction.SmallestAchievable is double[] s)
                    smallest = smallest is null ? s : smallest.Zip(s, Math.Min).ToArray();
                continue;
            }
            var p = Predict(new[] { construction.Best[0].Architecture })[0];
            if (p > chosenPrediction) { chosen = construction; chosenPrediction = p; }
        }
        if (!additive)
            _diagnostics.Add(Diagnostic.Warning(BuildCodes.NotAdditive,
                "stage costs are not additive in this space; every constructed architecture was re-checked with the whole-architecture cost", _where));
        if (chosen is null)
        {
            Infeasible(smallest);
            return false;
        }
        var predictions = Predict(chosen.Best.Select(b => b.Architecture).ToList());
        for (var i = 0; i < chosen.Best.Count; i++)
            result.Best.Add(Ranked(i + 1, method, chosen.Best[i].Architecture, predictions[i], chosen.Best[i].Score));

        foreach (var stage in stages)
            result.Modules.AddRange(stage.Take(_options.ModulesPerGroup).Select((s, i) => ModuleEntry(s, i + 1)));
        var stageScores = chosen.Best[0].Modules.ToDictionary(m => m.Module.Group, m => m.Score, StringComparer.Ordinal);
        result.Blocks.AddRange(BlockDescriber.Describe(_space, chosen.Best[0].Architecture, stageScores));
        return true;
    }

    /// <summary>The baseline with every combination of the global decisions' values (at most 64 combinations;
    /// beyond that only the baseline's).</summary>
    private IEnumerable<Architecture> GlobalVariants(Architecture baseline)
    {
        var globals = StageConfigurations.GlobalDecisions(_space).Where(d => baseline[d] >= 0 && _space.Decisions[d].Values.Count > 1).ToArray();
        var combos = globals.Aggregate(1L, (n, d) => n * _space.Decisions[d].Values.Count);
        if (globals.Length == 0 || combos > 64) { yield return baseline; yield break; }
        var units = globals.Select(d => new SearchUnit(_space.Decisions[d].Name, new[] { d },
            Enumerable.Range(0, _space.Decisions[d].Values.Count).Select(v => new[] { v }).ToArray())).ToArray();
        var pruned = new PrunedSpace(_space, baseline, units);
        foreach (var point in pruned.Points())
            if (pruned.At(point) is Architecture a) yield return a;
    }

    // ---- Cell and DAG spaces: k-hop modules, decision pruning, exhaustive or mutation search.

    private bool BuildCell(AutoBuildResult result)
    {
        const int maxArchitectures = 20_000;
        var random = new Random(_options.Seed);
        IEnumerable<Architecture> population;
        if (_space.CanEnumerate(maxArchitectures)) population = _space.Enumerate();
        else
        {
            population = _space.SampleDistinct(maxArchitectures, new Random(_options.Seed));
            _diagnostics.Add(Diagnostic.Warning(BuildCodes.SampledModules, string.Format(CultureInfo.InvariantCulture,
                "the space has {0} architectures; modules were enumerated from {1} uniformly sampled ones", _space.Size, maxArchitectures), _where));
        }
        Report("enumerating modules", 0, 1);
        var modules = ModuleEnumerator.NodeModules(_space, _encoder, population, _predictor.Hops - 1);
        Report("scoring modules", 0, modules.Count);
        var scored = _scored = ModuleScorer.Score(_space, Predict, modules, _backgrounds, _options.Seed);
        var ranked = Importance.RankValues(_space, TargetImportance());

        var keep = _options.TopK ?? BuildOptions.DefaultDecisionTopK;
        var baseline = BestLabelled();
        var units = new List<SearchUnit>();
        var allowed = new int[]?[_space.Decisions.Count];
        for (var d = 0; d < _space.Decisions.Count; d++)
        {
            var values = ranked[d]?.Take(keep).ToArray() ?? Enumerable.Range(0, _space.Decisions[d].Values.Count).ToArray();
            allowed[d] = values;
            units.Add(new SearchUnit(_space.Decisions[d].Name, new[] { d }, values.Select(v => new[] { v }).ToArray()));
        }
        var budgets = Budgets();
        if (_options.CellMethod == CellMethod.TrustRegion)
        {
            // Falls through to the pruned search when no architecture of the region meets the budgets.
            var region = TrustRegionBest(allowed, budgets.Length == 0 ? null : Feasible);
            if (region.Count > 0)
            {
                foreach (var (r, i) in region.Take(_options.BestCount).Select((r, i) => (r, i)))
                    result.Best.Add(Ranked(i + 1, "trust-region", r.Architecture, r.Predicted, null));
                FillCellModules(result, scored, region[0].Architecture);
                return true;
            }
        }
        var pruned = new PrunedSpace(_space, baseline, units);
        Report("searching", 0, 1);
        var (candidates, exhaustive) = MutationSearch.Run(pruned, Predict, budgets.Length == 0 ? null : Feasible, new SearchOptions(), random);
        if (candidates.Count == 0)
        {
            // Say what the smallest cost in the pruned space is, from the architectures examined.
            var examined = pruned.Size <= 50_000 ? pruned.Points().Select(pruned.At).OfType<Architecture>().ToList()
                : Enumerable.Range(0, 2000).Select(_ => pruned.At(pruned.RandomPoint(random))).OfType<Architecture>().ToList();
            var costs = Costs(examined);
            Infeasible(Enumerable.Range(0, budgets.Length).Select(r => costs.Min(c => c[r])).ToArray());
            return false;
        }
        var method = exhaustive ? "prune+exhaustive" : "prune+search";
        foreach (var (c, i) in candidates.Take(_options.BestCount).Select((c, i) => (c, i)))
            result.Best.Add(Ranked(i + 1, method, c.Architecture, c.Predicted, null));
        FillCellModules(result, scored, candidates[0].Architecture);
        return true;
    }

    /// <summary>The feasible architectures of the trust region, best first (by measured target for labelled
    /// architectures, prediction − margin otherwise), with the predictor's value.</summary>
    private List<(Architecture Architecture, double Predicted)> TrustRegionBest(IReadOnlyList<int[]?> allowed,
        Func<IReadOnlyList<Architecture>, bool[]>? feasible)
    {
        Report("trust region", 0, 1);
        var options = new TrustRegionOptions { Anchors = _options.TrustAnchors, Radius = _options.TrustRadius, Margin = _options.TrustMargin };
        var candidates = TrustRegion.Candidates(_space, _labels.Architectures, Targets, options, allowed);
        if (feasible is not null)
        {
            var ok = feasible(candidates);
            candidates = candidates.Where((_, i) => ok[i]).ToList();
        }
        if (candidates.Count == 0) return new();
        var predicted = Predict(candidates);
        var prediction = candidates.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => predicted[p.i]);
        var measured = _labels.Architectures.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => Targets[p.i]);
        return TrustRegion.Rank(candidates, predicted, measured, options.Margin)
            .Select(c => (c.Architecture, prediction[c.Architecture])).ToList();
    }

    private void FillCellModules(AutoBuildResult result, IReadOnlyList<ScoredModule> scored, Architecture best)
    {
        foreach (var group in scored.GroupBy(s => s.Module.GroupIndex).OrderBy(g => g.Key))
            result.Modules.AddRange(group.OrderByDescending(s => s.Score).Take(_options.ModulesPerGroup).Select((s, i) => ModuleEntry(s, i + 1)));
        result.Blocks.AddRange(BlockDescriber.Describe(_space, best, new Dictionary<string, double>()));
    }

    // ---- Shared pieces.

    private List<ImportanceEntry>? _importance;

    /// <summary>The target importance (computed once: cell pruning ranks values by it, the results report it).</summary>
    private List<ImportanceEntry> TargetImportance() => _importance ??= MarginalImportance.Compute(_space, Predict, _backgrounds, _options.Seed, Measured(Targets));

    private Dictionary<Architecture, double> Measured(double[] values) =>
        _labels.Architectures.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => values[p.i]);

    private void FillImportance(AutoBuildResult result)
    {
        result.Importance.AddRange(TargetImportance());
        if (_latency is TrainedPredictor latency)
            result.LatencyImportance.AddRange(MarginalImportance.Compute(_space, a => latency.Predict(a.Select(_encoder.Encode).ToArray()), _backgrounds, _options.Seed,
                Measured(_labels.Metric(_options.LatencyColumn!).Select(v => v!.Value).ToArray())));
        var scalars = _predictor.FeatureScalars().ToDictionary(f => (f.Feature, f.Value), f => f.Scalar);
        result.FeatureImportance.AddRange(Importance.Features(_space, _encoder.CategoricalFeatureOf, result.Importance,
            (f, v) => scalars.TryGetValue((f, v), out var x) ? x : null));
    }

    private Architecture BestLabelled()
    {
        var best = 0;
        for (var i = 1; i < Targets.Length; i++) if (Targets[i] > Targets[best]) best = i;
        return _labels.Architectures[best];
    }

    private double[] Predict(IReadOnlyList<Architecture> architectures)
    {
        var graphs = architectures.Select(_encoder.Encode).ToArray();
        var sum = _predictor.Predict(graphs);
        foreach (var member in _members)
        {
            var p = member.Predict(graphs);
            for (var i = 0; i < sum.Length; i++) sum[i] += p[i];
        }
        for (var i = 0; i < sum.Length; i++) sum[i] /= 1 + _members.Count;
        return sum;
    }

    /// <summary>The budgets in a fixed resource order: params, FLOPs, latency.</summary>
    private double[] Budgets() => new[] { _options.MaxParams, _options.MaxFlops, _options.MaxLatency }.OfType<double>().ToArray();

    private static readonly string[] ResourceNames = { "params", "FLOPs", "latency" };

    private string[] BudgetNames() =>
        new[] { (_options.MaxParams, ResourceNames[0]), (_options.MaxFlops, ResourceNames[1]), (_options.MaxLatency, ResourceNames[2]) }
            .Where(p => p.Item1 is not null).Select(p => p.Item2).ToArray();

    private (long Params, long Flops) Cost(Architecture a)
    {
        if (_costs.TryGetValue(a, out var c)) return c;
        var plan = _space.Instantiate(a); // once for both numbers (SearchSpace.Params/Flops each instantiate)
        return _costs[a] = (CostModel.Params(plan), CostModel.Flops(plan));
    }

    /// <summary>Cost vectors in <see cref="Budgets"/> order.</summary>
    private double[][] Costs(IReadOnlyList<Architecture> architectures)
    {
        var latency = _latency is null ? null : _latency.Predict(architectures.Select(_encoder.Encode).ToArray());
        var result = new double[architectures.Count][];
        for (var i = 0; i < architectures.Count; i++)
        {
            var list = new List<double>(3);
            if (_options.MaxParams is not null) list.Add(Cost(architectures[i]).Params);
            if (_options.MaxFlops is not null) list.Add(Cost(architectures[i]).Flops);
            if (latency is not null) list.Add(latency[i]);
            result[i] = list.ToArray();
        }
        return result;
    }

    private bool[] Feasible(IReadOnlyList<Architecture> architectures)
    {
        var budgets = Budgets();
        return Costs(architectures).Select(c => c.Select((x, r) => x <= budgets[r]).All(ok => ok)).ToArray();
    }

    private void Infeasible(double[]? smallest)
    {
        var names = BudgetNames();
        var budgets = Budgets();
        var parts = new List<string>();
        for (var r = 0; r < names.Length; r++)
            parts.Add(smallest is null
                ? string.Format(CultureInfo.InvariantCulture, "max {0} {1}", names[r], budgets[r])
                : string.Format(CultureInfo.InvariantCulture, "max {0} {1} (the smallest achievable is {2})", names[r], budgets[r], Math.Round(smallest[r], 6)));
        _diagnostics.Add(Diagnostic.Error(BuildCodes.Infeasible,
            $"no architecture of {_space.Name} satisfies the budget: {string.Join(", ", parts)}; raise the budget", SourceLocation.File("autobuild")));
    }

    private RankedArchitecture Ranked(int rank, string method, Architecture a, double predicted, double? score)
    {
        var (p, f) = Cost(a);
        var labelled = IndexOfLabelled(a);
        var entry = new RankedArchitecture
        {
            Rank = rank, Method = method, Arch = a.ToString(), Id = a.Id, Predicted = predicted,
            Measured = labelled >= 0 ? Targets[labelled] : null, Params = p, Flops = f, Score = score,
            Latency = _latency?.Predict(new[] { _encoder.Encode(a) })[0],
        };
        for (var d = 0; d < _space.Decisions.Count; d++)
            if (a[d] >= 0) entry.Decisions[_space.Decisions[d].Name] = _space.Decisions[d].Values[a[d]];
        return entry;
    }

    private Dictionary<Architecture, int>? _labelledIndex;

    private int IndexOfLabelled(Architecture a)
    {
        _labelledIndex ??= _labels.Architectures.Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
        return _labelledIndex.TryGetValue(a, out var i) ? i : -1;
    }

    private void FillLabelled(AutoBuildResult result)
    {
        var best = BestLabelled();
        result.BestLabelled = Ranked(1, "labelled", best, Predict(new[] { best })[0], null);
        var latency = _options.LatencyColumn is string col && _labels.HasColumn(col) ? _labels.Metric(col) : null;
        for (var i = 0; i < _labels.Architectures.Count; i++)
        {
            var (p, f) = Cost(_labels.Architectures[i]);
            result.Labelled.Add(new LabelledPoint { Arch = _labels.Architectures[i].ToString(), Target = Targets[i], Params = p, Flops = f, Latency = latency?[i] });
        }
    }

    private ModuleScore ModuleEntry(ScoredModule s, int rank)
    {
        var entry = new ModuleScore { Stage = s.Module.Group, Hops = s.Module.Hops, Rank = rank, Score = s.Score };
        for (var i = 0; i < s.Module.Decisions.Length; i++)
        {
            var d = s.Module.Decisions[i];
            if (s.Module.Choices[i] >= 0) entry.Decisions[_space.Decisions[d].Name] = _space.Decisions[d].Values[s.Module.Choices[i]];
        }
        return entry;
    }

    private void Report(string step, int done, int total) => _progress?.Report(new BuildProgress(step, done, total));

    /// <summary>Forwards training progress synchronously (System.Progress would post to the thread pool).</summary>
    private sealed class SyncProgress : IProgress<TrainingProgress>
    {
        private readonly IProgress<BuildProgress>? _inner;
        private readonly string _step;
        public SyncProgress(IProgress<BuildProgress>? inner, string step) { _inner = inner; _step = step; }
        public void Report(TrainingProgress value) => _inner?.Report(new BuildProgress(_step, value.Epoch, value.Epochs));
    }
}

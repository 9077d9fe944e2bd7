using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Build;

/// <summary>Turns a strategy's proposals into the answer, from the evidence:
/// measured values always win for labelled architectures; an unmeasured architecture ranks by the value it
/// exceeds with the selection confidence (<see cref="ImprovementEvidence"/>), so best[0] is an unmeasured
/// architecture only when it beats the best measured one with that confidence, and is otherwise the best
/// measured one. The unmeasured architectures with the highest expected improvement form the candidates.
/// Only architectures within the budgets (measured latency when labelled) are ever listed.</summary>
internal static class ResultAssembler
{
    public const double IntervalLevel = 0.9;

    public static bool Assemble(BuildRun run, Proposals proposals, AutoBuildResult result)
    {
        var pool = proposals.Architectures;
        var oracle = run.Oracle;
        var feasible = pool;
        if (oracle.HasBudgets)
        {
            run.Report("checking budgets", 0, 1);
            var costs = oracle.Costs(pool);
            proposals.Examined(costs);
            var budgets = oracle.Budgets;
            feasible = pool.Where((_, i) => costs[i].Select((c, r) => c <= budgets[r]).All(ok => ok)).ToList();
        }
        // Measured architectures are the labelled rows as written, each with its own target and (for a latency
        // budget) its own measured latency: measured values always win, also over an equivalent row's.
        var measured = run.LabelledTargets;
        var labelledFits = oracle.HasBudgets ? oracle.Feasible(run.Labels.Architectures) : null;
        var feasibleLabelled = run.Labels.Architectures.Where((_, i) => labelledFits is null || labelledFits[i]).ToList();
        if (feasible.Count == 0 && feasibleLabelled.Count == 0)
        {
            run.Infeasible(proposals.Smallest);
            return false;
        }

        var bestMeasured = feasibleLabelled.Count == 0 ? null
            : feasibleLabelled.Aggregate((best, a) => measured[a] > measured[best] ? a : best); // ties: first labelled
        var threshold = bestMeasured is null ? double.NegativeInfinity : measured[bestMeasured];
        // Proposals are canonical; one whose network is labelled (in any equivalent form) is measured.
        var unmeasured = feasible.Where(a => !run.MeasuredTargets.ContainsKey(a)).ToList();
        run.Report("predicting", 0, unmeasured.Count);
        var mean = run.Evidence.Predict(unmeasured);
        var selection = SelectionCalibration.For(run);
        var calibration = selection.Calibration;
        var confidence = run.Options.Confidence;
        var beats = new ImprovementEvidence(run, bestMeasured, feasibleLabelled, selection);
        beats.JudgeTopPick(unmeasured, mean, confidence);
        run.Improvement = beats;

        // Rank keys: measured target, or the value an unmeasured architecture exceeds with the confidence.
        // Ties: measured first, in label order (so a measured best[0] is bestLabelled), then by prediction and name.
        var entries = new List<(Architecture A, double Key, double Mean, int Order)>();
        for (var i = 0; i < feasibleLabelled.Count; i++) entries.Add((feasibleLabelled[i], measured[feasibleLabelled[i]], double.NaN, i));
        for (var i = 0; i < unmeasured.Count; i++) entries.Add((unmeasured[i], beats.Key(unmeasured[i], mean[i], confidence), mean[i], int.MaxValue));
        var ordered = entries.OrderByDescending(e => e.Key).ThenByDescending(e => double.IsNaN(e.Mean) ? double.PositiveInfinity : e.Mean)
            .ThenBy(e => e.Order).ThenBy(e => e.A.ToString(), StringComparer.Ordinal).Take(run.Options.BestCount).ToList();
        var meanOf = unmeasured.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => mean[p.i]);
        for (var i = 0; i < ordered.Count; i++)
            result.Best.Add(Entry(run, proposals, calibration, beats, i + 1, Method(proposals, ordered[i].A), ordered[i].A, meanOf, threshold));

        // Candidates: expected improvement over the best measured (over nothing: the prediction itself) times the
        // probability of fitting the budgets; under a latency budget they may fit only without the margin, with
        // probability ≥ CandidateFitProbability ("probable"). An unmeasured best[0] comes first: a user who
        // measures the candidates then measures the answer too.
        var (open, fit) = CandidatePool(run, pool, unmeasured, meanOf);
        var openMean = open.Select(a => meanOf[a]).ToArray();
        var acquisition = open.Select((_, i) => fit[i] * (double.IsNegativeInfinity(threshold) ? openMean[i] : calibration.ExpectedImprovement(openMean[i], threshold))).ToArray();
        var answer = open.IndexOf(ordered[0].A);
        var batch = CandidateBatch.Select(open, acquisition, openMean, run.Options.Candidates, first: answer >= 0 ? answer : null);
        var mutations = new HashSet<int>();
        batch = WithMutations(run, batch, open, acquisition, openMean, feasibleLabelled, mutations);
        foreach (var (index, rank) in batch.Select((index, r) => (index, r + 1)))
        {
            var method = mutations.Contains(index) ? MutationMethod : proposals.Method(open[index]);
            var entry = Entry(run, proposals, calibration, beats, rank, method, open[index], meanOf, threshold);
            if (index >= unmeasured.Count) entry.BudgetBasis = "probable";
            result.Candidates.Add(entry);
        }

        if (bestMeasured is not null) result.BestLabelled = Entry(run, proposals, calibration, beats, 1, "labelled", bestMeasured, meanOf, threshold);
        else run.Warn(BuildCodes.NoLabelledFits, "no labelled architecture satisfies the budget; best lists predicted architectures only");
        var top = unmeasured.Count == 0 || double.IsNegativeInfinity(threshold) ? (double?)null
            : beats.TopProbability(unmeasured, mean);
        result.Selection = new SelectionInfo
        {
            Rule = beats.Rule(confidence),
            Confidence = confidence,
            BestSource = measured.ContainsKey(ordered[0].A) ? "measured" : "predicted",
            BestBy = measured.ContainsKey(ordered[0].A) ? "measured"
                : beats.ByTopPick(ordered[0].A) ? "top-pick"
                : beats.LowerValue(ordered[0].A, ordered[0].Mean, confidence) >= threshold ? "probability" : "level",
            LevelRule = beats.LevelRule,
            TopPickRule = beats.TopPickRule,
            TopPickProbability = beats.TopPickProbability,
            RankCorrelation = beats.RankCorrelation,
            LabelsAtTop = beats.LabelsAtTop,
            EffectiveLabels = beats.EffectiveLabels,
            TopPickNeighbourDifference = beats.TopPickNeighbourDifference,
            CrowdingShare = beats.CrowdingShare,
            LabelsInCrowd = beats.LabelsInCrowd,
            CorrelationLabels = beats.CorrelationLabels,
            CandidateLabels = beats.CandidateLabels,
            TopPickRankProbability = beats.TopPickRankProbability,
            CandidatesAboveBest = beats.CandidatesAboveBest,
            MeasurementNoise = run.Labels.Noise?.StandardDeviation,
            NoiseDegreesOfFreedom = run.Labels.Noise?.DegreesOfFreedom,
            ReplicatedLabels = run.Labels.Noise?.Architectures,
            TopPickLevel = beats.TopPickLevel,
            MeanNoise = beats.MeanNoise,
            BestMeasured = bestMeasured is null ? null : threshold,
            TopProbability = top,
            EnsembleMembers = run.Evidence.Members,
            CalibrationResiduals = calibration.Count,
            CalibrationBias = calibration.Bias,
            CalibrationLabels = selection.Scope,
            NeighbourPairs = beats.PairCount,
            NeighbourPairDistance = beats.PairDistance,
            LatencyMargin = oracle.LatencyMargin,
            LatencyResiduals = run.Options.MaxLatency is not null ? oracle.LatencyResidualCount : 0,
            MergedEquivalent = run.MergedEquivalent,
            CoveredUpTo = beats.CoverageLimit,
        };
        result.Modules.AddRange(proposals.Modules);
        result.Blocks.AddRange(BlockDescriber.Describe(run.Space, ordered[0].A, proposals.StageScores(ordered[0].A)));
        return true;
    }

    /// <summary>The architectures candidates are chosen from, each with its probability of fitting the budgets: the
    /// unmeasured feasible ones, then (under a latency budget) the unmeasured proposals whose predicted latency fits
    /// only without the margin, with probability at least <see cref="CostOracle.CandidateFitProbability"/>; their
    /// mean predictions are added to <paramref name="meanOf"/>.</summary>
    private static (List<Architecture> Open, double[] Fit) CandidatePool(BuildRun run, IReadOnlyList<Architecture> pool,
        List<Architecture> unmeasured, Dictionary<Architecture, double> meanOf)
    {
        var oracle = run.Oracle;
        if (!oracle.HasBudgets) return (unmeasured, unmeasured.Select(_ => 1.0).ToArray());
        var feasible = new HashSet<Architecture>(unmeasured);
        var rest = pool.Where(a => !feasible.Contains(a) && !run.MeasuredTargets.ContainsKey(a)).Distinct().ToList();
        var restFit = oracle.FitProbability(rest);
        var probable = rest.Where((_, i) => restFit[i] >= CostOracle.CandidateFitProbability).ToList();
        var probableMean = run.Evidence.Predict(probable);
        for (var i = 0; i < probable.Count; i++) meanOf[probable[i]] = probableMean[i];
        var probableFit = restFit.Where(f => f >= CostOracle.CandidateFitProbability);
        return (unmeasured.Concat(probable).ToList(), oracle.FitProbability(unmeasured).Concat(probableFit).ToArray());
    }

    /// <summary>Under a latency budget, a share of the batch (<see cref="BuildOptions.NeighbourShare"/>, rounded) goes
    /// to one-decision mutations of the best measured architectures within the budget (by their measured latency),
    /// ranked like the rest (acquisition, kept diverse): regularised evolution's move, which stays next to
    /// architectures known to fit where the latency prediction alone would reach past the budget. They replace the
    /// lowest-ranked picks of <paramref name="batch"/>; with fewer such mutations in the pool the batch keeps its own.
    /// The indices of the mutations are added to <paramref name="mutations"/>.</summary>
    private static List<int> WithMutations(BuildRun run, List<int> batch, List<Architecture> open, double[] acquisition, double[] mean,
        List<Architecture> feasibleLabelled, HashSet<int> mutations)
    {
        if (run.Options.MaxLatency is null || feasibleLabelled.Count == 0) return batch;
        var count = run.Options.Candidates;
        var share = (int)Math.Round((run.Options.NeighbourShare ?? BuildOptions.DefaultNeighbourShare) * count, MidpointRounding.AwayFromZero);
        share = Math.Min(share, count);
        if (share <= 0) return batch;
        var keep = batch.Take(count - share).ToList();
        var index = open.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i);
        var measured = run.LabelledTargets;
        var parents = feasibleLabelled.OrderByDescending(a => measured[a]).Take(NeighbourParents);
        var sub = new List<int>();
        var seen = new HashSet<int>(keep);
        foreach (var parent in parents)
            foreach (var n in TrustRegion.Neighbours(run.Space, parent).Select(run.Space.Canonical))
                if (index.TryGetValue(n, out var i) && seen.Add(i)) sub.Add(i);
        var picks = CandidateBatch.Select(sub.Select(i => open[i]).ToList(), sub.Select(i => acquisition[i]).ToList(), sub.Select(i => mean[i]).ToList(),
            share, chosenBefore: keep.Select(i => open[i]).ToList()).Select(j => sub[j]).ToList();
        keep.AddRange(picks);
        mutations.UnionWith(picks);
        foreach (var i in batch)
            if (keep.Count < count && !keep.Contains(i)) keep.Add(i);
        return keep;
    }

    /// <summary>How many of the best measured architectures within the budget the REA-like candidates mutate.</summary>
    public const int NeighbourParents = 3;
    /// <summary>The <c>method</c> of a candidate chosen as a one-decision mutation of a measured architecture within the budget.</summary>
    public const string MutationMethod = "mutation";

    /// <summary>How an entry was found: "labelled" for a labelled row (which need not be canonical, so need not be a proposal).</summary>
    private static string Method(Proposals proposals, Architecture a) => proposals.Contains(a) ? proposals.Method(a) : "labelled";

    private static RankedArchitecture Entry(BuildRun run, Proposals proposals, ResidualCalibration calibration, ImprovementEvidence beats, int rank, string method, Architecture a,
        IReadOnlyDictionary<Architecture, double> meanOf, double threshold)
    {
        var (p, f) = run.Oracle.Exact(a);
        var isMeasured = run.LabelledTargets.TryGetValue(a, out var m);
        var predicted = meanOf.TryGetValue(a, out var mu) ? mu : run.Evidence.Predict(new[] { a })[0];
        var entry = new RankedArchitecture
        {
            Rank = rank, Method = method, Arch = a.ToString(), Id = a.Id, Predicted = predicted,
            Measured = isMeasured ? m : null, Params = p, Flops = f, Score = proposals.Score(a),
            Latency = run.Oracle.Latency(a), Source = isMeasured ? "measured" : "predicted", BudgetBasis = run.Oracle.Basis(a),
        };
        if (!isMeasured)
        {
            if (run.Oracle.HasBudgets) entry.FitProbability = run.Oracle.FitProbability(new[] { a })[0];
            var (lower, upper) = calibration.Interval(predicted, IntervalLevel);
            if (!double.IsInfinity(lower)) { entry.Lower = lower; entry.Upper = upper; }
            if (!double.IsNegativeInfinity(threshold))
            {
                entry.ProbabilityOfImprovement = beats.Probability(a, predicted);
                entry.ExpectedImprovement = calibration.ExpectedImprovement(predicted, threshold);
            }
        }
        for (var d = 0; d < run.Space.Decisions.Count; d++)
            if (a[d] >= 0) entry.Decisions[run.Space.Decisions[d].Name] = run.Space.Decisions[d].Values[a[d]];
        return entry;
    }
}

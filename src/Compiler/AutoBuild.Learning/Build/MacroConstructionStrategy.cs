using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Construction;
using AutoBuild.Learning.Scoring;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Build;

/// <summary>Macro spaces: stage modules scored by the predictor, one module per stage constructed by summed score
/// (exact knapsack under budgets, autobuild-method.md §5.1) for every combination of the global decisions, then
/// the predictor-guided search of the pruned space (the top-k modules per stage, §5.2), the neighbourhood of the
/// best measured architectures, and the whole space when it is small.</summary>
internal sealed class MacroConstructionStrategy : IProposalStrategy
{
    public bool Propose(BuildRun run, Proposals proposals)
    {
        var space = run.Space;
        var baseline = run.BestMeasured(feasibleOnly: true) ?? run.BestMeasured(feasibleOnly: false)!;
        run.Report("enumerating modules", 0, 1);
        var stageModules = ModuleEnumerator.StageModules(space, run.Encoder, baseline);
        var flat = stageModules.SelectMany(m => m).ToArray();
        run.Report("scoring modules", 0, flat.Length);
        var scored = ModuleScorer.Score(space, run.PrimaryPredict, flat, run.Backgrounds, run.Options.Seed);
        run.Scored = scored;
        run.Report("scoring modules", flat.Length, flat.Length);
        var stages = scored.GroupBy(s => s.Module.GroupIndex).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<ScoredModule>)g.OrderByDescending(s => s.Score).ToList()).ToList();
        foreach (var stage in stages)
            proposals.Modules.AddRange(stage.Take(run.Options.ModulesPerGroup).Select((s, i) => run.ModuleEntry(s, i + 1)));

        SharedProposals.Labelled(run, proposals);
        var budgets = run.Oracle.Budgets;
        var topK = run.Options.TopK ?? BuildOptions.DefaultStageTopK;
        // Unconstrained: the k-best product of the top-k modules per stage (the pruned space). Constrained: every
        // module is a candidate, because the budget may exclude all of the top k.
        var groups = budgets.Length == 0 ? stages.Select(s => (IReadOnlyList<ScoredModule>)s.Take(topK).ToList()).ToList() : stages;
        var method = budgets.Length == 0 ? "construct" : "construct-constrained";
        var additive = true;
        var constructed = new Dictionary<Architecture, ConstructedArchitecture>();
        foreach (var variant in GlobalVariants(space, baseline))
        {
            run.Report("constructing", 0, 1);
            var construction = MacroConstructor.Construct(space, variant, groups, run.Options.BestCount,
                budgets.Length == 0 ? null : run.Oracle.Costs, budgets, MacroConstructor.DefaultNodeLimit);
            additive &= construction.Additive;
            if (construction.Truncated)
                run.Warn(BuildCodes.ConstructionLimit, $"the constrained construction stopped after {MacroConstructor.DefaultNodeLimit:N0} knapsack steps; its result is the best found within that limit");
            if (construction.SmallestAchievable is double[] s) proposals.Examined(new[] { s });
            foreach (var b in construction.Best)
            {
                proposals.Add(b.Architecture, method, b.Score);
                constructed.TryAdd(b.Architecture, b);
            }
        }
        if (!additive)
            run.Warn(BuildCodes.NotAdditive, "stage costs are not additive in this space; every constructed architecture was re-checked with the whole-architecture cost");
        proposals.StageScores = a => constructed.TryGetValue(a, out var c)
            ? c.Modules.GroupBy(m => m.Module.Group, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Score, StringComparer.Ordinal)
            : new Dictionary<string, double>();

        // §5.2: the pruned space (top-k modules per stage, every value of the global decisions) searched with the predictor.
        var units = new List<SearchUnit>();
        foreach (var stage in stages)
        {
            var kept = stage.Take(topK).ToList();
            if (kept.Count == 0 || kept.Any(m => !m.Module.Decisions.SequenceEqual(kept[0].Module.Decisions))) continue;
            units.Add(new SearchUnit(kept[0].Module.Group, kept[0].Module.Decisions, kept.Select(m => m.Module.Choices).ToArray(), kept.Select(m => m.Score).ToArray()));
        }
        foreach (var d in StageConfigurations.GlobalDecisions(space).Where(d => baseline[d] >= 0 && space.Decisions[d].Values.Count > 1))
            units.Add(new SearchUnit(space.Decisions[d].Name, new[] { d }, Enumerable.Range(0, space.Decisions[d].Values.Count).Select(v => new[] { v }).ToArray()));
        if (units.Count > 0) SharedProposals.Search(run, proposals, new PrunedSpace(space, baseline, units));

        // Near the best measured architectures every value is allowed; radius 2 only while that stays small.
        SharedProposals.Neighbourhood(run, proposals, null, space.Decisions.Count <= 12 ? run.Options.TrustRadius : Math.Min(1, run.Options.TrustRadius));
        SharedProposals.WholeSpace(run, proposals);
        return true;
    }

    /// <summary>The baseline with every combination of the global decisions' values (at most 64 combinations;
    /// beyond that only the baseline's).</summary>
    private static IEnumerable<Architecture> GlobalVariants(SearchSpace space, Architecture baseline)
    {
        var globals = StageConfigurations.GlobalDecisions(space).Where(d => baseline[d] >= 0 && space.Decisions[d].Values.Count > 1).ToArray();
        var combos = globals.Aggregate(1L, (n, d) => n * space.Decisions[d].Values.Count);
        if (globals.Length == 0 || combos > 64) { yield return baseline; yield break; }
        var units = globals.Select(d => new SearchUnit(space.Decisions[d].Name, new[] { d },
            Enumerable.Range(0, space.Decisions[d].Values.Count).Select(v => new[] { v }).ToArray())).ToArray();
        var pruned = new PrunedSpace(space, baseline, units);
        foreach (var point in pruned.Points())
            if (pruned.At(point) is Architecture a) yield return a;
    }
}

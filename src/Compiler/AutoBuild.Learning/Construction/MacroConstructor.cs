using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Learning.Scoring;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Construction;

/// <summary>An architecture built from one module per stage.</summary>
public sealed class ConstructedArchitecture
{
    public ConstructedArchitecture(Architecture architecture, double score, ScoredModule[] modules)
    {
        Architecture = architecture; Score = score; Modules = modules;
    }

    public Architecture Architecture { get; }
    /// <summary>Sum of the chosen modules' scores.</summary>
    public double Score { get; }
    /// <summary>The chosen module of every stage, in stage order.</summary>
    public ScoredModule[] Modules { get; }
}

/// <summary>Costs of whole architectures, one array per architecture with one value per budgeted resource
/// (params, FLOPs, predicted latency), batched.</summary>
public delegate double[][] CostFunction(IReadOnlyList<Architecture> architectures);

/// <summary>The outcome of a construction: the best architectures, or why none fits.</summary>
public sealed class ConstructionResult
{
    public List<ConstructedArchitecture> Best { get; } = new();
    /// <summary>Per budgeted resource, the whole-architecture cost of the architecture made of every stage's cheapest
    /// module for it (set when nothing fits): the smallest any architecture achieves when costs are additive, and a
    /// cost some architecture has when they are not.</summary>
    public double[]? SmallestAchievable { get; set; }
    /// <summary>False when some checked architecture's true cost differed from the sum of its module costs.</summary>
    public bool Additive { get; set; } = true;
    /// <summary>True when a work limit stopped the knapsack search: the result is feasible but not proven optimal.</summary>
    public bool Truncated { get; set; }
}

/// <summary>Macro construction (autobuild-method.md §5.1): one module per stage. Without budgets, the k best
/// combinations by summed module score (the first is the top module of every stage; the rest the top-k product
/// ordered by summed score). With budgets, the stage choice is an exact multiple-choice knapsack: a module's cost
/// is the cost of the baseline architecture with that stage replaced minus the baseline's cost, which is exact
/// when stage costs are additive (stage boundaries fix the channel counts). Each knapsack solution is re-checked
/// with the true cost of the whole architecture; if non-additivity makes one exceed a budget, more solutions are
/// drawn (k grows fourfold, up to 4,096) so the result is still the best verified-feasible architectures.</summary>
public static class MacroConstructor
{
    /// <summary>Knapsack steps (branch-and-bound nodes plus items examined) one construction may take over all its solves (a few seconds at
    /// most); construction never runs unbounded.</summary>
    public const long DefaultNodeLimit = 2_000_000;

    public static ConstructionResult Construct(SearchSpace space, Architecture baseline, IReadOnlyList<IReadOnlyList<ScoredModule>> stages,
        int k, CostFunction? cost = null, double[]? budgets = null, long maxNodes = DefaultNodeLimit)
    {
        var result = new ConstructionResult();
        budgets ??= Array.Empty<double>();
        if (budgets.Length > 0 && cost is null) throw new ArgumentException("Budgets need a cost function.", nameof(cost));
        var resources = budgets.Length;

        double[] baseCost = Array.Empty<double>();
        var groups = new List<IReadOnlyList<KnapsackItem>>();
        if (resources == 0)
            groups.AddRange(stages.Select(st => (IReadOnlyList<KnapsackItem>)st.Select(m => new KnapsackItem(m.Score, Array.Empty<double>())).ToArray()));
        else
        {
            var variants = new List<Architecture> { baseline };
            foreach (var st in stages) variants.AddRange(st.Select(m => Apply(space, baseline, m.Module)));
            var costs = cost!(variants);
            baseCost = costs[0];
            var at = 1;
            foreach (var st in stages)
            {
                var items = new KnapsackItem[st.Count];
                for (var i = 0; i < st.Count; i++, at++)
                    items[i] = new KnapsackItem(st[i].Score, costs[at].Select((c, r) => c - baseCost[r]).ToArray());
                groups.Add(items);
            }
        }
        // The knapsack sees the budgets minus the baseline's cost (module costs are relative to it).
        var relative = budgets.Select((b, r) => b - baseCost[r]).ToArray();

        // One node limit for every solve: when non-additive costs reject knapsack solutions, k grows and the knapsack
        // is solved again, which must not multiply the work.
        var nodesLeft = maxNodes;
        for (var want = k; ; want *= 4)
        {
            var solutions = MultipleChoiceKnapsack.Solve(groups, relative, want, nodesLeft, out var truncated, out var nodes);
            nodesLeft -= nodes;
            result.Truncated |= truncated;
            var verified = new List<ConstructedArchitecture>();
            var built = solutions.Select(s => Build(space, baseline, stages, s)).ToList();
            if (resources > 0)
            {
                var trueCosts = cost!(built.Select(b => b.Architecture).ToList());
                for (var i = 0; i < built.Count && verified.Count < k; i++)
                {
                    var estimated = solutions[i].Costs.Select((c, r) => c + baseCost[r]).ToArray();
                    if (Enumerable.Range(0, resources).Any(r => Math.Abs(trueCosts[i][r] - estimated[r]) > 1e-6 * Math.Max(1, Math.Abs(estimated[r]))))
                        result.Additive = false;
                    if (Enumerable.Range(0, resources).All(r => trueCosts[i][r] <= budgets[r])) verified.Add(built[i]);
                }
            }
            else verified.AddRange(built.Take(k));
            // A solve stopped by the node limit may verify fewer than the complete solve before it: keep the better list.
            if (!truncated || verified.Count >= result.Best.Count)
            {
                result.Best.Clear();
                result.Best.AddRange(verified);
            }
            if (result.Best.Count >= k || solutions.Count < want || want >= 4096 || truncated || nodesLeft <= 0) break;
        }
        if (result.Best.Count == 0 && resources > 0)
        {
            // Per resource, the architecture of every stage's cheapest module, at its whole-architecture cost: the
            // sum of module costs is no architecture's cost when costs are not additive (it went negative).
            var cheapest = Enumerable.Range(0, resources).Select(r => Build(space, baseline, stages,
                new KnapsackSolution(groups.Select(g => Enumerable.Range(0, g.Count).MinBy(i => g[i].Costs[r])).ToArray(), 0, new double[resources])).Architecture).ToList();
            var costs = cost!(cheapest);
            result.SmallestAchievable = Enumerable.Range(0, resources).Select(r => costs[r][r]).ToArray();
        }
        return result;
    }

    /// <summary>The baseline with one module's decisions applied.</summary>
    public static Architecture Apply(SearchSpace space, Architecture baseline, Module module)
    {
        var choices = baseline.Choices.ToArray();
        for (var i = 0; i < module.Decisions.Length; i++) choices[module.Decisions[i]] = module.Choices[i];
        return space.Create(choices);
    }

    private static ConstructedArchitecture Build(SearchSpace space, Architecture baseline, IReadOnlyList<IReadOnlyList<ScoredModule>> stages, KnapsackSolution solution)
    {
        var chosen = solution.Items.Select((j, s) => stages[s][j]).ToArray();
        var choices = baseline.Choices.ToArray();
        foreach (var m in chosen)
            for (var i = 0; i < m.Module.Decisions.Length; i++) choices[m.Module.Decisions[i]] = m.Module.Choices[i];
        return new ConstructedArchitecture(space.Create(choices), solution.Score, chosen);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Learning.Construction;

/// <summary>One option of a knapsack group: a score to maximise and one cost per resource.</summary>
public readonly struct KnapsackItem
{
    public KnapsackItem(double score, double[] costs) { Score = score; Costs = costs; }
    public double Score { get; }
    public double[] Costs { get; }
}

/// <summary>A choice of one item per group.</summary>
public sealed class KnapsackSolution
{
    internal KnapsackSolution(int[] items, double score, double[] costs) { Items = items; Score = score; Costs = costs; }
    /// <summary>Index of the chosen item in each group.</summary>
    public IReadOnlyList<int> Items { get; }
    public double Score { get; }
    public double[] Costs { get; }
}

/// <summary>Exact multiple-choice knapsack: choose one item per group maximising the summed score subject to
/// Σ cost_r ≤ budget_r for every resource r; returns the k best solutions (best first).
/// Method: depth-first branch and bound over the groups. Each group's items are visited in descending score
/// order; a branch is cut when its upper bound cannot beat the k-th best solution found so far. The bound for
/// the remaining groups is, per resource, the LP relaxation of the single-resource MCKP (Dyer–Zemel: take each
/// group's cheapest item, then the upper-convex-hull increments in decreasing slope order, the last one
/// fractionally), precomputed per suffix of groups so a bound costs one binary search; the minimum over the
/// resources is still a valid bound. Every bound is an upper bound on what the branch can reach, so the search
/// is exact with respect to the objective. Among equal scores the solution found first (higher-scoring items in
/// earlier groups) wins, deterministically.</summary>
public static class MultipleChoiceKnapsack
{
    public static IReadOnlyList<KnapsackSolution> Solve(IReadOnlyList<IReadOnlyList<KnapsackItem>> groups, double[] budgets, int k = 1)
        => Solve(groups, budgets, k, long.MaxValue, out _);

    /// <summary>As <see cref="Solve(IReadOnlyList{IReadOnlyList{KnapsackItem}}, double[], int)"/>, but stops after
    /// <paramref name="maxNodes"/> branch-and-bound nodes (then <paramref name="truncated"/> is true and the
    /// solutions are the best found so far, still feasible but no longer proven optimal).</summary>
    public static IReadOnlyList<KnapsackSolution> Solve(IReadOnlyList<IReadOnlyList<KnapsackItem>> groups, double[] budgets, int k,
        long maxNodes, out bool truncated) => Solve(groups, budgets, k, maxNodes, out truncated, out _);

    /// <summary>As above, and says how many branch-and-bound nodes it visited (callers share one limit across solves).</summary>
    public static IReadOnlyList<KnapsackSolution> Solve(IReadOnlyList<IReadOnlyList<KnapsackItem>> groups, double[] budgets, int k,
        long maxNodes, out bool truncated, out long nodes)
    {
        truncated = false;
        nodes = 0;
        if (groups is null) throw new ArgumentNullException(nameof(groups));
        if (budgets is null) throw new ArgumentNullException(nameof(budgets));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k));
        var g = groups.Count;
        var r = budgets.Length;
        foreach (var group in groups)
        {
            if (group.Count == 0) return Array.Empty<KnapsackSolution>();
            foreach (var item in group)
                if (item.Costs.Length != r) throw new ArgumentException("Every item needs one cost per budget.", nameof(groups));
        }
        // Shift every group's costs so its cheapest item costs 0 (costs may be negative, e.g. module costs relative
        // to a baseline): with non-negative costs a partial sum over budget can be cut. The budgets shift alike.
        budgets = (double[])budgets.Clone();
        var shifted = new List<IReadOnlyList<KnapsackItem>>(g);
        foreach (var group in groups)
        {
            var min = new double[r];
            for (var res = 0; res < r; res++) min[res] = group.Min(x => x.Costs[res]);
            for (var res = 0; res < r; res++) budgets[res] -= min[res];
            shifted.Add(group.Select(x => new KnapsackItem(x.Score, x.Costs.Select((c, res) => c - min[res]).ToArray())).ToArray());
        }
        var original = groups;
        groups = shifted;
        // Per group, only the items dominated by fewer than k others can be in a k-best solution.
        var order = new int[g][];
        var reduced = new IReadOnlyList<KnapsackItem>[g];
        for (var i = 0; i < g; i++)
        {
            order[i] = Undominated(groups[i], k);
            reduced[i] = order[i].Select(j => groups[i][j]).ToArray();
        }
        var bounds = new SuffixBound[g + 1][];
        for (var i = 0; i <= g; i++)
        {
            bounds[i] = new SuffixBound[Math.Max(r, 1)];
            for (var res = 0; res < Math.Max(r, 1); res++)
                bounds[i][res] = new SuffixBound(reduced, i, r == 0 ? -1 : res);
        }
        var search = new Search(groups, budgets, k, order, bounds, maxNodes);
        search.Run();
        truncated = search.Truncated;
        nodes = search.Nodes;
        // Report costs in the callers' units.
        return search.Results().Select(sol => new KnapsackSolution(sol.Items.ToArray(), sol.Score,
            Enumerable.Range(0, r).Select(res => sol.Items.Select((j, i) => original[i][j].Costs[res]).Sum()).ToArray())).ToArray();
    }

    /// <summary>Item indices by descending score (then ascending total cost, then index), without the items
    /// that k earlier items dominate (score ≥ and every cost ≤): replacing such an item by each of its dominators
    /// gives k solutions at least as good, so it is in no k-best solution. Dominators of a dropped item's
    /// dominators dominate it too, so counting kept items suffices.</summary>
    private static int[] Undominated(IReadOnlyList<KnapsackItem> group, int k)
    {
        var sorted = Enumerable.Range(0, group.Count)
            .OrderByDescending(j => group[j].Score).ThenBy(j => group[j].Costs.Sum()).ThenBy(j => j).ToArray();
        var kept = new List<int>();
        foreach (var j in sorted)
        {
            var dominators = 0;
            var costs = group[j].Costs;
            foreach (var q in kept)
            {
                var other = group[q].Costs;
                var dominates = true;
                for (var r = 0; r < costs.Length && dominates; r++) dominates = other[r] <= costs[r];
                if (dominates && ++dominators >= k) break;
            }
            if (dominators < k) kept.Add(j);
        }
        return kept.ToArray();
    }

    private sealed class Search
    {
        private readonly IReadOnlyList<IReadOnlyList<KnapsackItem>> _groups;
        private readonly double[] _budgets;
        private readonly int _k;
        private readonly int[][] _order;
        private readonly SuffixBound[][] _bounds;
        private readonly int[] _chosen;
        private readonly double[] _spent;
        // The k best so far, worst first (a small sorted list: k is small).
        private readonly List<KnapsackSolution> _best = new();

        private readonly long _maxNodes;
        private long _nodes;

        public Search(IReadOnlyList<IReadOnlyList<KnapsackItem>> groups, double[] budgets, int k, int[][] order, SuffixBound[][] bounds, long maxNodes)
        {
            _groups = groups; _budgets = budgets; _k = k; _order = order; _bounds = bounds; _maxNodes = maxNodes;
            _chosen = new int[groups.Count];
            _spent = new double[budgets.Length];
        }

        private double Threshold => _best.Count < _k ? double.NegativeInfinity : _best[0].Score;

        public void Run() => Visit(0, 0);

        /// <summary>The node limit stopped the search before it was exhaustive.</summary>
        public bool Truncated { get; private set; }
        public long Nodes => Math.Min(_nodes, _maxNodes);

        public IReadOnlyList<KnapsackSolution> Results()
        {
            var list = new List<KnapsackSolution>(_best);
            list.Reverse();
            return list;
        }

        private double Bound(int group)
        {
            var bound = double.PositiveInfinity;
            foreach (var b in _bounds[group])
            {
                var remaining = b.Resource < 0 ? double.PositiveInfinity : _budgets[b.Resource] - _spent[b.Resource];
                bound = Math.Min(bound, b.Max(remaining));
            }
            return bound;
        }

        private void Visit(int group, double score)
        {
            // A deterministic work limit (never wall time, so results do not depend on the machine).
            if (++_nodes > _maxNodes) { Truncated = true; return; }
            if (group == _groups.Count)
            {
                Offer(score);
                return;
            }
            var items = _groups[group];
            foreach (var j in _order[group])
            {
                var item = items[j];
                // Sorted by score: once even an unconstrained rest cannot beat the threshold, no later item can.
                if (score + item.Score + _bounds[group + 1][0].Unconstrained <= Threshold) break;
                var fits = true;
                for (var res = 0; res < _spent.Length; res++)
                    if (_spent[res] + item.Costs[res] > _budgets[res]) { fits = false; break; }
                if (!fits) continue;
                for (var res = 0; res < _spent.Length; res++) _spent[res] += item.Costs[res];
                var bound = score + item.Score + Bound(group + 1);
                if (bound > Threshold)
                {
                    _chosen[group] = j;
                    Visit(group + 1, score + item.Score);
                }
                for (var res = 0; res < _spent.Length; res++) _spent[res] -= item.Costs[res];
            }
        }

        private void Offer(double score)
        {
            if (score <= Threshold) return; // an equal score does not displace the one found first
            var solution = new KnapsackSolution((int[])_chosen.Clone(), score, (double[])_spent.Clone());
            // Insert keeping worst-first order; among equal scores the later-found one counts as worse.
            var at = 0;
            while (at < _best.Count && _best[at].Score < score) at++;
            _best.Insert(at, solution);
            if (_best.Count > _k) _best.RemoveAt(0);
        }
    }

    /// <summary>Upper bound on the summed score of groups [first, end) given a budget of one resource: the LP
    /// relaxation of the single-resource MCKP, precomputed as cheapest-items cost/score plus hull increments
    /// sorted by decreasing slope with prefix sums.</summary>
    private sealed class SuffixBound
    {
        private readonly double _baseCost, _baseScore;
        private readonly double[] _cumCost, _cumScore, _slope;

        public SuffixBound(IReadOnlyList<IReadOnlyList<KnapsackItem>> groups, int first, int resource)
        {
            Resource = resource;
            var increments = new List<(double Cost, double Score)>();
            for (var i = first; i < groups.Count; i++)
            {
                var group = groups[i];
                Unconstrained += group.Max(x => x.Score);
                if (resource < 0) continue;
                // Upper convex hull of (cost, score) starting at the cheapest item (best score among the cheapest).
                var pts = group.Select(x => (C: x.Costs[resource], S: x.Score)).OrderBy(p => p.C).ThenByDescending(p => p.S).ToList();
                var hull = new List<(double C, double S)>();
                foreach (var p in pts)
                {
                    if (hull.Count > 0 && p.S <= hull[hull.Count - 1].S) continue; // dominated
                    while (hull.Count >= 2)
                    {
                        var a = hull[hull.Count - 2];
                        var b = hull[hull.Count - 1];
                        // b lies on or below the segment a→p: drop it.
                        if ((b.S - a.S) * (p.C - a.C) <= (p.S - a.S) * (b.C - a.C)) hull.RemoveAt(hull.Count - 1);
                        else break;
                    }
                    hull.Add(p);
                }
                _baseCost += hull[0].C;
                _baseScore += hull[0].S;
                for (var h = 1; h < hull.Count; h++) increments.Add((hull[h].C - hull[h - 1].C, hull[h].S - hull[h - 1].S));
            }
            if (resource < 0) { _baseScore = Unconstrained; _cumCost = _cumScore = _slope = Array.Empty<double>(); return; }
            // Decreasing slope; a zero-cost increment has infinite slope (only possible with equal costs, which the hull removes).
            increments.Sort((x, y) => (y.Score * x.Cost).CompareTo(x.Score * y.Cost));
            _cumCost = new double[increments.Count];
            _cumScore = new double[increments.Count];
            _slope = new double[increments.Count];
            double c = 0, s = 0;
            for (var i = 0; i < increments.Count; i++)
            {
                c += increments[i].Cost; s += increments[i].Score;
                _cumCost[i] = c; _cumScore[i] = s;
                _slope[i] = increments[i].Score / increments[i].Cost;
            }
        }

        public int Resource { get; }
        /// <summary>Sum of the groups' best scores (the bound without any budget).</summary>
        public double Unconstrained { get; }

        public double Max(double budget)
        {
            if (Resource < 0) return Unconstrained;
            var left = budget - _baseCost;
            // Tolerance for the floating-point sum of costs, so a bound never cuts an exactly fitting solution.
            if (left < -1e-9 * Math.Max(1, Math.Abs(_baseCost))) return double.NegativeInfinity;
            if (left < 0) left = 0;
            // Largest prefix of increments that fits, plus a fraction of the next one.
            int lo = 0, hi = _cumCost.Length; // number of whole increments taken
            while (lo < hi)
            {
                var mid = (lo + hi + 1) / 2;
                if (_cumCost[mid - 1] <= left) lo = mid; else hi = mid - 1;
            }
            var score = _baseScore + (lo > 0 ? _cumScore[lo - 1] : 0);
            if (lo < _cumCost.Length) score += (left - (lo > 0 ? _cumCost[lo - 1] : 0)) * _slope[lo];
            // Guard against rounding in the prefix sums.
            return score + 1e-9 * (Math.Abs(score) + 1);
        }
    }
}

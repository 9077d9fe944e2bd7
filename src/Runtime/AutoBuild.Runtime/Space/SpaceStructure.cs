using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoBuild.Runtime;

/// <summary>The condition forest of a space with the completion counts that make size and sampling exact.
/// Immutable once built; built lazily once per space.</summary>
internal sealed class SpaceStructure
{
    public SpaceStructure(SearchSpace space)
    {
        var n = space.Decisions.Count;
        var children = new List<int>[n];
        for (var d = 0; d < n; d++) children[d] = new List<int>();
        var roots = new List<int>();
        for (var d = 0; d < n; d++)
        {
            var condition = space.Decisions[d].ActiveWhen;
            if (condition is null) { roots.Add(d); continue; }
            var c = condition.Decision;
            if (c < 0 || c >= n || c == d)
                throw new InvalidOperationException($"Decision '{space.Decisions[d].Name}' has an activity condition on decision #{c}, which does not exist.");
            foreach (var v in condition.Choices)
                if (v < 0 || v >= space.Decisions[c].Values.Count)
                    throw new InvalidOperationException($"Decision '{space.Decisions[d].Name}' is conditioned on choice #{v} of '{space.Decisions[c].Name}', which does not exist.");
            children[c].Add(d);
        }

        // Topological order (controllers first), stable by declaration index.
        var order = new List<int>(n);
        var placed = new bool[n];
        var queue = new SortedSet<int>(roots);
        while (queue.Count > 0)
        {
            var d = queue.Min;
            queue.Remove(d);
            placed[d] = true;
            order.Add(d);
            foreach (var c in children[d]) queue.Add(c);
        }
        if (order.Count != n)
        {
            var stuck = new List<string>();
            for (var d = 0; d < n; d++) if (!placed[d]) stuck.Add(space.Decisions[d].Name);
            throw new InvalidOperationException("Cyclic activity conditions between decisions " + string.Join(", ", stuck) + ".");
        }

        Children = new int[n][];
        Conditions = new int[n][];
        for (var d = 0; d < n; d++)
        {
            Children[d] = children[d].ToArray();
            var condition = space.Decisions[d].ActiveWhen;
            Conditions[d] = condition is null ? Array.Empty<int>() : new List<int>(condition.Choices).ToArray();
        }
        Roots = roots.ToArray();
        Order = order.ToArray();

        // Counts bottom-up (reverse topological order).
        ActiveCount = new BigInteger[n];
        ChoiceWeights = new BigInteger[n][];
        for (var i = n - 1; i >= 0; i--)
        {
            var d = Order[i];
            var values = space.Decisions[d].Values.Count;
            var weights = new BigInteger[values];
            var total = BigInteger.Zero;
            for (var v = 0; v < values; v++)
            {
                var w = BigInteger.One;
                foreach (var c in Children[d])
                    if (Array.IndexOf(Conditions[c], v) >= 0) w *= ActiveCount[c];
                weights[v] = w;
                total += w;
            }
            ChoiceWeights[d] = weights;
            ActiveCount[d] = total;
        }
        var size = BigInteger.One;
        foreach (var r in Roots) size *= ActiveCount[r];
        Size = size;
    }

    /// <summary>Decisions with no condition.</summary>
    public int[] Roots { get; }
    /// <summary>Decisions whose condition names this decision.</summary>
    public int[][] Children { get; }
    /// <summary>Per decision, the controller's choices that activate it (empty for roots).</summary>
    public int[][] Conditions { get; }
    /// <summary>All decisions, every controller before the decisions it controls, otherwise declaration order.</summary>
    public int[] Order { get; }
    /// <summary>Number of valid completions of a decision's subtree given that the decision is active.</summary>
    public BigInteger[] ActiveCount { get; }
    /// <summary>Per decision and choice: the number of subtree completions with that choice.</summary>
    public BigInteger[][] ChoiceWeights { get; }
    public BigInteger Size { get; }
}

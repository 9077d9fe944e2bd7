using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Threading;

namespace AutoBuild.Runtime;

// Validity, activity and the exact size of a space.
//
// Activity conditions form a forest: a decision has at most one controlling decision. The number of valid
// architectures below an active decision d is
//     count(d) = sum over choices v of d of  prod over children c of d:  (v activates c ? count(c) : 1)
// (an inactive child contributes exactly one completion: it and its whole subtree are -1), and the size of
// the space is the product of count(root) over the roots. The same per-choice weights drive uniform sampling.
public sealed partial class SearchSpace
{
    private SpaceStructure? _structure;

    /// <summary>The exact number of valid architectures, respecting activity conditions
    /// (e.g. depth 2–4 with 9 block choices per layer gives 9²+9³+9⁴ per stage).</summary>
    public BigInteger Size => Structure.Size;

    /// <summary>Whether decision <paramref name="decision"/> is active under <paramref name="choices"/>: it has no
    /// condition, or its controller is itself active and takes one of the listed choices.</summary>
    public bool IsActive(int decision, IReadOnlyList<int> choices)
    {
        var guard = 0;
        while (true)
        {
            var condition = Decisions[decision].ActiveWhen;
            if (condition is null) return true;
            var controller = condition.Decision;
            if (!Contains(condition.Choices, choices[controller])) return false;
            decision = controller;
            if (++guard > Decisions.Count) throw new InvalidOperationException($"Cyclic activity conditions through decision '{Decisions[decision].Name}'.");
        }
    }

    /// <summary>Whether <paramref name="choices"/> is an architecture of this space: one entry per decision, every
    /// active decision has a choice in range, every inactive one is -1.</summary>
    public bool IsValid(IReadOnlyList<int> choices, out string? error)
    {
        if (choices.Count != Decisions.Count)
        {
            error = string.Format(CultureInfo.InvariantCulture, "expected {0} choices, got {1}", Decisions.Count, choices.Count);
            return false;
        }
        for (var d = 0; d < Decisions.Count; d++)
        {
            var decision = Decisions[d];
            var c = choices[d];
            if (IsActive(d, choices))
            {
                if (c < 0 || c >= decision.Values.Count)
                {
                    error = c < 0
                        ? $"decision '{decision.Name}' is active but has no value"
                        : string.Format(CultureInfo.InvariantCulture, "decision '{0}' has choice {1}, but only {2} values exist", decision.Name, c, decision.Values.Count);
                    return false;
                }
            }
            else if (c != -1)
            {
                error = $"decision '{decision.Name}' is inactive ({DescribeCondition(d)}) but has value '{ValueText(d, c)}'";
                return false;
            }
        }
        error = DagProblem(choices);
        return error is null;
    }

    /// <summary>The architecture with these choices, or an <see cref="ArgumentException"/> saying why they are invalid.</summary>
    public Architecture Create(IReadOnlyList<int> choices)
    {
        if (!IsValid(choices, out var error)) throw new ArgumentException($"Not an architecture of {Name}: {error}.", nameof(choices));
        return new Architecture(this, choices);
    }

    /// <summary>"active when s1.depth is 3 or 4", for messages.</summary>
    public string DescribeCondition(int decision)
    {
        var condition = Decisions[decision].ActiveWhen;
        if (condition is null) return "always active";
        var controller = Decisions[condition.Decision];
        var values = new List<string>();
        foreach (var c in condition.Choices)
            values.Add(c >= 0 && c < controller.Values.Count ? controller.Values[c] : "#" + c.ToString(CultureInfo.InvariantCulture));
        return $"active when {controller.Name} is {string.Join(" or ", values)}";
    }

    private string ValueText(int decision, int choice) =>
        choice >= 0 && choice < Decisions[decision].Values.Count ? Decisions[decision].Values[choice] : "#" + choice.ToString(CultureInfo.InvariantCulture);

    private static bool Contains(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return true;
        return false;
    }

    internal SpaceStructure Structure
    {
        get
        {
            var s = Volatile.Read(ref _structure);
            if (s is not null) return s;
            s = new SpaceStructure(this);
            Interlocked.CompareExchange(ref _structure, s, null);
            return _structure!;
        }
    }

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
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Search;

/// <summary>One independently chosen part of a pruned space: a set of decisions and the assignments it may take.
/// A macro stage (its kept stage modules), a global decision, or a single cell decision (its kept values).</summary>
public sealed class SearchUnit
{
    public SearchUnit(string name, int[] decisions, IReadOnlyList<int[]> assignments, IReadOnlyList<double>? scores = null)
    {
        if (assignments.Count == 0) throw new ArgumentException($"Unit '{name}' has no assignment.", nameof(assignments));
        Name = name; Decisions = decisions; Assignments = assignments; Scores = scores;
    }

    public string Name { get; }
    /// <summary>Decision indices the unit sets.</summary>
    public int[] Decisions { get; }
    /// <summary>Allowed choice vectors (one choice per entry of <see cref="Decisions"/>, -1 = inactive), best first.</summary>
    public IReadOnlyList<int[]> Assignments { get; }
    /// <summary>Module score of each assignment, when it came from module scoring.</summary>
    public IReadOnlyList<double>? Scores { get; }
}

/// <summary>The product of the units' assignments on top of a base architecture (decisions no unit sets keep the
/// base's choices). Points are addressed by one assignment index per unit.</summary>
public sealed class PrunedSpace
{
    public PrunedSpace(SearchSpace space, Architecture baseline, IReadOnlyList<SearchUnit> units)
    {
        Space = space; Baseline = baseline; Units = units;
        Size = units.Aggregate(BigInteger.One, (s, u) => s * u.Assignments.Count);
    }

    public SearchSpace Space { get; }
    public Architecture Baseline { get; }
    public IReadOnlyList<SearchUnit> Units { get; }
    public BigInteger Size { get; }

    /// <summary>The architecture at one assignment index per unit. Decisions the units' controllers switch off are
    /// cleared; null when a decision they switch on has no value (units whose activity conditions interact).</summary>
    public Architecture? At(IReadOnlyList<int> point)
    {
        var choices = new int[Space.Decisions.Count];
        for (var d = 0; d < choices.Length; d++) choices[d] = Baseline[d];
        for (var u = 0; u < Units.Count; u++)
        {
            var unit = Units[u];
            var assignment = unit.Assignments[point[u]];
            for (var i = 0; i < unit.Decisions.Length; i++) choices[unit.Decisions[i]] = assignment[i];
        }
        var active = new bool[choices.Length];
        for (var d = 0; d < choices.Length; d++) active[d] = Space.IsActive(d, choices);
        for (var d = 0; d < choices.Length; d++) if (!active[d]) choices[d] = -1;
        return Space.IsValid(choices, out _) ? new Architecture(Space, choices) : null;
    }

    /// <summary>Every point, first unit varying slowest.</summary>
    public IEnumerable<int[]> Points()
    {
        var point = new int[Units.Count];
        if (Size.IsZero) yield break;
        while (true)
        {
            yield return (int[])point.Clone();
            var u = Units.Count - 1;
            while (u >= 0 && ++point[u] == Units[u].Assignments.Count) point[u--] = 0;
            if (u < 0) yield break;
        }
    }

    public int[] RandomPoint(Random random)
    {
        var point = new int[Units.Count];
        for (var u = 0; u < point.Length; u++) point[u] = random.Next(Units[u].Assignments.Count);
        return point;
    }

    /// <summary>Each unit with more than one assignment is replaced by a different random assignment with
    /// probability <paramref name="rate"/>; at least one unit always changes (autobuild-method.md §5.2).</summary>
    public int[] Mutate(IReadOnlyList<int> parent, Random random, double rate = 0.5)
    {
        var child = parent.ToArray();
        var mutable = Enumerable.Range(0, Units.Count).Where(u => Units[u].Assignments.Count > 1).ToArray();
        if (mutable.Length == 0) return child;
        var changed = false;
        foreach (var u in mutable)
            if (random.NextDouble() < rate) { child[u] = Other(u, child[u], random); changed = true; }
        if (!changed)
        {
            var u = mutable[random.Next(mutable.Length)];
            child[u] = Other(u, child[u], random);
        }
        return child;
    }

    private int Other(int unit, int current, Random random)
    {
        var v = random.Next(Units[unit].Assignments.Count - 1);
        return v >= current ? v + 1 : v;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Scoring;

/// <summary>The background architectures scores are averaged over: a seeded subset of the labelled architectures, so
/// that "the mean target of architectures with X" is taken over the distribution the labels come from (uniform for
/// NAS-Bench-201, depth-uniform for OFA-style samples...). <see cref="Substitute"/> puts a choice or a module into a
/// background; decisions that the substitution activates are filled from the values the labels use for them.</summary>
public sealed class Backgrounds
{
    private readonly SearchSpace _space;
    private readonly double[][] _cumulative;

    /// <param name="architectures">The labelled architectures (duplicates are ignored).</param>
    /// <param name="max">At most this many are kept (a seeded uniform subset, in a seeded order).</param>
    public Backgrounds(SearchSpace space, IReadOnlyList<Architecture> architectures, int max, int seed)
    {
        if (architectures.Count == 0) throw new ArgumentException("At least one background architecture is needed.", nameof(architectures));
        _space = space;
        var distinct = architectures.Distinct().ToArray();
        var random = new Random(seed);
        for (var i = 0; i < distinct.Length - 1; i++)
        {
            var j = i + random.Next(distinct.Length - i);
            (distinct[i], distinct[j]) = (distinct[j], distinct[i]);
        }
        Items = distinct.Take(Math.Max(1, max)).ToArray();
        // Fill distribution per decision: how often the labels use each value where it is active, plus one (so a
        // value the labels never use can still be drawn).
        _cumulative = new double[space.Decisions.Count][];
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            var counts = Enumerable.Repeat(1.0, space.Decisions[d].Values.Count).ToArray();
            foreach (var a in distinct) if (a[d] >= 0) counts[a[d]]++;
            var total = counts.Sum();
            var acc = 0.0;
            _cumulative[d] = counts.Select(c => acc += c / total).ToArray();
        }
    }

    public IReadOnlyList<Architecture> Items { get; }

    /// <summary><paramref name="background"/> with <paramref name="decisions"/> set to <paramref name="choices"/>
    /// (-1 = inactive), every other decision kept where it stays active, cleared where it becomes inactive and drawn
    /// where it becomes active. Null when the result is not an architecture of the space (e.g. a DAG constraint).</summary>
    public Architecture? Substitute(Architecture background, IReadOnlyList<int> decisions, IReadOnlyList<int> choices, Random random)
    {
        var c = background.Choices.ToArray();
        var fixedByModule = new bool[c.Length];
        for (var i = 0; i < decisions.Count; i++) { c[decisions[i]] = choices[i]; fixedByModule[decisions[i]] = true; }
        // Activity conditions form a forest of shallow depth: repeat until nothing changes.
        for (var pass = 0; pass <= c.Length; pass++)
        {
            var changed = false;
            for (var d = 0; d < c.Length; d++)
            {
                if (fixedByModule[d]) continue;
                var active = _space.IsActive(d, c);
                if (active && c[d] < 0) { c[d] = Draw(d, random); changed = true; }
                else if (!active && c[d] >= 0) { c[d] = -1; changed = true; }
            }
            if (!changed) break;
        }
        return _space.IsValid(c, out _) ? new Architecture(_space, c) : null;
    }

    private int Draw(int decision, Random random)
    {
        var u = random.NextDouble();
        var cumulative = _cumulative[decision];
        for (var v = 0; v < cumulative.Length - 1; v++) if (u < cumulative[v]) return v;
        return cumulative.Length - 1;
    }
}

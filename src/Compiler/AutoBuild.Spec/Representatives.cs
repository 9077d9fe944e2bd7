using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Spec;

/// <summary>Particular architectures of a space: first/last values, each value of each decision, and the largest;
/// used to check shapes and to show a representative network.</summary>
public static class Representatives
{
    /// <summary>The architecture with choice <c>pick(decision)</c> for every active decision (inactive ones -1).</summary>
    public static Architecture With(SearchSpace space, Func<int, int> pick)
    {
        var choices = new int[space.Decisions.Count];
        for (var d = 0; d < choices.Length; d++)
        {
            var condition = space.Decisions[d].ActiveWhen;
            var active = condition is null || (choices[condition.Decision] >= 0 && Contains(condition.Choices, choices[condition.Decision]));
            choices[d] = active ? Math.Min(Math.Max(0, pick(d)), space.Decisions[d].Values.Count - 1) : -1;
        }
        return new Architecture(space, choices);
    }

    /// <summary>Every decision at its last value: for ordered numeric domains the largest network.</summary>
    public static Architecture Last(SearchSpace space) => With(space, d => space.Decisions[d].Values.Count - 1);

    public static Architecture First(SearchSpace space) => With(space, _ => 0);

    /// <summary>A chain input → 1 → 2 → … → output with op choice <paramref name="op"/> on every vertex: a valid point
    /// of a DAG space (whose all-first and all-last points have no edges or too many).</summary>
    public static Architecture Chain(SearchSpace space, int op) => With(space, i => Chain(space.Decisions[i], op));

    /// <summary>The DAG where vertices 1..k form a chain from the input and each of them also feeds the output: the
    /// most vertices that can share the output's channels within max_edges (2k edges), so the narrowest vertex widths.
    /// k = 0 is the single edge input -> output, buildable under any max_edges.</summary>
    public static Architecture Fan(SearchSpace space, int k, int op) => With(space, i =>
    {
        var d = space.Decisions[i];
        if (d.Role == DecisionRole.NodeOp) return op;
        if (d.Role != DecisionRole.Adjacency) return 0;
        var (from, to, output) = (d.Site.From ?? 0, d.Site.To ?? 0, DagOutput(space));
        return (to == from + 1 && to <= k) || (to == output && from <= k && (from >= 1 || k == 0)) ? 1 : 0;
    });

    /// <summary>The output vertex of a DAG space (its largest edge target).</summary>
    private static int DagOutput(SearchSpace space) =>
        space.Decisions.Where(d => d.Role == DecisionRole.Adjacency).Select(d => d.Site.To ?? 0).DefaultIfEmpty(0).Max();

    /// <summary><see cref="Last"/> (or <see cref="First"/>); in a DAG space where that graph is not buildable, the chain
    /// of vertices with the last (first) op, or when even that has too many edges, the single edge input -> output.</summary>
    public static Architecture Valid(SearchSpace space, bool last)
    {
        var corner = last ? Last(space) : First(space);
        if (space.Kind != SpaceKind.Dag || space.IsValid(corner.Choices, out _)) return corner;
        var chain = Chain(space, last ? int.MaxValue : 0);
        return space.IsValid(chain.Choices, out _) ? chain : Fan(space, 0, last ? int.MaxValue : 0);
    }

    /// <summary>Architectures that together try every value of every decision, with a note saying which.</summary>
    internal static IEnumerable<(Architecture Architecture, string Why)> ForShapeCheck(SearchSpace space)
    {
        yield return (First(space), "with every decision at its first value");
        if (space.Kind == SpaceKind.Dag)
        {
            // Most corner points of a DAG space are invalid graphs; a chain input -> 1 -> 2 -> ... -> output with each op is not.
            var ops = space.Decisions.Where(d => d.Role == DecisionRole.NodeOp).Select(d => d.Values.Count).DefaultIfEmpty(1).Max();
            for (var v = 0; v < ops; v++)
            {
                var value = v;
                yield return (Chain(space, value), $"with a chain of vertices, op choice {v + 1}");
                var maxEdges = space.DagTemplates.Select(t => t.MaxEdges).DefaultIfEmpty(0).Min();
                var fan = Math.Min(DagOutput(space) - 1, maxEdges / 2);
                if (fan >= 1) yield return (Fan(space, fan, value), $"with {fan} vertices feeding the output, op choice {v + 1}");
            }
        }
        yield return (Last(space), "with every decision at its last value");
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            var decision = space.Decisions[d];
            for (var v = 0; v < decision.Values.Count; v++)
            {
                var target = d;
                var value = v;
                foreach (var high in new[] { false, true })
                {
                    var architecture = With(space, i => i == target ? value : high ? space.Decisions[i].Values.Count - 1 : 0);
                    if (architecture[d] == v) yield return (architecture, $"with {decision.Name}={decision.Values[v]}");
                }
            }
        }
    }

    private static int Chain(Decision d, int op) =>
        d.Role == DecisionRole.Adjacency ? (d.Site.To - d.Site.From == 1 ? 1 : 0) : d.Role == DecisionRole.NodeOp ? op : 0;

    private static bool Contains(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return true;
        return false;
    }
}

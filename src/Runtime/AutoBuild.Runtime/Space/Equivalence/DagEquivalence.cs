using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime;

// NAS-Bench-101-style DAG spaces (docs/generated-code.md, "Canonical"): the equivalence of NAS-Bench-101's graph
// hash. Vertices off every input→output path are pruned (they do not reach the output, or receive nothing), and
// isomorphic graphs with the same vertex ops are one network. The representative: the pruned graph placed into the
// template's vertex positions (input and output fixed, interior vertices in any order that keeps every edge
// pointing forward), unused positions with no edges and their first op, choosing the placement with the smallest
// choice vector. Two isomorphic graphs have the same set of placements, so the same representative.
internal sealed class DagEquivalence : IArchitectureEquivalence
{
    private readonly SearchSpace _space;
    private readonly int _vertices;
    private readonly int[] _opDecision;                    // [interior vertex v − 1]
    private readonly Dictionary<(int, int), int> _edge = new(); // (from, to) → decision
    private readonly int[] _present, _absent;             // [decision]: choice index of true / false (edge decisions)
    private readonly int[][] _placements;                 // interior vertices 1..n−2 → positions, every permutation

    private DagEquivalence(SearchSpace space, DagTemplate dag, int[] opDecision, int[] present, int[] absent)
    {
        _space = space; _vertices = dag.Vertices; _opDecision = opDecision; _present = present; _absent = absent;
        foreach (var e in dag.Edges) _edge[(e.From, e.To)] = e.Present.Decision;
        _placements = CellEquivalence.Permutations(Enumerable.Range(1, Math.Max(0, _vertices - 2)).ToArray()).ToArray();
    }

    public static DagEquivalence? TryCreate(SearchSpace space)
    {
        if (space.Kind != SpaceKind.Dag || space.Network is null) return null;
        var dags = LayerTree.Nested(space.Network.Body).OfType<DagLayer>().Select(d => d.Dag).ToList();
        if (dags.Count == 0 || dags.Any(d => !ReferenceEquals(d, dags[0]))) return null;
        var dag = dags[0];
        if (dag.Vertices > 8) return null; // placements grow factorially; no equivalence claimed beyond that
        var present = Enumerable.Repeat(-1, space.Decisions.Count).ToArray();
        var absent = Enumerable.Repeat(-1, space.Decisions.Count).ToArray();
        var seen = new HashSet<(int, int)>();
        foreach (var e in dag.Edges)
        {
            // Every edge a free yes/no decision of its own, pointing forward.
            if (!e.Present.IsChoice || e.From >= e.To || !seen.Add((e.From, e.To))) return null;
            var options = e.Present.Options;
            present[e.Present.Decision] = IndexOf(options, true);
            absent[e.Present.Decision] = IndexOf(options, false);
            if (present[e.Present.Decision] < 0 || absent[e.Present.Decision] < 0) return null;
        }
        // Every possible forward edge must exist, else a placement could need an edge the template lacks; every
        // interior vertex's op a decision with the same values, so moving a vertex moves its op, not a meaning.
        if (seen.Count != dag.Vertices * (dag.Vertices - 1) / 2) return null;
        var ops = new int[dag.Vertices - 2];
        for (var v = 0; v < ops.Length; v++)
        {
            if (dag.VertexOps[v] is not ChoiceLayer choice) return null;
            ops[v] = choice.Decision;
        }
        if (ops.Any(d => !space.Decisions[d].Values.SequenceEqual(space.Decisions[ops[0]].Values))) return null;
        if (ops.Distinct().Count() != ops.Length || ops.Any(d => present[d] >= 0)) return null;
        return new DagEquivalence(space, dag, ops, present, absent);
    }

    private static int IndexOf(IReadOnlyList<bool> options, bool value)
    {
        for (var i = 0; i < options.Count; i++) if (options[i] == value) return i;
        return -1;
    }

    /// <summary>Never: a graph with no input-to-output path is no architecture of the space, and no layer here passes only zeros.</summary>
    public bool IgnoresInput(Architecture a) => false;

    public Architecture Canonical(Architecture a)
    {
        var n = _vertices;
        var edge = new bool[n, n];
        foreach (var e in _edge) edge[e.Key.Item1, e.Key.Item2] = a[e.Value] == _present[e.Value];
        // Pruning as the instantiator does it: keep the vertices on some input→output path.
        var fromInput = new bool[n];
        fromInput[0] = true;
        for (var v = 0; v < n; v++)
            if (fromInput[v]) for (var w = v + 1; w < n; w++) fromInput[w] |= edge[v, w];
        var toOutput = new bool[n];
        toOutput[n - 1] = true;
        for (var v = n - 1; v >= 0; v--)
            for (var w = v + 1; w < n; w++) toOutput[v] |= edge[v, w] && toOutput[w];
        if (!fromInput[n - 1]) return a; // invalid: nothing to canonicalise
        var kept = Enumerable.Range(0, n).Where(v => fromInput[v] && toOutput[v]).ToArray();

        int[]? best = null;
        foreach (var placement in _placements)
        {
            // placement[i − 1] is the position of interior vertex i; pruned vertices' positions stay unused.
            int Position(int v) => v == 0 || v == n - 1 ? v : placement[v - 1];
            var choices = a.Choices.ToArray();
            foreach (var d in _edge.Values) choices[d] = _absent[d];
            foreach (var d in _opDecision) choices[d] = 0;
            var ok = true;
            foreach (var v in kept)
            {
                if (v != 0 && v != n - 1) choices[_opDecision[Position(v) - 1]] = a[_opDecision[v - 1]];
                foreach (var w in kept)
                {
                    if (w <= v || !edge[v, w]) continue;
                    if (Position(v) >= Position(w)) { ok = false; break; }
                    var d = _edge[(Position(v), Position(w))];
                    choices[d] = _present[d];
                }
                if (!ok) break;
            }
            if (ok && (best is null || CellEquivalence.Less(choices, best))) best = choices;
        }
        return best is null || best.SequenceEqual(a.Choices) ? a : new Architecture(_space, best);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime;

// Function-preserving equivalence of architectures (docs/generated-code.md, "Canonical"): two architectures that
// compute the same function have the same canonical representative. Defined for summing cell spaces
// (NAS-Bench-201 style) whose every decision is the op of one cell edge. Each node's value is written as an
// expression: the input is "0"; a zero op, or any op on a node that carries only zeros, contributes nothing
// (dead-op pruning); an identity op passes its source's expression on; any other op wraps it ("(e)@op"); a node
// is the sorted sum of its terms (node order and relabelling do not matter: isomorphic cells get one expression).
// The output node's expression identifies the function. When the space can be enumerated (up to 200,000
// architectures), the representative is the architecture with the smallest choice vector among those with the
// same expression; beyond that, the structural form is used: dead edges set to the zero op, then the
// lexicographically smallest choice vector over the order-preserving relabellings of the intermediate nodes.
// DAG spaces (NAS-Bench-101): see DagEquivalence.cs. Every other space has no equivalence beyond
// identity: Canonical returns its argument.

/// <summary>The equivalence of summing cell spaces (see above).</summary>
internal sealed class CellEquivalence : IArchitectureEquivalence
{
    private readonly SearchSpace _space;
    private readonly int _nodes;
    private readonly (int From, int To, int Decision)[] _edges;
    private readonly bool[][] _zero;   // [decision][value]: the option is a zero op
    private readonly int[] _zeroValue; // [decision]: the first zero option
    private readonly Dictionary<(int, int), int> _decisionOfEdge = new();
    private readonly int[][] _relabellings;
    private readonly bool[][] _identity; // [decision][value]: the option passes its input on unchanged
    private readonly bool _cellOnEveryPath;
    private Dictionary<string, int[]>? _representatives;
    private bool _representativesResolved;

    private CellEquivalence(SearchSpace space, CellTemplate cell, (int, int, int)[] edges, bool[][] zero, bool[][] identity)
    {
        _space = space; _nodes = cell.Nodes; _edges = edges; _zero = zero; _identity = identity;
        _cellOnEveryPath = space.Network is { } network && OnEveryPath(network.Body);
        _zeroValue = zero.Select(z => Array.IndexOf(z, true)).ToArray();
        foreach (var (from, to, d) in edges) _decisionOfEdge[(from, to)] = d;
        // Permutations of the intermediate nodes 1..n−2 (input and output stay).
        var middle = Enumerable.Range(1, Math.Max(0, _nodes - 2)).ToArray();
        _relabellings = Permutations(middle).Select(p => new[] { 0 }.Concat(p).Concat(new[] { _nodes - 1 }).ToArray()).ToArray();
    }

    public static CellEquivalence? TryCreate(SearchSpace space)
    {
        if (space.Kind != SpaceKind.Cell || space.Network is null) return null;
        var cells = LayerTree.Nested(space.Network.Body).OfType<CellLayer>().Select(c => c.Cell).ToList();
        if (cells.Count == 0 || cells.Any(c => c.Combine != CombineKind.Sum)) return null;
        var cell = cells.FirstOrDefault(c => !c.Reducing) ?? cells[0];
        if (cell.Nodes > 7) return null; // relabellings grow factorially; no equivalence claimed beyond that
        // In a reducing cell an identity op on an edge leaving the input is a strided projection, so a path through
        // it is not the path without it: with any reducing cell placed, only zeros and relabelling are folded.
        var identityFolds = !cells.Any(c => c.Reducing);
        var edges = new List<(int, int, int)>();
        var zero = new bool[space.Decisions.Count][];
        var identity = new bool[space.Decisions.Count][];
        foreach (var e in cell.Edges)
        {
            if (e.Op is not ChoiceLayer choice || zero[choice.Decision] is not null || e.From >= e.To) return null;
            zero[choice.Decision] = choice.Options.Select(o => o is ZeroLayer).ToArray();
            identity[choice.Decision] = choice.Options.Select(o => identityFolds && o is IdentityLayer).ToArray();
            edges.Add((e.From, e.To, choice.Decision));
        }
        // Every decision must be one edge's op (then the edge ops fully describe the architecture), with a zero op,
        // the same options on every edge (so relabelling moves an op, not a meaning), in every cell placed.
        if (zero.Any(z => z is null || !z.Contains(true))) return null;
        if (space.Decisions.Any(d => !d.Values.SequenceEqual(space.Decisions[0].Values))) return null;
        if (cells.Any(c => !ReferenceEquals(c, cell) && !SameEdges(c, cell))) return null;
        return new CellEquivalence(space, cell, edges.ToArray(), zero!, identity!);
    }

    private static bool SameEdges(CellTemplate a, CellTemplate b) =>
        a.Nodes == b.Nodes && a.Edges.Count == b.Edges.Count && a.Edges.Zip(b.Edges, (x, y) =>
            x.From == y.From && x.To == y.To && x.Op is ChoiceLayer cx && y.Op is ChoiceLayer cy && cx.Decision == cy.Decision).All(ok => ok);

    public Architecture Canonical(Architecture a)
    {
        var representatives = Representatives();
        var result = representatives is null ? Structural(a) : representatives[Expression(a.Choices)];
        return result.SequenceEqual(a.Choices) ? a : new Architecture(_space, result);
    }

    /// <summary>The cell's output node receives only zeros (every edge into it is a zero op or leaves a node that
    /// carries only zeros) and a cell lies on every path of the network, so the output is the same for every input.</summary>
    public bool IgnoresInput(Architecture a) => _cellOnEveryPath && Expression(a.Choices) == "#";

    /// <summary>Whether every path through <paramref name="layer"/> passes a cell: a cell, or a sequence with such a
    /// layer. Residuals (their shortcut), stages (their depth) and choices are not entered: a path may bypass a cell there.</summary>
    private static bool OnEveryPath(Layer layer) => layer switch
    {
        CellLayer => true,
        SequenceLayer s => s.Children.Any(OnEveryPath),
        _ => false,
    };

    /// <summary>The output node's expression (see the file comment).</summary>
    private string Expression(IReadOnlyList<int> choices)
    {
        var value = new string?[_nodes]; // null: only zeros
        value[0] = "0";
        for (var node = 1; node < _nodes; node++)
        {
            var terms = new List<string>();
            foreach (var (from, to, d) in _edges)
            {
                if (to != node || value[from] is null || _zero[d][choices[d]]) continue;
                terms.Add(_identity[d][choices[d]] ? value[from]! : "(" + value[from] + ")@" + _space.Decisions[d].Values[choices[d]]);
            }
            terms.Sort(StringComparer.Ordinal);
            value[node] = terms.Count == 0 ? null : string.Join("+", terms);
        }
        return value[_nodes - 1] ?? "#";
    }

    /// <summary>Expression → smallest choice vector with it, for spaces that can be enumerated.</summary>
    private Dictionary<string, int[]>? Representatives()
    {
        if (_representativesResolved) return _representatives;
        lock (this)
        {
            if (!_representativesResolved)
            {
                if (_space.CanEnumerate(200_000))
                {
                    var map = new Dictionary<string, int[]>(StringComparer.Ordinal);
                    foreach (var a in _space.Enumerate())
                    {
                        var key = Expression(a.Choices);
                        if (!map.TryGetValue(key, out var best) || Less(a.Choices.ToArray(), best)) map[key] = a.Choices.ToArray();
                    }
                    _representatives = map;
                }
                _representativesResolved = true;
            }
        }
        return _representatives;
    }

    private int[] Structural(Architecture a)
    {
        var choices = a.Choices.ToArray();
        bool Zero(int d) => _zero[d][choices[d]];
        // Nodes carrying a non-zero signal from the input (edges are in topological order: From < To).
        var live = new bool[_nodes];
        live[0] = true;
        foreach (var (from, to, d) in _edges.OrderBy(e => e.To)) if (live[from] && !Zero(d)) live[to] = true;
        // Nodes whose value reaches the output.
        var useful = new bool[_nodes];
        useful[_nodes - 1] = true;
        foreach (var (from, to, d) in _edges.OrderByDescending(e => e.From)) if (useful[to] && !Zero(d)) useful[from] = true;
        foreach (var (from, to, d) in _edges)
            if (!Zero(d) && !(live[from] && useful[to])) choices[d] = _zeroValue[d];
        // Zero ops are interchangeable among themselves.
        foreach (var (_, _, d) in _edges) if (Zero(d)) choices[d] = _zeroValue[d];

        int[]? best = null;
        foreach (var map in _relabellings)
        {
            var relabelled = new int[choices.Length];
            for (var d = 0; d < relabelled.Length; d++) relabelled[d] = _zeroValue[d];
            var ok = true;
            foreach (var (from, to, d) in _edges)
            {
                if (Zero(d)) continue;
                if (!_decisionOfEdge.TryGetValue((map[from], map[to]), out var target)) { ok = false; break; }
                relabelled[target] = choices[d];
            }
            if (ok && (best is null || Less(relabelled, best))) best = relabelled;
        }
        return best ?? choices;
    }

    internal static bool Less(int[] x, int[] y)
    {
        for (var i = 0; i < x.Length; i++) if (x[i] != y[i]) return x[i] < y[i];
        return false;
    }

    internal static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items.ToArray(); yield break; }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var p in Permutations(rest)) yield return new[] { items[i] }.Concat(p).ToArray();
        }
    }
}

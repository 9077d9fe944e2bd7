using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime;

// Validity, activity and the exact size of a space.
//
// Activity conditions form a forest: a decision has at most one controlling decision. The number of valid
// architectures below an active decision d is
//     count(d) = sum over choices v of d of  prod over children c of d:  (v activates c ? count(c) : 1)
// (an inactive child contributes exactly one completion: it and its whole subtree are -1), and the size of
// the space is the product of count(root) over the roots. The same per-choice weights drive uniform sampling.
//
// NAS-Bench-101 style DAG spaces: not every assignment of the edge decisions is a graph that can be built. A graph
// without an input→output path, or with more than max_edges edges once the vertices off every such path are pruned,
// is not an architecture. IsValid says so, and sampling, mutation and enumeration only return buildable graphs.

/// <summary>Which assignments of a space's decisions are architectures (activity conditions, buildable DAGs), and
/// every architecture in order: behind <see cref="SearchSpace.IsValid"/>, <see cref="SearchSpace.Size"/> and
/// <see cref="SearchSpace.Enumerate"/>.</summary>
internal sealed class ArchitectureRules
{
    private readonly SearchSpace _space;
    private readonly DagTemplate[] _dags;
    private SpaceStructure? _structure;

    public ArchitectureRules(SearchSpace space)
    {
        _space = space;
        _dags = FindDags(space.Network);
    }

    public bool IsActive(int decision, IReadOnlyList<int> choices)
    {
        var guard = 0;
        while (true)
        {
            var condition = _space.Decisions[decision].ActiveWhen;
            if (condition is null) return true;
            var controller = condition.Decision;
            if (!Contains(condition.Choices, choices[controller])) return false;
            decision = controller;
            if (++guard > _space.Decisions.Count) throw new InvalidOperationException($"Cyclic activity conditions through decision '{_space.Decisions[decision].Name}'.");
        }
    }

    public bool IsValid(IReadOnlyList<int> choices, out string? error)
    {
        if (choices.Count != _space.Decisions.Count)
        {
            error = string.Format(CultureInfo.InvariantCulture, "expected {0} choices, got {1}", _space.Decisions.Count, choices.Count);
            return false;
        }
        for (var d = 0; d < _space.Decisions.Count; d++)
        {
            var decision = _space.Decisions[d];
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

    public string DescribeCondition(int decision)
    {
        var condition = _space.Decisions[decision].ActiveWhen;
        if (condition is null) return "always active";
        var controller = _space.Decisions[condition.Decision];
        var values = new List<string>();
        foreach (var c in condition.Choices)
            values.Add(c >= 0 && c < controller.Values.Count ? controller.Values[c] : "#" + c.ToString(CultureInfo.InvariantCulture));
        return $"active when {controller.Name} is {string.Join(" or ", values)}";
    }

    private string ValueText(int decision, int choice) =>
        choice >= 0 && choice < _space.Decisions[decision].Values.Count ? _space.Decisions[decision].Values[choice] : "#" + choice.ToString(CultureInfo.InvariantCulture);

    private static bool Contains(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return true;
        return false;
    }

    /// <summary>The condition forest with its completion counts, built on first use.</summary>
    public SpaceStructure Structure
    {
        get
        {
            var s = Volatile.Read(ref _structure);
            if (s is not null) return s;
            s = new SpaceStructure(_space);
            Interlocked.CompareExchange(ref _structure, s, null);
            return _structure!;
        }
    }

    public IReadOnlyList<DagTemplate> DagTemplates => _dags;

    public bool HasStructuralConstraints => _dags.Length > 0;

    /// <summary>Null when every DAG of the network is buildable under <paramref name="choices"/>, else why not.</summary>
    public string? DagProblem(IReadOnlyList<int> choices)
    {
        foreach (var dag in _dags)
        {
            var present = new bool[dag.Vertices, dag.Vertices];
            foreach (var e in dag.Edges)
            {
                var p = e.Present;
                var c = p.Decision < 0 ? -1 : choices[p.Decision];
                present[e.From, e.To] = p.Decision < 0 ? p.Constant : c >= 0 && p.Options[c];
            }
            if (dag.Prune(present, out _, out var problem) is null) return problem;
        }
        return null;
    }

    private static DagTemplate[] FindDags(Network? network)
    {
        var found = new List<DagTemplate>();
        if (network is null) return found.ToArray();
        var stack = new Stack<Layer>();
        stack.Push(network.Body);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case DagLayer d:
                    if (!found.Contains(d.Dag)) found.Add(d.Dag);
                    break;
                case SequenceLayer s:
                    foreach (var c in s.Children) stack.Push(c);
                    break;
                case ResidualLayer r:
                    stack.Push(r.Body);
                    if (r.Shortcut is not null) stack.Push(r.Shortcut);
                    break;
                case ChoiceLayer c:
                    foreach (var o in c.Options) stack.Push(o);
                    break;
                case StageLayer st:
                    foreach (var l in st.Layers) stack.Push(l);
                    break;
            }
        }
        return found.ToArray();
    }

    /// <summary>Draws until <paramref name="draw"/> gives a buildable graph. Structural rejections do not count
    /// against a caller's filter budget; a space where (nearly) no assignment is a graph fails with a message.</summary>
    public Architecture Buildable(Func<Architecture> draw)
    {
        for (var t = 0; t < SearchSpace.MaxStructuralDraws; t++)
        {
            var a = draw();
            if (DagProblem(a.Choices) is null) return a;
        }
        throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
            "None of {0} random assignments of {1}'s decisions was a buildable DAG (an input->output path with at most max_edges edges after pruning); raise max_edges or use fewer nodes.",
            SearchSpace.MaxStructuralDraws, _space.Name));
    }

    public IEnumerable<Architecture> Enumerate()
    {
        var order = Structure.Order;
        var choices = new int[_space.Decisions.Count];
        ResetFrom(order, 0, choices);
        while (true)
        {
            if (!HasStructuralConstraints || DagProblem(choices) is null) yield return new Architecture(_space, choices);
            var i = order.Length - 1;
            while (i >= 0 && (choices[order[i]] < 0 || choices[order[i]] == _space.Decisions[order[i]].Values.Count - 1)) i--;
            if (i < 0) yield break;
            choices[order[i]]++;
            ResetFrom(order, i + 1, choices);
        }
    }

    /// <summary>Sets every decision from position <paramref name="start"/> of the order to its first value when
    /// active, to -1 when not (controllers come first in the order, so their values are already final).</summary>
    private void ResetFrom(int[] order, int start, int[] choices)
    {
        for (var j = start; j < order.Length; j++)
            choices[order[j]] = IsActive(order[j], choices) ? 0 : -1;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime;

// NAS-Bench-101 style DAG spaces: not every assignment of the edge decisions is a graph that can be built. A graph
// without an input→output path, or with more than max_edges edges once the vertices off every such path are pruned,
// is not an architecture. IsValid says so, and sampling, mutation and enumeration only return buildable graphs.
public sealed partial class SearchSpace
{
    private DagTemplate[]? _dags;

    /// <summary>The DAG templates the network places (none for macro and cell spaces).</summary>
    public IReadOnlyList<DagTemplate> DagTemplates => Dags;

    private DagTemplate[] Dags => _dags ??= FindDags();

    /// <summary>Whether some assignments of this space's decisions are not architectures (DAG spaces), so that
    /// <see cref="Size"/> counts raw assignments and is an upper bound on the number of architectures.</summary>
    public bool HasStructuralConstraints => Dags.Length > 0;

    /// <summary>Null when every DAG of the network is buildable under <paramref name="choices"/>, else why not.</summary>
    private string? DagProblem(IReadOnlyList<int> choices)
    {
        foreach (var dag in Dags)
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

    private DagTemplate[] FindDags()
    {
        var found = new List<DagTemplate>();
        if (Network is null) return found.ToArray();
        var stack = new Stack<Layer>();
        stack.Push(Network.Body);
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
    private Architecture Buildable(Func<Architecture> draw)
    {
        for (var t = 0; t < MaxStructuralDraws; t++)
        {
            var a = draw();
            if (DagProblem(a.Choices) is null) return a;
        }
        throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
            "None of {0} random assignments of {1}'s decisions was a buildable DAG (an input->output path with at most max_edges edges after pruning); raise max_edges or use fewer nodes.",
            MaxStructuralDraws, Name));
    }

    /// <summary>Random assignments tried per draw before giving up on a DAG space (NAS-Bench-101 accepts ~3 in 4).</summary>
    public const int MaxStructuralDraws = 100_000;
}

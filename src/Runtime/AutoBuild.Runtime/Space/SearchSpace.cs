using System;
using System.Collections.Generic;

namespace AutoBuild.Runtime;

/// <summary>The three kinds of space the spec language describes.</summary>
public enum SpaceKind
{
    /// <summary>A fixed skeleton around stages of blocks (OFA, NAS-Bench-Macro, ResNet).</summary>
    Macro,
    /// <summary>A DAG cell with an op choice per edge, repeated in a skeleton (NAS-Bench-201).</summary>
    Cell,
    /// <summary>A general DAG with op per node and adjacency as decisions (NAS-Bench-101).</summary>
    Dag,
}

/// <summary>The semantic model of a search space (the IR): decisions with domains and activity conditions,
/// plus the network template that turns an <see cref="Architecture"/> into a layer plan.
/// Built by the spec front end, or by generated code as a C# literal.</summary>
public sealed partial class SearchSpace
{
    private readonly Dictionary<string, int> _index;

    public SearchSpace(string name, string? @namespace, SpaceKind kind, IReadOnlyList<Decision> decisions)
    {
        Name = name;
        Namespace = @namespace;
        Kind = kind;
        Decisions = decisions;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < decisions.Count; i++) _index.Add(decisions[i].Name, i);
    }

    /// <summary>The C# type name of the space.</summary>
    public string Name { get; }
    /// <summary>The C# namespace from the spec, or null to use the project's root namespace.</summary>
    public string? Namespace { get; }
    public SpaceKind Kind { get; }
    /// <summary>All decisions, in declaration order (the CSV column order and the canonical order).</summary>
    public IReadOnlyList<Decision> Decisions { get; }

    /// <summary>Index of a decision by its dotted name, or -1.</summary>
    public int IndexOfDecision(string name) => _index.TryGetValue(name, out var i) ? i : -1;
}

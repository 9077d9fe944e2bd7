using System;
using System.Collections.Generic;
using System.Globalization;

namespace AutoBuild.Runtime;

/// <summary>How a decision's values are typed in generated C#.</summary>
public enum DecisionKind
{
    /// <summary>Numeric values (kernel, expansion, depth, resolution): an integer property.</summary>
    Integer,
    /// <summary>Named values (ops, activations): an enum property.</summary>
    Categorical,
    /// <summary>On/off (squeeze-and-excitation): a bool property. Values are "false" and "true".</summary>
    Boolean,
}

/// <summary>What a decision controls; the graph encoder and the report use it.</summary>
public enum DecisionRole
{
    Other,
    Resolution,
    Depth,
    Kernel,
    Expand,
    Width,
    Op,
    SqueezeExcite,
    Activation,
    /// <summary>The op on a cell edge (NAS-Bench-201 style).</summary>
    Edge,
    /// <summary>The op of a DAG node (NAS-Bench-101 style).</summary>
    NodeOp,
    /// <summary>Whether a DAG edge exists (NAS-Bench-101 adjacency bit).</summary>
    Adjacency,
}

/// <summary>Where a decision sits in the network: stage/layer for macro spaces, edge or node for cells and DAGs.</summary>
public sealed class DecisionSite
{
    public DecisionSite(string? stage = null, int? stageIndex = null, int? layer = null, int? from = null, int? to = null, int? node = null)
    {
        Stage = stage;
        StageIndex = stageIndex;
        Layer = layer;
        From = from;
        To = to;
        Node = node;
    }

    /// <summary>Stage name (e.g. "s1"), or null when the decision is global or in a cell.</summary>
    public string? Stage { get; }
    /// <summary>0-based index of the stage among the searchable stages.</summary>
    public int? StageIndex { get; }
    /// <summary>0-based layer index within the stage.</summary>
    public int? Layer { get; }
    /// <summary>Cell edge source node.</summary>
    public int? From { get; }
    /// <summary>Cell edge target node.</summary>
    public int? To { get; }
    /// <summary>DAG node index.</summary>
    public int? Node { get; }
}

/// <summary>A decision is active only when another decision takes one of the listed choices
/// (e.g. <c>s1.l3.kernel</c> is active when <c>s1.depth</c> is 3 or 4).</summary>
public sealed class ActivityCondition
{
    public ActivityCondition(int decision, IReadOnlyList<int> choices)
    {
        Decision = decision;
        Choices = choices;
    }

    /// <summary>Index of the controlling decision in <see cref="SearchSpace.Decisions"/>.</summary>
    public int Decision { get; }
    /// <summary>Choice indices of the controlling decision for which this decision is active.</summary>
    public IReadOnlyList<int> Choices { get; }
}

/// <summary>One named choice of a search space: a CSV column, a C# property, a dotted name.</summary>
public sealed class Decision
{
    public Decision(string name, DecisionKind kind, IReadOnlyList<string> values, DecisionRole role = DecisionRole.Other,
        ActivityCondition? activeWhen = null, DecisionSite? site = null)
    {
        if (values.Count == 0) throw new ArgumentException("A decision needs at least one value.", nameof(values));
        Name = name;
        Kind = kind;
        Values = values;
        Role = role;
        ActiveWhen = activeWhen;
        Site = site ?? new DecisionSite();
    }

    /// <summary>Stable dotted name (<c>edge_01</c>, <c>s2.l3.kernel</c>, <c>resolution</c>).</summary>
    public string Name { get; }
    public DecisionKind Kind { get; }
    /// <summary>The domain, as canonical text ("3", "nor_conv_3x3", "true"), in declaration order.</summary>
    public IReadOnlyList<string> Values { get; }
    public DecisionRole Role { get; }
    /// <summary>Null when the decision is always active.</summary>
    public ActivityCondition? ActiveWhen { get; }
    public DecisionSite Site { get; }

    /// <summary>The numeric value of a choice of an <see cref="DecisionKind.Integer"/> decision.</summary>
    public long IntegerValue(int choice) => long.Parse(Values[choice], NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>Index of a value given as text, or -1. Ordinal comparison.</summary>
    public int IndexOf(string value)
    {
        for (var i = 0; i < Values.Count; i++)
            if (string.Equals(Values[i], value, StringComparison.Ordinal)) return i;
        return -1;
    }

    public override string ToString() => Name;
}

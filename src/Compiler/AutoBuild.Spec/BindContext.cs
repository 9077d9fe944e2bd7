using System.Collections.Generic;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Spec;

/// <summary>An argument of a user-defined op: a syntax node from the call site, or a value the context supplies.</summary>
internal sealed class OpArgument
{
    public OpArgument(SyntaxNode? node, Value<int>? value)
    {
        Node = node;
        Value = value;
    }

    public SyntaxNode? Node { get; }
    public Value<int>? Value { get; }
}

/// <summary>Where a layer is being bound: the stage and layer (for decision names, sites and activity), the
/// defaults blocks take (out, stride), and the arguments of the user op being expanded.</summary>
internal sealed class BindContext
{
    public static readonly BindContext Root = new();

    public string? Stage { get; private set; }
    public int StageIndex { get; private set; } = -1;
    /// <summary>0-based layer within the stage; -1 at stage level or outside stages.</summary>
    public int Layer { get; private set; } = -1;
    /// <summary>0-based index of the layer among all stage layers of the network (the {index} placeholder).</summary>
    public int GlobalLayer { get; private set; } = -1;
    public Value<int>? Out { get; private set; }
    public Value<int> Stride { get; private set; } = Value<int>.Of(1);
    public ActivityCondition? Active { get; private set; }
    /// <summary>Inside an option of an op choice (or a cell op): further choices are not allowed.</summary>
    public bool InOption { get; private set; }
    public bool InCell { get; private set; }
    public IReadOnlyDictionary<string, OpArgument>? Args { get; private set; }
    /// <summary>User ops being expanded, innermost last (to report recursion).</summary>
    public IReadOnlyList<string> OpStack { get; private set; } = new string[0];

    private BindContext Clone() => (BindContext)MemberwiseClone();

    public BindContext ForStage(string stage, int stageIndex)
    {
        var c = Clone();
        c.Stage = stage; c.StageIndex = stageIndex; c.Layer = -1;
        return c;
    }

    public BindContext ForLayer(int layer, int globalLayer, Value<int>? @out, Value<int> stride, ActivityCondition? active)
    {
        var c = Clone();
        c.Layer = layer; c.GlobalLayer = globalLayer; c.Out = @out; c.Stride = stride; c.Active = active;
        return c;
    }

    public BindContext ForOption()
    {
        var c = Clone();
        c.InOption = true;
        return c;
    }

    public BindContext ForCell()
    {
        var c = Clone();
        c.InOption = true; c.InCell = true;
        return c;
    }

    /// <summary>A reducing cell's op: blocks (and `$out`, `$stride`) take the new width and the edge's stride.</summary>
    public BindContext ForReducingEdge(Value<int> @out, Value<int> stride)
    {
        var c = Clone();
        c.Out = @out; c.Stride = stride;
        return c;
    }

    public BindContext ForOp(string op, IReadOnlyDictionary<string, OpArgument> args, Value<int>? @out, Value<int>? stride)
    {
        var c = Clone();
        c.Args = args;
        c.Out = @out ?? Out;
        c.Stride = stride ?? Stride;
        var stack = new List<string>(OpStack) { op };
        c.OpStack = stack;
        return c;
    }
}

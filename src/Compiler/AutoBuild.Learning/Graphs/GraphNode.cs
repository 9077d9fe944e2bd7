using System.Collections.Generic;

namespace AutoBuild.Learning.Graphs;

/// <summary>What a node of an encoded graph stands for.</summary>
public enum GraphNodeKind
{
    /// <summary>One active layer (block) of a macro space.</summary>
    Layer,
    /// <summary>The cell/DAG input.</summary>
    Input,
    /// <summary>The cell/DAG output.</summary>
    Output,
    /// <summary>The op on one cell edge (NAS-Bench-201 style).</summary>
    EdgeOp,
    /// <summary>One operation node of a general DAG (NAS-Bench-101 style).</summary>
    NodeOp,
}

/// <summary>Describes one node of <see cref="GraphEncoder.Encode"/>'s graph, in node order: where it sits and
/// which decisions set its features (so scores can be traced back to decisions).</summary>
public sealed class GraphNode
{
    internal GraphNode(GraphNodeKind kind, int stage, int layer, int from, int to, int dagNode, IReadOnlyList<int> decisions)
    {
        Kind = kind; Stage = stage; Layer = layer; From = from; To = to; DagNode = dagNode; Decisions = decisions;
    }

    public GraphNodeKind Kind { get; }
    /// <summary>0-based stage index of a layer node, else -1.</summary>
    public int Stage { get; }
    /// <summary>0-based layer index within its stage, else -1.</summary>
    public int Layer { get; }
    /// <summary>Cell edge source / target of an edge-op node, else -1.</summary>
    public int From { get; }
    public int To { get; }
    /// <summary>DAG node index of a DAG/input/output node of a DAG space, else -1.</summary>
    public int DagNode { get; }
    /// <summary>Indices (into <c>SearchSpace.Decisions</c>) of the node's own decisions (not the global ones).</summary>
    public IReadOnlyList<int> Decisions { get; }
}

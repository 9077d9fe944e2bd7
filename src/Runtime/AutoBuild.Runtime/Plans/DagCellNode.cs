using System;
using System.Collections.Generic;
using System.Globalization;

namespace AutoBuild.Runtime.Plans;

/// <summary>A NAS-Bench-101 cell after pruning. Vertex 0 is the input, the last vertex the output. Interior vertex v
/// sums its inputs — earlier vertices' outputs truncated to <see cref="VertexChannels"/>[v] channels, plus
/// <see cref="Projections"/>[v] (1×1 conv + BN + ReLU of the cell input) when the input feeds it — and applies
/// <see cref="VertexOps"/>[v]. The output concatenates the interior vertices that feed it and adds the output
/// projection of the cell input when there is one (or is only that projection).</summary>
public sealed class DagCellNode : PlanNode
{
    public DagCellNode(string name, Shape input, Shape output, IReadOnlyList<int> vertexChannels, IReadOnlyList<DagEdge> edges,
        IReadOnlyList<PlanNode?> vertexOps, IReadOnlyList<PlanNode?> projections)
        : base(name, input, output)
    {
        VertexChannels = vertexChannels; Edges = edges; VertexOps = vertexOps; Projections = projections;
    }

    public int VertexCount => VertexChannels.Count;
    public IReadOnlyList<int> VertexChannels { get; }
    /// <summary>The edges of the pruned graph (vertices renumbered 0..VertexCount-1).</summary>
    public IReadOnlyList<DagEdge> Edges { get; }
    /// <summary>Per vertex: the op (null for the input and the output vertex).</summary>
    public IReadOnlyList<PlanNode?> VertexOps { get; }
    /// <summary>Per vertex: the projection of the cell input, where the input feeds the vertex directly.</summary>
    public IReadOnlyList<PlanNode?> Projections { get; }

    public override long Params
    {
        get
        {
            long sum = 0;
            for (var v = 0; v < VertexCount; v++)
                sum = checked(sum + (VertexOps[v] is { } op ? op.Params : 0) + (Projections[v] is { } p ? p.Params : 0));
            return sum;
        }
    }

    public override long Flops(bool countBias)
    {
        long sum = 0;
        for (var v = 0; v < VertexCount; v++)
            sum = checked(sum + (VertexOps[v] is { } op ? op.Flops(countBias) : 0) + (Projections[v] is { } p ? p.Flops(countBias) : 0));
        return sum;
    }

    public override string Description =>
        string.Format(CultureInfo.InvariantCulture, "dag cell ({0} vertices, {1} edges after pruning)", VertexCount, Edges.Count);
}

public readonly struct DagEdge : IEquatable<DagEdge>
{
    public DagEdge(int from, int to)
    {
        From = from; To = to;
    }

    public int From { get; }
    public int To { get; }
    public bool Equals(DagEdge other) => From == other.From && To == other.To;
    public override bool Equals(object? obj) => obj is DagEdge e && Equals(e);
    public override int GetHashCode() => From * 397 ^ To;
    public override string ToString() => $"{From}->{To}";
}

/// <summary>An architecture that is not a valid network of its space for a structural reason (a NAS-Bench-101 graph
/// without an input→output path, or with too many edges), as opposed to a spec whose shapes cannot fit.</summary>
public sealed class InvalidArchitectureException : InvalidOperationException
{
    public InvalidArchitectureException(string message) : base(message) { }
}

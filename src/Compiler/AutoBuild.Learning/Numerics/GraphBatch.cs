using System;
using System.Collections.Generic;
using AutoBuild.Learning.Graphs;

namespace AutoBuild.Learning.Numerics;

/// <summary>Several graphs stacked into one disjoint graph (nodes of graph b are rows
/// [GraphStart[b], GraphStart[b+1])), with per-graph targets. Arrays only grow, so refilling allocates nothing
/// once the largest batch has been seen.</summary>
public sealed class GraphBatch
{
    public GraphBatch(int categoricalFeatures, int continuousFeatures, int globalFeatures = 0)
    {
        CategoricalFeatures = categoricalFeatures;
        ContinuousFeatures = continuousFeatures;
        GlobalFeatures = globalFeatures;
        GlobalMean = new float[globalFeatures];
        GlobalScale = new float[globalFeatures];
        Array.Fill(GlobalScale, 1f);
    }

    public int CategoricalFeatures { get; }
    public int ContinuousFeatures { get; }
    /// <summary>Graph-level features per graph (<see cref="FeatureSchema.Globals"/>).</summary>
    public int GlobalFeatures { get; }
    /// <summary>Graphs × GlobalFeatures standardised graph-level features, (raw − GlobalMean)·GlobalScale; 0 (the
    /// mean) for a graph that carries none (a module).</summary>
    public float[] Globals { get; private set; } = Array.Empty<float>();
    /// <summary>Standardisation of the graph-level features (set by the trainer from its training graphs).</summary>
    public float[] GlobalMean { get; }
    public float[] GlobalScale { get; }
    public int Nodes { get; private set; }
    public int Edges { get; private set; }
    public int Graphs { get; private set; }
    public int[] Categorical { get; private set; } = Array.Empty<int>();
    public float[] Continuous { get; private set; } = Array.Empty<float>();
    public int[] EdgeSource { get; private set; } = Array.Empty<int>();
    public int[] EdgeTarget { get; private set; } = Array.Empty<int>();
    public int[] GraphStart { get; private set; } = new int[1];
    /// <summary>Standardised targets of the graphs (training only).</summary>
    public float[] Targets { get; private set; } = Array.Empty<float>();

    /// <summary>Fills the batch with <paramref name="graphs"/>[indices[i]] (targets from <paramref name="targets"/> when given).</summary>
    public void Load(IReadOnlyList<EncodedGraph> graphs, ReadOnlySpan<int> indices, ReadOnlySpan<float> targets = default)
    {
        int nodes = 0, edges = 0;
        foreach (var i in indices) { nodes += graphs[i].NodeCount; edges += graphs[i].EdgeCount; }
        Grow(nodes, edges, indices.Length);
        Nodes = nodes; Edges = edges; Graphs = indices.Length;
        int n = 0, e = 0;
        for (var b = 0; b < indices.Length; b++)
        {
            var g = graphs[indices[b]];
            GraphStart[b] = n;
            if (g.Categorical.Length != g.NodeCount * CategoricalFeatures || g.Continuous.Length != g.NodeCount * ContinuousFeatures)
                throw new ArgumentException("A graph does not match the feature schema.", nameof(graphs));
            Array.Copy(g.Categorical, 0, Categorical, n * CategoricalFeatures, g.Categorical.Length);
            Array.Copy(g.Continuous, 0, Continuous, n * ContinuousFeatures, g.Continuous.Length);
            for (var k = 0; k < g.EdgeCount; k++)
            {
                EdgeSource[e] = g.EdgeSource[k] + n;
                EdgeTarget[e] = g.EdgeTarget[k] + n;
                e++;
            }
            if (!targets.IsEmpty) Targets[b] = targets[indices[b]];
            if (GlobalFeatures > 0)
            {
                if (g.Globals.Length == GlobalFeatures)
                    for (var f = 0; f < GlobalFeatures; f++) Globals[b * GlobalFeatures + f] = (g.Globals[f] - GlobalMean[f]) * GlobalScale[f];
                else if (g.Globals.Length == 0) Array.Clear(Globals, b * GlobalFeatures, GlobalFeatures);
                else throw new ArgumentException("A graph does not match the feature schema.", nameof(graphs));
            }
            n += g.NodeCount;
        }
        GraphStart[indices.Length] = n;
        ByNode(EdgeTarget, EdgeSource, IncomingStart, IncomingSource);
        ByNode(EdgeSource, EdgeTarget, OutgoingStart, OutgoingTarget);
    }

    /// <summary>Node i's incoming edges: their sources are IncomingSource[IncomingStart[i] .. IncomingStart[i + 1]), in
    /// batch order (so a gather over them adds in the order a scatter over the edges would).</summary>
    public int[] IncomingStart { get; private set; } = new int[1];
    public int[] IncomingSource { get; private set; } = Array.Empty<int>();
    /// <summary>Node i's outgoing edges: their targets are OutgoingTarget[OutgoingStart[i] .. OutgoingStart[i + 1]), in batch order.</summary>
    public int[] OutgoingStart { get; private set; } = new int[1];
    public int[] OutgoingTarget { get; private set; } = Array.Empty<int>();

    /// <summary>A stable counting sort of the edges by <paramref name="key"/> node: start offsets and the other ends.</summary>
    private void ByNode(int[] key, int[] other, int[] start, int[] sorted)
    {
        Array.Clear(start, 0, Nodes + 1);
        for (var e = 0; e < Edges; e++) start[key[e] + 1]++;
        for (var i = 0; i < Nodes; i++) start[i + 1] += start[i];
        for (var e = 0; e < Edges; e++) sorted[start[key[e]]++] = other[e];
        for (var i = Nodes; i > 0; i--) start[i] = start[i - 1];   // the fill advanced each start to the next node's
        start[0] = 0;
    }

    private void Grow(int nodes, int edges, int graphs)
    {
        if (Categorical.Length < nodes * CategoricalFeatures) Categorical = new int[nodes * CategoricalFeatures * 5 / 4];
        if (Continuous.Length < nodes * ContinuousFeatures) Continuous = new float[nodes * ContinuousFeatures * 5 / 4];
        if (EdgeSource.Length < edges)
        {
            EdgeSource = new int[edges * 5 / 4]; EdgeTarget = new int[edges * 5 / 4];
            IncomingSource = new int[edges * 5 / 4]; OutgoingTarget = new int[edges * 5 / 4];
        }
        if (IncomingStart.Length < nodes + 1) { IncomingStart = new int[(nodes + 1) * 5 / 4]; OutgoingStart = new int[(nodes + 1) * 5 / 4]; }
        if (GraphStart.Length < graphs + 1) { GraphStart = new int[graphs + 1]; Targets = new float[graphs]; }
        if (Globals.Length < graphs * GlobalFeatures) Globals = new float[graphs * GlobalFeatures];
    }
}

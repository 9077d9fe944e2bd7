using System;
using System.Collections.Generic;
using AutoBuild.Learning.Graphs;

namespace AutoBuild.Learning.Numerics;

/// <summary>Several graphs stacked into one disjoint graph (nodes of graph b are rows
/// [GraphStart[b], GraphStart[b+1])), with per-graph targets. Arrays only grow, so refilling allocates nothing
/// once the largest batch has been seen.</summary>
public sealed class GraphBatch
{
    public GraphBatch(int categoricalFeatures, int continuousFeatures)
    {
        CategoricalFeatures = categoricalFeatures;
        ContinuousFeatures = continuousFeatures;
    }

    public int CategoricalFeatures { get; }
    public int ContinuousFeatures { get; }
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
            n += g.NodeCount;
        }
        GraphStart[indices.Length] = n;
    }

    private void Grow(int nodes, int edges, int graphs)
    {
        if (Categorical.Length < nodes * CategoricalFeatures) Categorical = new int[nodes * CategoricalFeatures * 5 / 4];
        if (Continuous.Length < nodes * ContinuousFeatures) Continuous = new float[nodes * ContinuousFeatures * 5 / 4];
        if (EdgeSource.Length < edges) { EdgeSource = new int[edges * 5 / 4]; EdgeTarget = new int[edges * 5 / 4]; }
        if (GraphStart.Length < graphs + 1) { GraphStart = new int[graphs + 1]; Targets = new float[graphs]; }
    }
}

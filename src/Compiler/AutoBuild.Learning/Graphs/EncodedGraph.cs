using System.Collections.Generic;

namespace AutoBuild.Learning.Graphs;

/// <summary>One categorical node feature: its name (e.g. "stage", "kernel", "op") and value labels;
/// index 0..Cardinality-1 in <see cref="EncodedGraph.Categorical"/>.</summary>
public sealed class CategoricalFeature
{
    public CategoricalFeature(string name, IReadOnlyList<string> labels)
    {
        Name = name;
        Labels = labels;
    }

    public string Name { get; }
    public IReadOnlyList<string> Labels { get; }
    public int Cardinality => Labels.Count;
}

/// <summary>The node features every graph of one space shares (autobuild-method.md §1).</summary>
public sealed class FeatureSchema
{
    public FeatureSchema(IReadOnlyList<CategoricalFeature> categorical, IReadOnlyList<string> continuous, IReadOnlyList<string>? globals = null)
    {
        Categorical = categorical;
        Continuous = continuous;
        Globals = globals ?? System.Array.Empty<string>();
    }

    public IReadOnlyList<CategoricalFeature> Categorical { get; }
    /// <summary>Names of continuous features (e.g. "resolution", "channels"), already normalised to about [0, 1].</summary>
    public IReadOnlyList<string> Continuous { get; }
    /// <summary>Names of per-architecture (graph-level) features, e.g. "log params" and "log FLOPs" from the exact cost
    /// model (<see cref="GraphEncoder"/> with cost features); empty when the graphs carry none. The predictor
    /// standardises them over its training graphs and feeds them to its regression head, beside the pooled embedding.</summary>
    public IReadOnlyList<string> Globals { get; }
}

/// <summary>An architecture (or a module) as the predictor sees it: nodes with categorical and continuous
/// features and directed edges (message flows Source → Target). Row-major arrays, no per-node objects,
/// so batches are cheap to assemble.</summary>
public sealed class EncodedGraph
{
    public EncodedGraph(int nodeCount, int[] categorical, float[] continuous, int[] edgeSource, int[] edgeTarget)
    {
        NodeCount = nodeCount;
        Categorical = categorical;
        Continuous = continuous;
        EdgeSource = edgeSource;
        EdgeTarget = edgeTarget;
    }

    public int NodeCount { get; }
    /// <summary>NodeCount × schema.Categorical.Count value indices.</summary>
    public int[] Categorical { get; }
    /// <summary>NodeCount × schema.Continuous.Count values.</summary>
    public float[] Continuous { get; }
    public int[] EdgeSource { get; }
    public int[] EdgeTarget { get; }
    public int EdgeCount => EdgeSource.Length;
    /// <summary>Raw graph-level features, one per <see cref="FeatureSchema.Globals"/> name; empty for a module (a
    /// subgraph has no architecture-level costs; the head, which alone reads them, is not used to score modules).</summary>
    public float[] Globals { get; init; } = System.Array.Empty<float>();
}

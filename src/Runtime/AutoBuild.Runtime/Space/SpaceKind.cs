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

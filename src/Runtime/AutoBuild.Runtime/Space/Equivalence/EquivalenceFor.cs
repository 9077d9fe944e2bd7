namespace AutoBuild.Runtime;

/// <summary>The function-preserving equivalence of a space's architectures (docs/generated-code.md, "Canonical").</summary>
internal interface IArchitectureEquivalence
{
    /// <summary>The representative of the architectures that compute the same function as <paramref name="architecture"/>.</summary>
    Architecture Canonical(Architecture architecture);

    /// <summary>Whether the network's output does not depend on its input (see <see cref="SearchSpace.IgnoresInput"/>).</summary>
    bool IgnoresInput(Architecture architecture);
}

/// <summary>Chooses a space's equivalence: summing cell spaces (<see cref="CellEquivalence"/>), NAS-Bench-101 DAG
/// spaces (<see cref="DagEquivalence"/>), macro spaces with identity layers (<see cref="MacroEquivalence"/>), or none (identity).</summary>
internal static class EquivalenceFor
{
    /// <summary>The space's equivalence, or null when it has none coarser than identity.</summary>
    public static IArchitectureEquivalence? Space(SearchSpace space) =>
        (IArchitectureEquivalence?)CellEquivalence.TryCreate(space) ?? (IArchitectureEquivalence?)DagEquivalence.TryCreate(space) ?? MacroEquivalence.TryCreate(space);
}

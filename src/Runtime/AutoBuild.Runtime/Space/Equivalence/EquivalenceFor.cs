using System;
using System.Collections.Generic;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime;

/// <summary>The function-preserving equivalence of a space's architectures (docs/generated-code.md, "Canonical").</summary>
internal interface IArchitectureEquivalence
{
    /// <summary>The representative of the architectures that compute the same function as <paramref name="architecture"/>.</summary>
    Architecture Canonical(Architecture architecture);
}

/// <summary>Chooses a space's equivalence: summing cell spaces (<see cref="CellEquivalence"/>), NAS-Bench-101 DAG
/// spaces (<see cref="DagEquivalence"/>), or none (identity).</summary>
internal static class EquivalenceFor
{
    /// <summary>The space's equivalence, or null when it has none coarser than identity.</summary>
    public static IArchitectureEquivalence? Space(SearchSpace space) =>
        (IArchitectureEquivalence?)CellEquivalence.TryCreate(space) ?? DagEquivalence.TryCreate(space);

    /// <summary>A layer and every layer nested in it (sequences, stages, residual branches, choice options); cell and
    /// DAG layers are returned, not entered.</summary>
    public static IEnumerable<Layer> NestedLayers(Layer layer)
    {
        yield return layer;
        IEnumerable<Layer> children = layer switch
        {
            SequenceLayer s => s.Children,
            StageLayer st => st.Layers,
            ResidualLayer r => r.Shortcut is null ? new[] { r.Body } : new[] { r.Body, r.Shortcut },
            ChoiceLayer ch => ch.Options,
            _ => Array.Empty<Layer>(),
        };
        foreach (var child in children)
            foreach (var nested in NestedLayers(child)) yield return nested;
    }
}

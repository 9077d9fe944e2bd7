using System;
using System.Collections.Generic;

namespace AutoBuild.Runtime.Ir;

/// <summary>Walks a network template: what the space's services look for in it (its cells, its DAGs).</summary>
internal static class LayerTree
{
    /// <summary>A layer and every layer nested in it (sequences, stages, residual branches, choice options); cell and
    /// DAG layers are returned, not entered.</summary>
    public static IEnumerable<Layer> Nested(Layer layer)
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
            foreach (var nested in Nested(child)) yield return nested;
    }
}

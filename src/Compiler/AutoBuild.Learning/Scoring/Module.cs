using System.Collections.Generic;
using AutoBuild.Learning.Graphs;

namespace AutoBuild.Learning.Scoring;

/// <summary>A module (autobuild-method.md §4.1): a subgraph with the features it has in context, scored by the norm
/// of its root node's <see cref="Hops"/>-hop embedding. Macro spaces: one whole stage configuration (root = its last
/// layer, hops = layers − 1). Cell/DAG spaces: the receptive field of a node within k hops.</summary>
public sealed class Module
{
    public Module(string group, int groupIndex, int depth, EncodedGraph graph, int root, int hops, int[] decisions, int[] choices)
    {
        Group = group; GroupIndex = groupIndex; Depth = depth; Graph = graph; Root = root; Hops = hops;
        Decisions = decisions; Choices = choices;
    }

    /// <summary>Stage name (macro) or root-node label (cell/DAG).</summary>
    public string Group { get; }
    /// <summary>Stage index (macro) or root slot index (cell/DAG).</summary>
    public int GroupIndex { get; }
    /// <summary>Active layers of the stage (macro); nodes of the module (cell/DAG).</summary>
    public int Depth { get; }
    public EncodedGraph Graph { get; }
    public int Root { get; }
    public int Hops { get; }
    /// <summary>The decisions the module fixes (indices into SearchSpace.Decisions), with their choices
    /// (-1 = inactive in this module).</summary>
    public int[] Decisions { get; }
    public int[] Choices { get; }

    /// <summary>The choice this module makes for a decision, or null when it does not fix it.</summary>
    public int? ChoiceOf(int decision)
    {
        for (var i = 0; i < Decisions.Length; i++) if (Decisions[i] == decision) return Choices[i];
        return null;
    }
}

/// <summary>A module with its score (target units).</summary>
public readonly struct ScoredModule
{
    public ScoredModule(Module module, double score) { Module = module; Score = score; }
    public Module Module { get; }
    public double Score { get; }
}

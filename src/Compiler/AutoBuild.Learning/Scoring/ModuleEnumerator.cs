using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Learning.Graphs;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Scoring;

/// <summary>Enumerates the modules of a space with the graph encoder, each encoded with the features it has in
/// context (autobuild-method.md §1.1 offsets, §4.1).</summary>
public static class ModuleEnumerator
{
    /// <summary>Macro spaces: every configuration of every stage (<see cref="StageConfigurations"/>; a uniform sample
    /// of a stage too large to enumerate), as the
    /// stand-alone chain of its layers; the root is the last layer and hops = layers − 1, so the root's embedding
    /// sees exactly the module. Global decisions (resolution) are taken from <paramref name="baseline"/>.
    /// Result: one list per stage, in stage order.</summary>
    public static List<List<Module>> StageModules(SearchSpace space, GraphEncoder encoder, Architecture baseline)
    {
        var result = new List<List<Module>>();
        foreach (var (index, name) in StageConfigurations.Stages(space))
        {
            var modules = new List<Module>();
            var choices = baseline.Choices.ToArray();
            foreach (var config in StageConfigurations.EnumerateOrSample(space, index, name, baseline))
            {
                if (config.Depth == 0) continue; // a stage without layers has no node to score
                for (var i = 0; i < config.Decisions.Length; i++) choices[config.Decisions[i]] = config.Choices[i];
                var graph = encoder.EncodeStage(new Architecture(space, choices), index);
                modules.Add(new Module(name, index, config.Depth, graph, graph.NodeCount - 1, graph.NodeCount - 1, config.Decisions, config.Choices));
            }
            result.Add(modules);
        }
        return result;
    }

    /// <summary>Cell and DAG spaces: for every node of every given architecture and every hop count k = 1..layers,
    /// the k-hop receptive field of the node (the subgraph its k-hop embedding depends on), deduplicated by
    /// (root, k, the choices of the decisions in the field). Pass every architecture of the space (exhaustive:
    /// NAS-Bench-201 has 15,625) or a sample of a larger space.</summary>
    public static List<Module> NodeModules(SearchSpace space, GraphEncoder encoder, IEnumerable<Architecture> architectures, int layers)
    {
        var result = new List<Module>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var key = new System.Text.StringBuilder();
        foreach (var arch in architectures)
        {
            var nodes = encoder.Nodes(arch);
            var graph = encoder.Encode(arch);
            var incoming = Incoming(graph);
            for (var v = 0; v < nodes.Count; v++)
            {
                var label = NodeLabel(space, nodes[v]);
                if (!groups.TryGetValue(label, out var group)) groups[label] = group = groups.Count;
                // Grow the receptive field one hop at a time (the same set as GraphEncoder.ReceptiveField).
                var inField = new bool[graph.NodeCount];
                inField[v] = true;
                var frontier = new List<int> { v };
                for (var k = 1; k <= layers; k++)
                {
                    var next = new List<int>();
                    foreach (var u in frontier)
                        foreach (var w in incoming[u])
                            if (!inField[w]) { inField[w] = true; next.Add(w); }
                    frontier = next;
                    var field = new List<int>();
                    for (var i = 0; i < inField.Length; i++) if (inField[i]) field.Add(i);
                    var decisions = field.SelectMany(f => nodes[f].Decisions).Distinct().OrderBy(d => d).ToArray();
                    var choices = decisions.Select(d => arch[d]).ToArray();
                    key.Clear().Append(group).Append('/').Append(k).Append('/');
                    foreach (var f in field) key.Append(f).Append(',');
                    key.Append('/');
                    foreach (var c in choices) key.Append(c).Append(',');
                    if (!seen.Add(key.ToString())) continue;
                    var sub = encoder.EncodeSubgraph(arch, field);
                    result.Add(new Module(label, group, field.Count, sub, field.IndexOf(v), k, decisions, choices));
                }
            }
        }
        return result;
    }

    private static List<int>[] Incoming(EncodedGraph graph)
    {
        var incoming = new List<int>[graph.NodeCount];
        for (var i = 0; i < incoming.Length; i++) incoming[i] = new List<int>();
        for (var e = 0; e < graph.EdgeCount; e++) incoming[graph.EdgeTarget[e]].Add(graph.EdgeSource[e]);
        return incoming;
    }

    /// <summary>"input", "output", the edge's decision name, or the DAG node ("n3").</summary>
    public static string NodeLabel(SearchSpace space, GraphNode node) => node.Kind switch
    {
        GraphNodeKind.Input => "input",
        GraphNodeKind.Output => "output",
        GraphNodeKind.EdgeOp when node.Decisions.Count > 0 => space.Decisions[node.Decisions[0]].Name,
        GraphNodeKind.Layer => string.Format(CultureInfo.InvariantCulture, "s{0}.l{1}", node.Stage + 1, node.Layer + 1),
        _ => "n" + node.DagNode.ToString(CultureInfo.InvariantCulture),
    };
}

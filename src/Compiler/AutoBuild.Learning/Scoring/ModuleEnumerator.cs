using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Compiler.Graphs;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Scoring;

/// <summary>Enumerates the modules of a space with the graph encoder, each encoded with the features it has in
/// context (autobuild-method.md §1.1 offsets, §4.1).</summary>
public static class ModuleEnumerator
{
    /// <summary>Macro spaces: every configuration of every stage (<see cref="StageConfigurations"/>), as the
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
            foreach (var config in StageConfigurations.Enumerate(space, index, name, baseline))
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
            for (var v = 0; v < nodes.Count; v++)
            {
                var label = NodeLabel(space, nodes[v]);
                if (!groups.TryGetValue(label, out var group)) groups[label] = group = groups.Count;
                for (var k = 1; k <= layers; k++)
                {
                    var field = GraphEncoder.ReceptiveField(graph, v, k);
                    var decisions = field.SelectMany(f => nodes[f].Decisions).Distinct().OrderBy(d => d).ToArray();
                    var choices = decisions.Select(d => arch[d]).ToArray();
                    key.Clear().Append(label).Append('/').Append(k).Append('/');
                    foreach (var f in field) key.Append(NodeLabel(space, nodes[f])).Append(',');
                    key.Append('/');
                    foreach (var c in choices) key.Append(c).Append(',');
                    if (!seen.Add(key.ToString())) continue;
                    var sub = encoder.EncodeSubgraph(arch, field);
                    var root = 0;
                    for (var i = 0; i < field.Count; i++) if (field[i] == v) root = i;
                    result.Add(new Module(label, group, field.Count, sub, root, k, decisions, choices));
                }
            }
        }
        return result;
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

using System.Collections.Generic;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime.Plans;

// NAS-Bench-201 style cells: ops on edges, nodes that sum or concatenate.
internal sealed partial class Instantiator
{
    public PlanNode Cell(CellLayer layer, Shape input, string name)
    {
        ShapeRules.RequireMap(layer, input, "a cell");
        var template = layer.Cell;
        var shapes = new Shape?[template.Nodes];
        shapes[0] = input;
        var edges = new List<CellEdge>(template.Edges.Count);
        for (var to = 1; to < template.Nodes; to++)
        {
            Shape? combined = null;
            foreach (var e in template.Edges)
            {
                if (e.To != to) continue;
                var from = shapes[e.From] ?? throw new ShapeException(layer, $"cell node {e.From} has no incoming edge but feeds node {to}");
                var op = Build(e.Op, from, $"edge_{e.From}_{e.To}");
                edges.Add(new CellEdge(e.From, e.To, op));
                combined = Combine(layer, template.Combine, combined, op.Output, to);
            }
            shapes[to] = combined;
        }
        var output = shapes[template.Nodes - 1] ?? throw new ShapeException(layer, "the cell's output node has no incoming edge");
        return new CellNode(name, input, output, template.Nodes, edges, template.Combine, template.Nodes - 1);
    }

    private static Shape Combine(Layer layer, CombineKind kind, Shape? sofar, Shape next, int node)
    {
        if (sofar is not { } s) return next;
        if (s.Height != next.Height || s.Width != next.Width || (kind == CombineKind.Sum && s.Channels != next.Channels))
            throw new ShapeException(layer, $"cell node {node} cannot {(kind == CombineKind.Sum ? "sum" : "concatenate")} {s} and {next}");
        if (kind == CombineKind.Sum) return s;
        var channels = (long)s.Channels + next.Channels;
        if (channels > Shape.MaxChannels)
            throw new ShapeException(layer, $"cell node {node} concatenates {channels:N0} channels, more than {Shape.MaxChannels:N0}");
        return new Shape((int)channels, s.Height, s.Width);
    }
}

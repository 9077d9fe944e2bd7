using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime.Plans;

// NAS-Bench-101 cells: pruning, vertex channels and the cell plan.
internal sealed partial class Instantiator
{
    public PlanNode Dag(DagLayer layer, Shape input, string name)
    {
        ShapeRules.RequireMap(layer, input, "a DAG cell");
        var outChannels = layer.Out?.Resolve(Architecture) ?? input.Channels;
        var adjacency = PrunedAdjacency(layer.Dag, out var kept);
        if (layer.Repeat == 1) return DagCell(layer, adjacency, kept, input, outChannels, name);
        return Chain(layer.Repeat, input, name, (i, shape) => DagCell(layer, adjacency, kept, shape, outChannels, ShapeRules.Index(i)));
    }

    /// <summary>The adjacency matrix restricted to vertices on some input→output path; <paramref name="kept"/> maps new to original vertex numbers.</summary>
    private bool[,] PrunedAdjacency(DagTemplate dag, out List<int> kept)
    {
        var full = new bool[dag.Vertices, dag.Vertices];
        foreach (var e in dag.Edges)
            full[e.From, e.To] = e.Present.Resolve(Architecture);
        return dag.Prune(full, out kept, out var problem) ?? throw new InvalidArchitectureException(problem!);
    }

    private PlanNode DagCell(DagLayer layer, bool[,] m, List<int> kept, Shape input, int outChannels, string name)
    {
        var n = kept.Count;
        var channels = VertexChannels(input.Channels, outChannels, m, n);
        var ops = new PlanNode?[n];
        var projections = new PlanNode?[n];
        var edges = new List<DagEdge>();
        for (var t = 1; t < n; t++)
        {
            for (var s = 0; s < t; s++)
                if (m[s, t]) edges.Add(new DagEdge(s, t));
            if (m[0, t]) projections[t] = ConvBnAct(layer, "input_projection_" + ShapeRules.Index(t), input, channels[t], 1, 1, 1, ActivationKind.Relu);
            if (t == n - 1) break;
            var op = Build(layer.Dag.VertexOps[kept[t] - 1], new Shape(channels[t], input.Height, input.Width), "vertex_" + ShapeRules.Index(t));
            if (op.Output.Channels != channels[t] || op.Output.Height != input.Height)
                throw new ShapeException(layer, $"a DAG vertex op must keep its input shape {channels[t]}x{input.Height}x{input.Width}, but gives {op.Output}");
            ops[t] = op;
        }
        return new DagCellNode(name, input, new Shape(outChannels, input.Height, input.Width), channels, edges, ops, projections);
    }

    /// <summary>NAS-Bench-101's channel split: the output's channels are divided among the interior vertices that feed
    /// it (remainder to the first ones); other vertices take the largest width among their successors.</summary>
    private static int[] VertexChannels(int inChannels, int outChannels, bool[,] m, int n)
    {
        var channels = new int[n];
        channels[0] = inChannels;
        channels[n - 1] = outChannels;
        if (n == 2) return channels;
        var feeding = 0;
        for (var v = 1; v < n - 1; v++)
            if (m[v, n - 1]) feeding++;
        if (feeding == 0) return channels;
        var share = outChannels / feeding;
        var remainder = outChannels % feeding;
        for (var v = 1; v < n - 1; v++)
        {
            if (!m[v, n - 1]) continue;
            channels[v] = share;
            if (remainder > 0)
            {
                channels[v]++;
                remainder--;
            }
        }
        for (var v = n - 3; v > 0; v--)
        {
            if (m[v, n - 1]) continue;
            for (var w = v + 1; w < n - 1; w++)
                if (m[v, w]) channels[v] = Math.Max(channels[v], channels[w]);
        }
        return channels;
    }
}

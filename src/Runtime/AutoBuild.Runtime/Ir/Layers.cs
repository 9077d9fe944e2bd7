using System.Collections.Generic;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir;

/// <summary>A node of a space's network template. Instantiating it for an architecture (with the
/// input shape it receives) gives a <see cref="PlanNode"/>. Channel parameters are already scaled by
/// the width multiplier; a null channel parameter keeps the input's channels.</summary>
public abstract class Layer
{
    /// <summary>Where the layer came from (the front end puts its syntax node here), for diagnostics.</summary>
    public object? Origin { get; set; }

    /// <summary>The layer's plan node for the architecture <paramref name="at"/> instantiates, given the input shape;
    /// throws <see cref="ShapeException"/> (with this layer) when the input does not fit. Each layer holds its own shape
    /// rule (the built-in ops in Ops/BuiltIn/, one file each), so instantiation dispatches here instead of a switch.</summary>
    internal abstract PlanNode BuildNode(Instantiator at, Shape input, string name);
}

public sealed class SequenceLayer : Layer
{
    public SequenceLayer(IReadOnlyList<Layer> children) => Children = children;
    public IReadOnlyList<Layer> Children { get; }

    internal override PlanNode BuildNode(Instantiator at, Shape input, string name) => at.Sequence(Children, input, name);
}

/// <summary>What a residual adds to its body.</summary>
public enum ShortcutKind
{
    /// <summary>The input itself; body and input shapes must agree.</summary>
    Identity,
    /// <summary>An explicit layer (<see cref="ResidualLayer.Shortcut"/>).</summary>
    Layer,
    /// <summary>Identity when the shape is kept, else a 1×1 conv (with the stride) + BN (torchvision's ResNet downsample).</summary>
    Projection,
    /// <summary>Identity when the shape is kept, else no residual at all (inverted residual blocks).</summary>
    IdentityIfSameShape,
}

public sealed class ResidualLayer : Layer
{
    public ResidualLayer(Layer body, ShortcutKind shortcutKind, Layer? shortcut = null, ActivationKind postActivation = ActivationKind.None)
    {
        Body = body; ShortcutKind = shortcutKind; Shortcut = shortcut; PostActivation = postActivation;
    }

    public Layer Body { get; }
    public ShortcutKind ShortcutKind { get; }
    public Layer? Shortcut { get; }
    public ActivationKind PostActivation { get; }

    internal override PlanNode BuildNode(Instantiator at, Shape input, string name) => at.Residual(this, input, name);
}

/// <summary>An op choice: the decision's choice i selects <see cref="Options"/>[i].</summary>
public sealed class ChoiceLayer : Layer
{
    public ChoiceLayer(int decision, IReadOnlyList<Layer> options)
    {
        Decision = decision; Options = options;
    }

    public int Decision { get; }
    public IReadOnlyList<Layer> Options { get; }

    internal override PlanNode BuildNode(Instantiator at, Shape input, string name)
    {
        var choice = at.Architecture[Decision];
        if (choice < 0) throw new ShapeException(this, $"decision '{at.Architecture.Space.Decisions[Decision].Name}' is inactive but its layer is used");
        return at.Build(Options[choice], input, name);
    }
}

/// <summary>A stage: the first Depth of <see cref="Layers"/> (one template per possible layer, the first with the stage stride).</summary>
public sealed class StageLayer : Layer
{
    public StageLayer(string name, int index, Value<int> depth, IReadOnlyList<Layer> layers)
    {
        Name = name; Index = index; Depth = depth; Layers = layers;
    }

    public string Name { get; }
    public int Index { get; }
    public Value<int> Depth { get; }
    public IReadOnlyList<Layer> Layers { get; }

    internal override PlanNode BuildNode(Instantiator at, Shape input, string name)
    {
        var depth = Depth.Resolve(at.Architecture);
        if (depth < 0 || depth > Layers.Count) throw new ShapeException(this, $"stage '{Name}' has {Layers.Count} layer templates but depth {depth}");
        var children = new List<Layer>(depth);
        for (var i = 0; i < depth; i++) children.Add(Layers[i]);
        return at.Sequence(children, input, Name);
    }
}

/// <summary>One edge of a cell template: the op (usually a <see cref="ChoiceLayer"/>) from node From to node To.</summary>
public sealed class CellEdgeTemplate
{
    public CellEdgeTemplate(int from, int to, Layer op)
    {
        From = from; To = to; Op = op;
    }

    public int From { get; }
    public int To { get; }
    public Layer Op { get; }
}

/// <summary>A DAG cell (NAS-Bench-201 style): node 0 is the input, the last node the output; each node
/// combines its incoming edges. The same decisions drive every repetition. A <see cref="Reducing"/> cell is the
/// variant placed where a stage starts: the same decisions, but its edges leave the input strided and every op
/// produces the new width (the ops bound with the placement's <c>out</c> and <c>stride</c>).</summary>
public sealed class CellTemplate
{
    public CellTemplate(int nodes, IReadOnlyList<CellEdgeTemplate> edges, CombineKind combine, bool reducing = false)
    {
        Nodes = nodes; Edges = edges; Combine = combine; Reducing = reducing;
    }

    public int Nodes { get; }
    public IReadOnlyList<CellEdgeTemplate> Edges { get; }
    public CombineKind Combine { get; }
    public bool Reducing { get; }
}

/// <summary>A cell placed in the skeleton, repeated <see cref="Repeat"/> times.</summary>
public sealed class CellLayer : Layer
{
    public CellLayer(CellTemplate cell, int repeat)
    {
        Cell = cell; Repeat = repeat;
    }

    public CellTemplate Cell { get; }
    public int Repeat { get; }

    internal override PlanNode BuildNode(Instantiator at, Shape input, string name) =>
        Repeat == 1 ? at.Cell(this, input, name) : Instantiator.Chain(Repeat, input, name, (i, shape) => at.Cell(this, shape, ShapeRules.Index(i)));
}

/// <summary>One possible edge of a DAG cell, present when <see cref="Present"/> is true.</summary>
public sealed class DagEdgeTemplate
{
    public DagEdgeTemplate(int from, int to, Value<bool> present)
    {
        From = from; To = to; Present = present;
    }

    public int From { get; }
    public int To { get; }
    public Value<bool> Present { get; }
}

/// <summary>A NAS-Bench-101 cell: vertex 0 is the input, the last vertex the output, every other vertex applies its op
/// (<see cref="VertexOps"/>[v - 1], usually a <see cref="ChoiceLayer"/>) to the sum of its inputs. Vertices off every
/// input→output path are pruned; graphs without such a path, or with more than <see cref="MaxEdges"/> edges after
/// pruning, are invalid (<see cref="Plans.InvalidArchitectureException"/>).</summary>
public sealed class DagTemplate
{
    public DagTemplate(int vertices, IReadOnlyList<Layer> vertexOps, IReadOnlyList<DagEdgeTemplate> edges, int maxEdges)
    {
        Vertices = vertices; VertexOps = vertexOps; Edges = edges; MaxEdges = maxEdges;
    }

    public int Vertices { get; }
    public IReadOnlyList<Layer> VertexOps { get; }
    public IReadOnlyList<DagEdgeTemplate> Edges { get; }
    public int MaxEdges { get; }

    /// <summary>The adjacency matrix <paramref name="present"/> restricted to the vertices on some input→output path
    /// (<paramref name="kept"/> maps new to original vertex numbers), or null with the reason when the graph has no
    /// such path or more than <see cref="MaxEdges"/> edges after pruning. One rule for validity and instantiation.</summary>
    public bool[,]? Prune(bool[,] present, out List<int> kept, out string? problem)
    {
        var n = Vertices;
        kept = new List<int>();
        var fromInput = new bool[n];
        fromInput[0] = true;
        for (var v = 0; v < n; v++)
            if (fromInput[v])
                for (var w = v + 1; w < n; w++) fromInput[w] |= present[v, w];
        var toOutput = new bool[n];
        toOutput[n - 1] = true;
        for (var v = n - 1; v >= 0; v--)
            for (var w = v + 1; w < n; w++) toOutput[v] |= present[v, w] && toOutput[w];
        if (!fromInput[n - 1])
        {
            problem = "the DAG has no path from its input to its output";
            return null;
        }
        for (var v = 0; v < n; v++)
            if (fromInput[v] && toOutput[v]) kept.Add(v);
        var pruned = new bool[kept.Count, kept.Count];
        var edges = 0;
        for (var i = 0; i < kept.Count; i++)
            for (var j = i + 1; j < kept.Count; j++)
                if (present[kept[i], kept[j]])
                {
                    pruned[i, j] = true;
                    edges++;
                }
        if (edges > MaxEdges)
        {
            problem = string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "the DAG has {0} edges after pruning, more than max_edges {1}", edges, MaxEdges);
            return null;
        }
        problem = null;
        return pruned;
    }
}

/// <summary>A DAG cell placed in the skeleton, repeated; Out = output channels (null keeps the input's).</summary>
public sealed class DagLayer : Layer
{
    public DagLayer(DagTemplate dag, int repeat, Value<int>? outChannels)
    {
        Dag = dag; Repeat = repeat; Out = outChannels;
    }

    public DagTemplate Dag { get; }
    public int Repeat { get; }
    public Value<int>? Out { get; }

    internal override PlanNode BuildNode(Instantiator at, Shape input, string name) => at.Dag(this, input, name);
}

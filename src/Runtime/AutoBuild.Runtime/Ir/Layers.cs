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
}

/// <summary>A 2-D convolution. Padding null = "same" (kernel / 2); depthwise = one group per input channel.</summary>
public sealed class ConvLayer : Layer
{
    public ConvLayer(Value<int>? outChannels, Value<int> kernel, Value<int> stride, int? padding = null, int groups = 1, bool depthwise = false, bool bias = false)
    {
        Out = outChannels; Kernel = kernel; Stride = stride; Padding = padding; Groups = groups; Depthwise = depthwise; Bias = bias;
    }

    public Value<int>? Out { get; }
    public Value<int> Kernel { get; }
    public Value<int> Stride { get; }
    public int? Padding { get; }
    public int Groups { get; }
    public bool Depthwise { get; }
    public bool Bias { get; }
}

/// <summary>BatchNorm over channels; <see cref="Eps"/>/<see cref="Momentum"/> override the spec-wide <c>bn:</c> settings
/// (<see cref="Network.BatchNormEps"/>) for this layer when given.</summary>
public sealed class BatchNormLayer : Layer
{
    public BatchNormLayer(double? eps = null, double? momentum = null)
    {
        Eps = eps; Momentum = momentum;
    }

    public double? Eps { get; }
    public double? Momentum { get; }
}

public sealed class ActivationLayer : Layer
{
    public ActivationLayer(Value<ActivationKind> kind) => Kind = kind;
    public Value<ActivationKind> Kind { get; }
}

/// <summary>Average or max pooling; stride null = kernel.</summary>
public sealed class PoolLayer : Layer
{
    public PoolLayer(PoolKind kind, int kernel, int? stride, int padding, bool countIncludePad)
    {
        Kind = kind; Kernel = kernel; Stride = stride; Padding = padding; CountIncludePad = countIncludePad;
    }

    public PoolKind Kind { get; }
    public int Kernel { get; }
    public int? Stride { get; }
    public int Padding { get; }
    public bool CountIncludePad { get; }
}

public sealed class GlobalPoolLayer : Layer { }

/// <summary>A fully connected layer; Out null = the number of classes (a classifier).</summary>
public sealed class LinearLayer : Layer
{
    public LinearLayer(Value<int>? outFeatures, bool bias)
    {
        Out = outFeatures; Bias = bias;
    }

    public Value<int>? Out { get; }
    public bool Bias { get; }
}

public sealed class DropoutLayer : Layer
{
    public DropoutLayer(double probability) => Probability = probability;
    public double Probability { get; }
}

public sealed class IdentityLayer : Layer { }

/// <summary>The "none" op: zeros of the output shape.</summary>
public sealed class ZeroLayer : Layer
{
    public ZeroLayer(Value<int>? outChannels, Value<int> stride)
    {
        Out = outChannels; Stride = stride;
    }

    public Value<int>? Out { get; }
    public Value<int> Stride { get; }
}

/// <summary>Identity when the shape is kept, otherwise a 1×1 convolution (with the stride) + BN projection.</summary>
public sealed class SkipLayer : Layer
{
    public SkipLayer(Value<int>? outChannels, Value<int> stride)
    {
        Out = outChannels; Stride = stride;
    }

    public Value<int>? Out { get; }
    public Value<int> Stride { get; }
}

public sealed class SequenceLayer : Layer
{
    public SequenceLayer(IReadOnlyList<Layer> children) => Children = children;
    public IReadOnlyList<Layer> Children { get; }
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
}

/// <summary>Squeeze-and-excitation; reduced channels = make_divisible(channels / Ratio, divisor).</summary>
public sealed class SqueezeExciteLayer : Layer
{
    public SqueezeExciteLayer(int ratio, ActivationKind inner, ActivationKind gate)
    {
        Ratio = ratio; Inner = inner; Gate = gate;
    }

    public int Ratio { get; }
    public ActivationKind Inner { get; }
    public ActivationKind Gate { get; }
}

/// <summary>What an inverted residual's squeeze-and-excitation width is taken from.</summary>
public enum SqueezeBase
{
    /// <summary>MobileNetV3: make_divisible(expanded width / 4, divisor).</summary>
    Expanded,
    /// <summary>EfficientNet: max(1, block input width / 4), not rounded to the divisor.</summary>
    Input,
}

/// <summary>MobileNetV2/V3 and EfficientNet inverted residual: [1×1 expand + BN + act] (skipped when the expanded width
/// equals the input), k×k depthwise (stride) + BN + act, [SE], 1×1 project + BN; residual when the shape is kept.
/// Expanded width = <see cref="Mid"/> when given, else make_divisible(round(in × Expand), divisor). The SE's inner
/// activation is <see cref="SeActivation"/>, its gate <see cref="SeGate"/>, its width from <see cref="SeBase"/>.</summary>
public sealed class MBConvLayer : Layer
{
    public MBConvLayer(Value<int>? outChannels, Value<int> kernel, Value<double> expand, Value<int>? mid, Value<int> stride,
        Value<bool> squeezeExcite, Value<ActivationKind> activation, ActivationKind seGate = ActivationKind.HardSigmoid,
        ActivationKind seActivation = ActivationKind.Relu, SqueezeBase seBase = SqueezeBase.Expanded)
    {
        Out = outChannels; Kernel = kernel; Expand = expand; Mid = mid; Stride = stride; SqueezeExcite = squeezeExcite; Activation = activation; SeGate = seGate;
        SeActivation = seActivation; SeBase = seBase;
    }

    public Value<int>? Out { get; }
    public Value<int> Kernel { get; }
    public Value<double> Expand { get; }
    public Value<int>? Mid { get; }
    public Value<int> Stride { get; }
    public Value<bool> SqueezeExcite { get; }
    public Value<ActivationKind> Activation { get; }
    public ActivationKind SeGate { get; }
    public ActivationKind SeActivation { get; }
    public SqueezeBase SeBase { get; }
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
}

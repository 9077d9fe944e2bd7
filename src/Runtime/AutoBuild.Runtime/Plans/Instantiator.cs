using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime.Plans;

/// <summary>Turns a network template and an architecture into a plan, inferring every layer's shape.
/// Throws <see cref="ShapeException"/> for architectures whose shapes do not fit.</summary>
internal sealed partial class Instantiator
{
    private readonly Architecture _arch;
    private readonly Network _network;

    public Instantiator(Architecture architecture, Network network)
    {
        _arch = architecture;
        _network = network;
    }

    public Plan Run()
    {
        Shape input;
        if (_network.Vocabulary > 0) input = Shape.Tokens(_network.Vocabulary, _network.SequenceLength);
        else
        {
            var size = _network.Resolution.Resolve(_arch);
            input = new Shape(_network.InputChannels, size, size);
        }
        var root = Build(_network.Body, input, "");
        return new Plan(input, root, _network.CountBiasFlops);
    }

    private PlanNode Build(Layer layer, Shape input, string name)
    {
        switch (layer)
        {
            case ConvLayer c:
                return Conv(c, name, input, c.Out?.Resolve(_arch) ?? input.Channels, c.Kernel.Resolve(_arch), c.Stride.Resolve(_arch),
                    c.Padding, c.Depthwise ? input.Channels : c.Groups, c.Bias);
            case BatchNormLayer b:
                RequireMap(b, input, "BatchNorm");
                return new BatchNormNode(name, input, eps: b.Eps ?? _network.BatchNormEps, momentum: b.Momentum ?? _network.BatchNormMomentum);
            case ActivationLayer a:
                return new ActivationNode(name, input, a.Kind.Resolve(_arch));
            case PoolLayer p:
            {
                RequireMap(p, input, "pooling");
                var stride = p.Stride ?? p.Kernel;
                return new PoolNode(name, input, Spatial(p, input, input.Channels, p.Kernel, stride, p.Padding), p.Kind, p.Kernel, stride, p.Padding, p.CountIncludePad);
            }
            case GlobalPoolLayer g:
                RequireMap(g, input, "global pooling");
                return new GlobalPoolNode(name, input);
            case LinearLayer l:
            {
                if (!input.IsVector)
                    throw new ShapeException(l, input.IsFeatureMap
                        ? $"a linear layer needs a vector input but gets a {input} feature map; add global_pool before it"
                        : $"a linear layer needs a vector input but gets {input}; on sequences use ffn or lm_head");
                var outFeatures = l.Out?.Resolve(_arch) ?? _network.Classes;
                return new LinearNode(name, input.Channels, Positive(l, outFeatures, "output features"), l.Bias);
            }
            case DropoutLayer d:
                return new DropoutNode(name, input, d.Probability);
            case IdentityLayer:
                return new IdentityNode(name, input);
            case ZeroLayer z:
            {
                RequireMap(z, input, "zero");
                var stride = z.Stride.Resolve(_arch);
                var output = stride == 1 && z.Out is null ? input : Spatial(z, input, Positive(z, z.Out?.Resolve(_arch) ?? input.Channels, "channels"), 1, stride, 0);
                return new ZeroNode(name, input, output);
            }
            case SkipLayer s:
                return Skip(s, name, input, s.Out?.Resolve(_arch) ?? input.Channels, s.Stride.Resolve(_arch));
            case SequenceLayer seq:
                return Sequence(seq.Children, input, name);
            case ResidualLayer r:
                return Residual(r, input, name);
            case SqueezeExciteLayer se:
                RequireMap(se, input, "squeeze-and-excitation");
                return new SqueezeExciteNode(name, input, Channels.MakeDivisible(input.Channels / se.Ratio, _network.Divisor), se.Inner, se.Gate);
            case MBConvLayer mb:
                return MBConv(mb, input, name);
            case ChoiceLayer ch:
            {
                var choice = _arch[ch.Decision];
                if (choice < 0) throw new ShapeException(ch, $"decision '{_arch.Space.Decisions[ch.Decision].Name}' is inactive but its layer is used");
                return Build(ch.Options[choice], input, name);
            }
            case StageLayer st:
            {
                var depth = st.Depth.Resolve(_arch);
                if (depth < 0 || depth > st.Layers.Count) throw new ShapeException(st, $"stage '{st.Name}' has {st.Layers.Count} layer templates but depth {depth}");
                var children = new List<Layer>(depth);
                for (var i = 0; i < depth; i++) children.Add(st.Layers[i]);
                return Sequence(children, input, st.Name);
            }
            case CellLayer cell:
            {
                if (cell.Repeat == 1) return Cell(cell, input, name);
                return Chain(cell.Repeat, input, name, (i, shape) => Cell(cell, shape, Index(i)));
            }
            case DagLayer dag:
                return Dag(dag, input, name);
            case Ops.OpLayer op:
                return op.Instantiate(name, input, _arch, _context);
            case EncoderDecoderLayer ed:
                return EncoderDecoder(ed, input, name);
            default:
                throw new ShapeException(layer, $"unsupported layer template {layer.GetType().Name}");
        }
    }

    private PlanNode Sequence(IReadOnlyList<Layer> layers, Shape input, string name) =>
        Chain(layers.Count, input, name, (i, shape) => Build(layers[i], shape, Index(i)));

    /// <summary>A sequence of <paramref name="count"/> nodes, each built on the previous one's output shape.</summary>
    private static SequenceNode Chain(int count, Shape input, string name, Func<int, Shape, PlanNode> build)
    {
        var children = new PlanNode[count];
        var shape = input;
        for (var i = 0; i < count; i++)
        {
            children[i] = build(i, shape);
            shape = children[i].Output;
        }
        return new SequenceNode(name, input, shape, children);
    }

    private PlanNode Residual(ResidualLayer r, Shape input, string name)
    {
        var body = Build(r.Body, input, "body");
        PlanNode? shortcut = null;
        var same = body.Output.Equals(input);
        switch (r.ShortcutKind)
        {
            case ShortcutKind.Identity:
                if (!same) throw new ShapeException(r, $"the residual body turns {input} into {body.Output}, so an identity shortcut cannot be added; give a shortcut");
                break;
            case ShortcutKind.Layer:
                shortcut = Build(r.Shortcut!, input, "shortcut");
                if (!shortcut.Output.Equals(body.Output))
                    throw new ShapeException(r, $"the residual body gives {body.Output} but the shortcut gives {shortcut.Output}");
                break;
            case ShortcutKind.Projection:
                if (!same) shortcut = Skip(r, "shortcut", input, body.Output.Channels, StrideBetween(r, input, body.Output));
                break;
            case ShortcutKind.IdentityIfSameShape:
                if (!same) return Rename(body, name, input);
                break;
        }
        return new ResidualNode(name, input, body.Output, body, shortcut, r.PostActivation);
    }

    private PlanNode MBConv(MBConvLayer mb, Shape input, string name)
    {
        RequireMap(mb, input, "an inverted residual block");
        var outChannels = mb.Out?.Resolve(_arch) ?? input.Channels;
        var expanded = Math.Round(input.Channels * mb.Expand.Resolve(_arch), MidpointRounding.AwayFromZero);
        if (expanded > Shape.MaxChannels)
            throw new ShapeException(mb, $"expanding {input.Channels:N0} channels gives {expanded:N0}, more than {Shape.MaxChannels:N0}");
        var mid = mb.Mid?.Resolve(_arch) ?? Channels.MakeDivisible(expanded, _network.Divisor);
        var act = mb.Activation.Resolve(_arch);
        var stride = mb.Stride.Resolve(_arch);
        var kernel = mb.Kernel.Resolve(_arch);
        var parts = new List<PlanNode>(4);
        var shape = input;
        if (mid != input.Channels)
        {
            var expand = ConvBnAct(mb, "expand", shape, mid, 1, 1, 1, act);
            parts.Add(expand);
            shape = expand.Output;
        }
        var depthwise = ConvBnAct(mb, "depthwise", shape, mid, kernel, stride, mid, act);
        parts.Add(depthwise);
        shape = depthwise.Output;
        if (mb.SqueezeExcite.Resolve(_arch))
        {
            var reduced = mb.SeBase == SqueezeBase.Input ? Math.Max(1, input.Channels / 4) : Channels.MakeDivisible(mid / 4, _network.Divisor);
            parts.Add(new SqueezeExciteNode("se", shape, reduced, mb.SeActivation, mb.SeGate));
        }
        var project = ConvBnAct(mb, "project", shape, outChannels, 1, 1, 1, ActivationKind.None);
        parts.Add(project);
        var body = new SequenceNode(stride == 1 && outChannels == input.Channels ? "body" : name, input, project.Output, parts);
        return stride == 1 && outChannels == input.Channels ? new ResidualNode(name, input, body.Output, body, null) : body;
    }

    private BatchNormNode BatchNorm(Shape shape) => new("bn", shape, eps: _network.BatchNormEps, momentum: _network.BatchNormMomentum);

    private SequenceNode ConvBnAct(Layer origin, string name, Shape input, int outChannels, int kernel, int stride, int groups, ActivationKind act)
    {
        var conv = Conv(origin, "conv", input, outChannels, kernel, stride, null, groups, false);
        var children = act == ActivationKind.None
            ? new PlanNode[] { conv, BatchNorm(conv.Output) }
            : new PlanNode[] { conv, BatchNorm(conv.Output), new ActivationNode("act", conv.Output, act) };
        return new SequenceNode(name, input, conv.Output, children);
    }

    private PlanNode Skip(Layer origin, string name, Shape input, int outChannels, int stride)
    {
        if (stride == 1 && outChannels == input.Channels) return new IdentityNode(name, input);
        return ConvBnAct(origin, name, input, outChannels, 1, stride, 1, ActivationKind.None);
    }

    private Conv2dNode Conv(Layer origin, string name, Shape input, int outChannels, int kernel, int stride, int? padding, int groups, bool bias)
    {
        RequireMap(origin, input, "a convolution");
        Positive(origin, outChannels, "output channels");
        Positive(origin, kernel, "kernel size");
        Positive(origin, groups, "groups");
        if (input.Channels % groups != 0 || outChannels % groups != 0)
            throw new ShapeException(origin, $"a convolution with {groups} groups needs input ({input.Channels}) and output ({outChannels}) channels divisible by {groups}");
        var pad = padding ?? kernel / 2;
        var output = Spatial(origin, input, outChannels, kernel, stride, pad);
        return new Conv2dNode(name, input, output, input.Channels, outChannels, kernel, stride, pad, groups, bias);
    }

    private PlanNode Cell(CellLayer layer, Shape input, string name)
    {
        RequireMap(layer, input, "a cell");
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

    private static Shape Spatial(Layer origin, Shape input, int channels, int kernel, int stride, int padding)
    {
        Positive(origin, stride, "stride");
        var h = (input.Height + 2 * padding - kernel) / stride + 1;
        var w = (input.Width + 2 * padding - kernel) / stride + 1;
        if (input.Height + 2 * padding < kernel || h <= 0 || w <= 0)
            throw new ShapeException(origin, $"a {kernel}x{kernel} window with stride {stride} and padding {padding} does not fit the {input.Height}x{input.Width} feature map");
        return new Shape(channels, h, w);
    }

    private static int StrideBetween(Layer origin, Shape input, Shape output)
    {
        if (output.IsVector || output.Height == 0 || input.Height % output.Height != 0 || input.Height / output.Height != (input.Width + output.Width - 1) / output.Width)
            throw new ShapeException(origin, $"no 1x1 projection turns {input} into {output}");
        return input.Height / output.Height;
    }

    private static void RequireMap(Layer origin, Shape input, string what)
    {
        if (input.IsVector) throw new ShapeException(origin, $"{what} needs a feature map but gets a vector of {input.Channels}; move it before global_pool");
        if (!input.IsFeatureMap) throw new ShapeException(origin, $"{what} needs a feature map but gets {input}; sequences take the transformer ops (attention, ffn, layer_norm)");
    }

    private static int Positive(Layer origin, int value, string what)
    {
        if (value <= 0) throw new ShapeException(origin, $"{what} must be positive, got {value}");
        return value;
    }

    private static PlanNode Rename(PlanNode node, string name, Shape input) =>
        node is SequenceNode s ? new SequenceNode(name, input, s.Output, s.Children) : node;

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}

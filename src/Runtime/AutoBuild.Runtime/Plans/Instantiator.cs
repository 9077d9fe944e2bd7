using System;
using System.Collections.Generic;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Ops;

namespace AutoBuild.Runtime.Plans;

/// <summary>Turns a network template and an architecture into a plan, inferring every layer's shape. Each layer builds
/// its own node (<see cref="Layer.BuildNode"/>: the ops in their files under Ops/); this class holds what they share:
/// the architecture and network settings, and the structure (sequences, residuals, cells, DAG cells, encoder–decoder).
/// Throws <see cref="ShapeException"/> for architectures whose shapes do not fit.</summary>
internal sealed partial class Instantiator
{
    public Instantiator(Architecture architecture, Network network)
    {
        Architecture = architecture;
        Network = network;
    }

    /// <summary>The architecture whose decisions the layers resolve.</summary>
    public Architecture Architecture { get; }
    /// <summary>The network template: its spec-wide settings (BN, divisor, classes).</summary>
    public Network Network { get; }
    /// <summary>Where the layer being built sits (inside a decoder: the encoder's output).</summary>
    public OpContext Context { get; private set; } = OpContext.None;

    public Plan Run()
    {
        Shape input;
        if (Network.Vocabulary > 0) input = Shape.Tokens(Network.Vocabulary, Network.SequenceLength);
        else
        {
            var size = Network.Resolution.Resolve(Architecture);
            input = new Shape(Network.InputChannels, size, size);
        }
        var root = Build(Network.Body, input, "");
        return new Plan(input, root, Network.CountBiasFlops);
    }

    public PlanNode Build(Layer layer, Shape input, string name) => layer.BuildNode(this, input, name);

    public PlanNode Sequence(IReadOnlyList<Layer> layers, Shape input, string name) =>
        Chain(layers.Count, input, name, (i, shape) => Build(layers[i], shape, ShapeRules.Index(i)));

    /// <summary>A sequence of <paramref name="count"/> nodes, each built on the previous one's output shape.</summary>
    public static SequenceNode Chain(int count, Shape input, string name, Func<int, Shape, PlanNode> build)
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

    public PlanNode Residual(ResidualLayer r, Shape input, string name)
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
                if (!same) shortcut = Skip(r, "shortcut", input, body.Output.Channels, ShapeRules.StrideBetween(r, input, body.Output));
                break;
            case ShortcutKind.IdentityIfSameShape:
                if (!same) return Rename(body, name, input);
                break;
        }
        return new ResidualNode(name, input, body.Output, body, shortcut, r.PostActivation);
    }

    /// <summary>BatchNorm with the spec-wide <c>bn:</c> settings.</summary>
    public BatchNormNode BatchNorm(Shape shape) => new("bn", shape, eps: Network.BatchNormEps, momentum: Network.BatchNormMomentum);

    /// <summary>conv + BN (+ activation unless <see cref="ActivationKind.None"/>), named "conv", "bn", "act" inside.</summary>
    public SequenceNode ConvBnAct(Layer origin, string name, Shape input, int outChannels, int kernel, int stride, int groups, ActivationKind act)
    {
        var conv = Conv2dNode.Create(origin, "conv", input, outChannels, kernel, stride, null, groups, false);
        var children = act == ActivationKind.None
            ? new PlanNode[] { conv, BatchNorm(conv.Output) }
            : new PlanNode[] { conv, BatchNorm(conv.Output), new ActivationNode("act", conv.Output, act) };
        return new SequenceNode(name, input, conv.Output, children);
    }

    /// <summary>Identity when the shape is kept, else a 1×1 conv (with the stride) + BN: <c>skip</c> and projection shortcuts.</summary>
    public PlanNode Skip(Layer origin, string name, Shape input, int outChannels, int stride)
    {
        if (stride == 1 && outChannels == input.Channels) return new IdentityNode(name, input);
        return ConvBnAct(origin, name, input, outChannels, 1, stride, 1, ActivationKind.None);
    }

    private static PlanNode Rename(PlanNode node, string name, Shape input) =>
        node is SequenceNode s ? new SequenceNode(name, input, s.Output, s.Children) : node;
}

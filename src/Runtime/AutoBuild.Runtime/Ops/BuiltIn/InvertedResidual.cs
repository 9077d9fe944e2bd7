using System;
using System.Collections.Generic;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir;

/// <summary>What an inverted residual's squeeze-and-excitation width is taken from.</summary>
public enum SqueezeBase
{
    /// <summary>MobileNetV3: make_divisible(expanded width / 4, divisor).</summary>
    Expanded,
    /// <summary>EfficientNet: max(1, block input width / 4), not rounded to the divisor.</summary>
    Input,
}

/// <summary>The built-in <c>mbconv</c> op: MobileNetV2/V3 and EfficientNet inverted residual: [1×1 expand + BN + act]
/// (skipped when the expanded width equals the input), k×k depthwise (stride) + BN + act, [SE], 1×1 project + BN;
/// residual when stride is 1 and the width is kept (an even kernel, which changes the map, is then a shape error). Expanded width = <see cref="Mid"/> when given, else
/// make_divisible(round(in × Expand), divisor). The SE's inner activation is <see cref="SeActivation"/>, its gate
/// <see cref="SeGate"/>, its width from <see cref="SeBase"/>. It has no plan node of its own: it becomes a sequence of
/// conv + BN + act parts (and a <see cref="SqueezeExciteNode"/>), inside a <see cref="ResidualNode"/> when the shape
/// is kept, so its cost and description are its parts'.</summary>
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

    internal override PlanNode BuildNode(Instantiator at, Shape input, string name)
    {
        ShapeRules.RequireMap(this, input, "an inverted residual block");
        var arch = at.Architecture;
        var divisor = at.Network.Divisor;
        var outChannels = Out?.Resolve(arch) ?? input.Channels;
        var expanded = Math.Round(input.Channels * Expand.Resolve(arch), MidpointRounding.AwayFromZero);
        if (expanded > Shape.MaxChannels)
            throw new ShapeException(this, $"expanding {input.Channels:N0} channels gives {expanded:N0}, more than {Shape.MaxChannels:N0}");
        var mid = Mid?.Resolve(arch) ?? Channels.MakeDivisible(expanded, divisor);
        var act = Activation.Resolve(arch);
        var stride = Stride.Resolve(arch);
        var kernel = Kernel.Resolve(arch);
        var parts = new List<PlanNode>(4);
        var shape = input;
        if (mid != input.Channels)
        {
            var expand = at.ConvBnAct(this, "expand", shape, mid, 1, 1, 1, act);
            parts.Add(expand);
            shape = expand.Output;
        }
        var depthwise = at.ConvBnAct(this, "depthwise", shape, mid, kernel, stride, mid, act);
        parts.Add(depthwise);
        shape = depthwise.Output;
        if (SqueezeExcite.Resolve(arch))
        {
            var reduced = SeBase == SqueezeBase.Input ? Math.Max(1, input.Channels / 4) : Channels.MakeDivisible(mid / 4, divisor);
            parts.Add(new SqueezeExciteNode("se", shape, reduced, SeActivation, SeGate));
        }
        var project = at.ConvBnAct(this, "project", shape, outChannels, 1, 1, 1, ActivationKind.None);
        parts.Add(project);
        var keepsShape = stride == 1 && outChannels == input.Channels;
        if (keepsShape && !project.Output.Equals(input))
            throw new ShapeException(this, $"the inverted residual's depthwise kernel {kernel} turns {input} into {project.Output}, so its residual cannot be added; use an odd kernel");
        var body = new SequenceNode(keepsShape ? "body" : name, input, project.Output, parts);
        return keepsShape ? new ResidualNode(name, input, body.Output, body, null) : body;
    }
}

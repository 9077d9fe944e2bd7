using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>ShuffleNet's channel shuffle: the channels, seen as <c>groups</c> × (C / groups), are transposed to
/// (C / groups) × <c>groups</c>, so that the next grouped convolution mixes information across groups. No weights,
/// no multiply-accumulates (it moves data, like pooling's windows it is not counted). Spec:
/// <c>- channel_shuffle: { groups: 4 }</c>; <c>groups</c> may be a choice.</summary>
public sealed class ChannelShuffleOp : OpDefinition
{
    public override string Name => "channel_shuffle";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "groups" };
    public override string Example => "{ channel_shuffle: { groups: 4 } }";
    public override Type NodeType => typeof(ChannelShuffleNode);

    public override OpLayer? Bind(IOpOptions options) =>
        options.Int("groups", 1, 1024) is { } groups ? new ChannelShuffleLayer(groups) : null;

    // (B, C, H, W) -> (B, g, C/g, H, W) -> swap the two channel axes -> (B, C, H, W); reshape copies when needed.
    public override string TorchSharpModule =>
        "new FunctionLayer(\"ChannelShuffle\", x => x.reshape(-1, n.Groups, n.Input.Channels / n.Groups, n.Input.Height, n.Input.Width)"
        + ".transpose(1, 2).reshape(-1, n.Input.Channels, n.Input.Height, n.Input.Width))";
}

public sealed class ChannelShuffleLayer : OpLayer
{
    public ChannelShuffleLayer(Value<int> groups) => Groups = groups;

    public Value<int> Groups { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture)
    {
        RequireFeatureMap(input, "channel_shuffle");
        var groups = Groups.Resolve(architecture);
        if (groups < 1 || input.Channels % groups != 0)
            throw new ShapeException(this, $"channel_shuffle with {groups} groups needs channels divisible by {groups}, but gets {input.Channels}");
        return new ChannelShuffleNode(name, input, groups);
    }
}

public sealed class ChannelShuffleNode : OpNode
{
    public ChannelShuffleNode(string name, Shape shape, int groups) : base(name, shape, shape) => Groups = groups;

    public int Groups { get; }
    public override long Params => 0;
    public override long Flops(bool countBias) => 0;
    public override string Description => string.Format(CultureInfo.InvariantCulture, "channel_shuffle {0} groups", Groups);
    public override string OpName => "channel_shuffle";
}

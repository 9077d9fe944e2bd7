using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>The transformer's position-wise feed-forward block: Linear(d → hidden) + ReLU + Linear(hidden → d), with
/// biases (fairseq's fc1/fc2). Spec: <c>- ffn: { hidden: { choose: [1024, 2048, 3072] } }</c>. Params 2·d·hidden +
/// hidden + d; MACs per token 2·d·hidden.</summary>
public sealed class FeedForwardOp : OpDefinition
{
    public override string Name => "ffn";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "hidden" };
    public override string Example => "{ ffn: { hidden: 2048 } }";
    public override Type NodeType => typeof(FeedForwardNode);

    public override OpLayer? Bind(IOpOptions options) =>
        options.Int("hidden", 1, 1_000_000) is { } hidden ? new FeedForwardLayer(hidden) : null;

    public override string TorchSharpModule => "new TransformerLayers.FeedForward(n)";
}

public sealed class FeedForwardLayer : OpLayer
{
    public FeedForwardLayer(Value<int> hidden) => Hidden = hidden;

    public Value<int> Hidden { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture)
    {
        RequireSequence(input, "ffn");
        var hidden = Hidden.Resolve(architecture);
        if (hidden <= 0) throw new ShapeException(this, $"the ffn hidden width must be positive, got {hidden}");
        return new FeedForwardNode(name, input, hidden);
    }
}

public sealed class FeedForwardNode : OpNode
{
    public FeedForwardNode(string name, Shape input, int hidden) : base(name, input, input) => Hidden = hidden;

    public int Dim => Input.Channels;
    public int Hidden { get; }
    public override long Params => checked(2L * Dim * Hidden + Hidden + Dim);
    public override long Flops(bool countBias) => checked(2L * Dim * Hidden + (countBias ? (long)Hidden + Dim : 0));
    public override string Description => string.Format(CultureInfo.InvariantCulture, "ffn {0} -> {1} -> {0}, relu", Dim, Hidden);
    public override string OpName => "ffn";
}

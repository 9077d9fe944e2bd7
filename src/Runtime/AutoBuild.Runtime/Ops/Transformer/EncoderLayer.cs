using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>A Transformer encoder layer as fairseq (and HAT) writes it: x = LN(x + SelfAttention(x)), then
/// x = LN(x + FFN(x)); <c>pre_norm: true</c> normalises before each sublayer instead. Spec:
/// <c>block: { encoder_layer: { heads: { choose: [4, 8] }, ffn: { choose: [1024, 2048, 3072] } } }</c>.
/// Its cost is that of its parts (<see cref="AttentionNode"/>, two <see cref="LayerNormNode"/>s,
/// <see cref="FeedForwardNode"/>).</summary>
public sealed class EncoderLayerOp : OpDefinition
{
    public override string Name => "encoder_layer";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "heads", "ffn", "pre_norm" };
    public override string Example => "{ encoder_layer: { heads: 8, ffn: 2048 } }";
    public override Type NodeType => typeof(EncoderLayerNode);

    public override OpLayer? Bind(IOpOptions options)
    {
        var heads = options.Int("heads", 1, 4096);
        var ffn = options.Int("ffn", 1, 1_000_000);
        var preNorm = options.Bool("pre_norm", false);
        return heads is null || ffn is null || preNorm is null ? null : new EncoderLayerLayer(heads, ffn, preNorm.Value);
    }

    public override string TorchSharpModule => "new TransformerLayers.EncoderLayer(n)";
}

public sealed class EncoderLayerLayer : OpLayer
{
    public EncoderLayerLayer(Value<int> heads, Value<int> ffn, bool preNorm)
    {
        Heads = heads; Ffn = ffn; PreNorm = preNorm;
    }

    public Value<int> Heads { get; }
    public Value<int> Ffn { get; }
    public bool PreNorm { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture)
    {
        RequireSequence(input, "encoder_layer");
        var ffn = Ffn.Resolve(architecture);
        if (ffn <= 0) throw new ShapeException(this, $"the ffn hidden width must be positive, got {ffn}");
        return new EncoderLayerNode(name, input,
            AttentionNode.Create(this, "self_attn", input, input, Heads.Resolve(architecture), causal: false),
            new FeedForwardNode("ffn", input, ffn), PreNorm);
    }
}

public sealed class EncoderLayerNode : OpNode
{
    public EncoderLayerNode(string name, Shape input, AttentionNode selfAttention, FeedForwardNode feedForward, bool preNorm)
        : base(name, input, input)
    {
        SelfAttention = selfAttention; FeedForward = feedForward; PreNorm = preNorm;
        SelfAttentionNorm = new LayerNormNode("self_attn_layer_norm", input, LayerNormOp.DefaultEps);
        FinalNorm = new LayerNormNode("final_layer_norm", input, LayerNormOp.DefaultEps);
    }

    public AttentionNode SelfAttention { get; }
    public LayerNormNode SelfAttentionNorm { get; }
    public FeedForwardNode FeedForward { get; }
    public LayerNormNode FinalNorm { get; }
    public bool PreNorm { get; }

    public override long Params => checked(SelfAttention.Params + SelfAttentionNorm.Params + FeedForward.Params + FinalNorm.Params);
    public override long Flops(bool countBias) => checked(SelfAttention.Flops(countBias) + FeedForward.Flops(countBias));
    public override string Description => string.Format(CultureInfo.InvariantCulture, "encoder layer: {0} heads, ffn {1}, width {2}",
        SelfAttention.Heads, FeedForward.Hidden, Input.Channels);
    public override string OpName => "encoder_layer";
}

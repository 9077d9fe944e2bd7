using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>A Transformer decoder layer as fairseq (and HAT) writes it: x = LN(x + CausalSelfAttention(x)),
/// x = LN(x + EncoderDecoderAttention(x, memory)), x = LN(x + FFN(x)); <c>pre_norm: true</c> normalises before
/// each sublayer. Only inside the decoder of an <c>encoder_decoder</c>. Spec: <c>block: { decoder_layer: { heads: 8,
/// cross_heads: { choose: [4, 8] }, ffn: 2048 } }</c> (<c>cross_heads</c> defaults to <c>heads</c>).</summary>
public sealed class DecoderLayerOp : OpDefinition
{
    public override string Name => "decoder_layer";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "heads", "cross_heads", "ffn", "pre_norm" };
    public override string Example => "{ decoder_layer: { heads: 8, cross_heads: 8, ffn: 2048 } }";
    public override Type NodeType => typeof(DecoderLayerNode);

    public override OpLayer? Bind(IOpOptions options)
    {
        var heads = options.Int("heads", 1, 4096);
        // Absent: the self-attention's heads (a literal 0 stands for "same as heads"; no choice is created).
        var crossHeads = options.Int("cross_heads", 1, 4096, fallback: 0);
        var ffn = options.Int("ffn", 1, 1_000_000);
        var preNorm = options.Bool("pre_norm", false);
        return heads is null || crossHeads is null || ffn is null || preNorm is null
            ? null : new DecoderLayerLayer(heads, crossHeads, ffn, preNorm.Value);
    }

    public override string TorchSharpModule => "new TransformerLayers.DecoderLayer(n)";
}

public sealed class DecoderLayerLayer : OpLayer
{
    public DecoderLayerLayer(Value<int> heads, Value<int> crossHeads, Value<int> ffn, bool preNorm)
    {
        Heads = heads; CrossHeads = crossHeads; Ffn = ffn; PreNorm = preNorm;
    }

    public Value<int> Heads { get; }
    /// <summary>Heads of the encoder–decoder attention; 0 = <see cref="Heads"/>.</summary>
    public Value<int> CrossHeads { get; }
    public Value<int> Ffn { get; }
    public bool PreNorm { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture) =>
        Instantiate(name, input, architecture, OpContext.None);

    public override OpNode Instantiate(string name, Shape input, Architecture architecture, OpContext context)
    {
        RequireSequence(input, "decoder_layer");
        var memory = RequireMemory(context, "decoder_layer");
        var heads = Heads.Resolve(architecture);
        var crossHeads = CrossHeads.Resolve(architecture);
        var ffn = Ffn.Resolve(architecture);
        if (ffn <= 0) throw new ShapeException(this, $"the ffn hidden width must be positive, got {ffn}");
        return new DecoderLayerNode(name, input,
            AttentionNode.Create(this, "self_attn", input, input, heads, causal: true),
            AttentionNode.Create(this, "encoder_attn", input, memory, crossHeads == 0 ? heads : crossHeads, causal: false, cross: true),
            new FeedForwardNode("ffn", input, ffn), PreNorm);
    }
}

public sealed class DecoderLayerNode : OpNode
{
    public DecoderLayerNode(string name, Shape input, AttentionNode selfAttention, AttentionNode encoderAttention, FeedForwardNode feedForward, bool preNorm)
        : base(name, input, input)
    {
        SelfAttention = selfAttention; EncoderAttention = encoderAttention; FeedForward = feedForward; PreNorm = preNorm;
        SelfAttentionNorm = new LayerNormNode("self_attn_layer_norm", input, LayerNormOp.DefaultEps);
        EncoderAttentionNorm = new LayerNormNode("encoder_attn_layer_norm", input, LayerNormOp.DefaultEps);
        FinalNorm = new LayerNormNode("final_layer_norm", input, LayerNormOp.DefaultEps);
    }

    public AttentionNode SelfAttention { get; }
    public LayerNormNode SelfAttentionNorm { get; }
    public AttentionNode EncoderAttention { get; }
    public LayerNormNode EncoderAttentionNorm { get; }
    public FeedForwardNode FeedForward { get; }
    public LayerNormNode FinalNorm { get; }
    public bool PreNorm { get; }

    public override long Params => checked(SelfAttention.Params + SelfAttentionNorm.Params + EncoderAttention.Params
        + EncoderAttentionNorm.Params + FeedForward.Params + FinalNorm.Params);
    public override long Flops(bool countBias) => checked(SelfAttention.Flops(countBias) + EncoderAttention.Flops(countBias) + FeedForward.Flops(countBias));
    public override string Description => string.Format(CultureInfo.InvariantCulture, "decoder layer: {0} heads, {1} encoder-decoder heads, ffn {2}, width {3}",
        SelfAttention.Heads, EncoderAttention.Heads, FeedForward.Hidden, Input.Channels);
    public override string OpName => "decoder_layer";
}

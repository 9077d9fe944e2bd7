using System;
using System.Collections.Generic;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>Encoder–decoder attention: the decoder's tokens (width d) attend to the encoder output (width e, its own
/// embedding dim), as in HAT where encoder and decoder dims differ. Only inside the <c>decoder</c> of an
/// <c>encoder_decoder</c>. Spec: <c>- cross_attention: { heads: 4 }</c>. Params 2d² + 2ed + 4d; MACs per target token
/// 2d² + 2ed + 2·L·d (source length = target length = L).</summary>
public sealed class CrossAttentionOp : OpDefinition
{
    public override string Name => "cross_attention";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "heads" };
    public override string Example => "{ cross_attention: { heads: 8 } }";
    public override Type NodeType => typeof(AttentionNode);

    public override OpLayer? Bind(IOpOptions options) =>
        options.Int("heads", 1, 4096) is { } heads ? new CrossAttentionLayer(heads) : null;

    // Cross-attention is an AttentionNode too; the attention op's dispatch line builds it.
    public override string TorchSharpModule => "new TransformerLayers.Attention(n)";
}

public sealed class CrossAttentionLayer : OpLayer
{
    public CrossAttentionLayer(Value<int> heads) => Heads = heads;

    public Value<int> Heads { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture) =>
        Instantiate(name, input, architecture, OpContext.None);

    public override OpNode Instantiate(string name, Shape input, Architecture architecture, OpContext context)
    {
        RequireSequence(input, "cross_attention");
        var memory = RequireMemory(context, "cross_attention");
        return AttentionNode.Create(this, name, input, memory, Heads.Resolve(architecture), causal: false, cross: true);
    }
}

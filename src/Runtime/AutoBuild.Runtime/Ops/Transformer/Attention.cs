using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>Multi-head self-attention over a sequence of d features (Vaswani et al. 2017; fairseq's
/// MultiheadAttention): q, k, v and output projections d → d with bias; <c>heads</c> must divide d; <c>causal:
/// true</c> masks later tokens (a decoder). Spec: <c>- attention: { heads: { choose: [4, 8] } }</c>.
/// Params 4d² + 4d. MACs per token (L tokens): 4d² for the projections + 2·L·d for QKᵀ and the weighted sum of V
/// (the whole L×L product, also when causal: that is what is computed).</summary>
public sealed class AttentionOp : OpDefinition
{
    public override string Name => "attention";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "heads", "causal" };
    public override string Example => "{ attention: { heads: 8 } }";
    public override Type NodeType => typeof(AttentionNode);

    public override OpLayer? Bind(IOpOptions options)
    {
        var heads = options.Int("heads", 1, 4096);
        var causal = options.Bool("causal", false);
        return heads is null || causal is null ? null : new AttentionLayer(heads, causal.Value);
    }

    public override string TorchSharpModule => "new TransformerLayers.Attention(n)";
}

public sealed class AttentionLayer : OpLayer
{
    public AttentionLayer(Value<int> heads, bool causal)
    {
        Heads = heads; Causal = causal;
    }

    public Value<int> Heads { get; }
    public bool Causal { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture)
    {
        RequireSequence(input, "attention");
        return AttentionNode.Create(this, name, input, input, Heads.Resolve(architecture), Causal);
    }
}

/// <summary>Multi-head attention of a query sequence (<see cref="PlanNode.Input"/>) over a key/value sequence
/// (<see cref="KeyValue"/>: the input itself for self-attention, the encoder output for cross-attention).</summary>
public sealed class AttentionNode : OpNode
{
    private AttentionNode(string name, Shape input, Shape keyValue, int heads, bool causal, bool cross) : base(name, input, input)
    {
        KeyValue = keyValue; Heads = heads; Causal = causal; IsCross = cross;
    }

    /// <summary>Checks what every attention needs (heads dividing the width) and builds the node.</summary>
    internal static AttentionNode Create(Layer origin, string name, Shape input, Shape keyValue, int heads, bool causal, bool cross = false)
    {
        if (heads <= 0 || input.Channels % heads != 0)
            throw new ShapeException(origin, $"attention with {heads} heads needs a width divisible by {heads}, but the sequence has {input.Channels} features");
        return new AttentionNode(name, input, keyValue, heads, causal, cross);
    }

    /// <summary>The sequence keys and values are projected from.</summary>
    public Shape KeyValue { get; }
    public int Heads { get; }
    public bool Causal { get; }
    /// <summary>Encoder–decoder attention: keys and values come from the encoder output.</summary>
    public bool IsCross { get; }
    public int Dim => Input.Channels;
    public int KeyValueDim => KeyValue.Channels;

    // q and out: d×d; k and v: e×d; four biases of d.
    public override long Params => checked(2L * Dim * Dim + 2L * KeyValueDim * Dim + 4L * Dim);

    public override long Flops(bool countBias)
    {
        checked
        {
            long d = Dim, e = KeyValueDim, lq = Input.Length, lkv = KeyValue.Length;
            // One forward over lq queries and lkv keys, then per query token. Every term has a factor lq (lkv = lq for
            // self-attention; cross-attention's memory has the source length, which equals the target length).
            var total = lq * 2 * d * d + lkv * 2 * e * d + 2 * lq * lkv * d
                + (countBias ? lq * 2 * d + lkv * 2 * d : 0);
            return total / lq;
        }
    }

    public override string Description => string.Format(CultureInfo.InvariantCulture, "{0} {1} heads, width {2}{3}",
        IsCross ? "encoder-decoder attention" : Causal ? "causal self-attention" : "self-attention", Heads, Dim,
        IsCross ? string.Format(CultureInfo.InvariantCulture, ", memory {0}", KeyValueDim) : "");
    public override string OpName => IsCross ? "cross_attention" : "attention";
}

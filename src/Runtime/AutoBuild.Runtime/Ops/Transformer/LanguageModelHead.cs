using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>The output projection of a sequence network: each token's d features → logits over the vocabulary
/// (<c>input: { vocab }</c>). Spec: <c>- lm_head</c> or <c>- lm_head: { bias: true }</c>. Params d·V (+ V); MACs per
/// token d·V. fairseq ties it to the decoder embedding; here it has weights of its own.</summary>
public sealed class LanguageModelHeadOp : OpDefinition
{
    public override string Name => "lm_head";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "bias" };
    public override string Example => "lm_head";
    public override Type NodeType => typeof(LanguageModelHeadNode);

    public override OpLayer? Bind(IOpOptions options) =>
        options.Bool("bias", false) is { } bias ? new LanguageModelHeadLayer(bias) : null;

    public override string TorchSharpModule => "Torch.nn.Linear(n.Dim, n.Vocabulary, hasBias: n.Bias)";
}

public sealed class LanguageModelHeadLayer : OpLayer
{
    public LanguageModelHeadLayer(bool bias) => Bias = bias;

    public bool Bias { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture)
    {
        RequireSequence(input, "lm_head");
        var vocabulary = architecture.Space.Network?.Vocabulary ?? 0;
        if (vocabulary <= 0) throw new ShapeException(this, "lm_head projects to the vocabulary, but the input declares none; write input: { sequence: <tokens>, vocab: <size> }");
        return new LanguageModelHeadNode(name, input, vocabulary, Bias);
    }
}

public sealed class LanguageModelHeadNode : OpNode
{
    public LanguageModelHeadNode(string name, Shape input, int vocabulary, bool bias)
        : base(name, input, Shape.Sequence(vocabulary, input.Length))
    {
        Vocabulary = vocabulary; Bias = bias;
    }

    public int Dim => Input.Channels;
    public int Vocabulary { get; }
    public bool Bias { get; }
    public override long Params => checked((long)Dim * Vocabulary + (Bias ? Vocabulary : 0));
    public override long Flops(bool countBias) => checked((long)Dim * Vocabulary + (countBias && Bias ? Vocabulary : 0));
    public override string Description => string.Format(CultureInfo.InvariantCulture, "lm_head {0} -> {1} logits", Dim, Vocabulary);
    public override string OpName => "lm_head";
}

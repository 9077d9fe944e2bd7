using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>Token embedding: token ids → a sequence of <c>dim</c> features per token, scaled by √dim (fairseq's
/// Transformer, as HAT uses it), plus sinusoidal positions (no weights), or learned positions with
/// <c>learned_positions: true</c>. Spec: <c>- embedding: { dim: { choose: [512, 640], name: encoder_dim } }</c>.
/// Params: vocab × dim (+ length × dim when learned). A lookup has no multiply-accumulates.</summary>
public sealed class EmbeddingOp : OpDefinition
{
    public override string Name => "embedding";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "dim", "learned_positions", "scale" };
    public override string Example => "{ embedding: { dim: 512 } }";
    public override Type NodeType => typeof(EmbeddingNode);

    public override OpLayer? Bind(IOpOptions options)
    {
        var dim = options.Int("dim", 1, 1_000_000);
        var learned = options.Bool("learned_positions", false);
        var scale = options.Bool("scale", true);
        return dim is null || learned is null || scale is null ? null : new EmbeddingLayer(dim, learned.Value, scale.Value);
    }

    public override string TorchSharpModule => "new TransformerLayers.Embedding(n)";
}

public sealed class EmbeddingLayer : OpLayer
{
    public EmbeddingLayer(Value<int> dim, bool learnedPositions, bool scale)
    {
        Dim = dim; LearnedPositions = learnedPositions; Scale = scale;
    }

    public Value<int> Dim { get; }
    public bool LearnedPositions { get; }
    public bool Scale { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture)
    {
        if (!input.IsTokens)
            throw new ShapeException(this, $"an embedding reads token ids but gets {input}; it must come first in a sequence network (input: {{ sequence, vocab }}), or first in the encoder and the decoder");
        var dim = Dim.Resolve(architecture);
        if (dim <= 0) throw new ShapeException(this, $"the embedding dim must be positive, got {dim}");
        return new EmbeddingNode(name, input, dim, LearnedPositions, Scale);
    }
}

public sealed class EmbeddingNode : OpNode
{
    public EmbeddingNode(string name, Shape input, int dim, bool learnedPositions, bool scale)
        : base(name, input, Shape.Sequence(dim, input.Length))
    {
        Vocabulary = input.Channels; Dim = dim; LearnedPositions = learnedPositions; Scale = scale;
    }

    public int Vocabulary { get; }
    public int Dim { get; }
    public int Length => Input.Length;
    public bool LearnedPositions { get; }
    public bool Scale { get; }
    public override long Params => checked((long)Vocabulary * Dim + (LearnedPositions ? (long)Length * Dim : 0));
    public override long Flops(bool countBias) => 0;
    public override string Description => string.Format(CultureInfo.InvariantCulture, "embedding {0} tokens -> {1} ({2} positions)",
        Vocabulary, Dim, LearnedPositions ? "learned" : "sinusoidal");
    public override string OpName => "embedding";
}

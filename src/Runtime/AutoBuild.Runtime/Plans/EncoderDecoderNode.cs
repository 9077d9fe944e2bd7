namespace AutoBuild.Runtime.Plans;

/// <summary>An encoder–decoder of one architecture: <see cref="Encoder"/> turns the source token ids into the memory,
/// <see cref="Decoder"/> turns the target token ids (attending to the memory) into the output. The generated model
/// reads a batch of N × 2 × L token ids: source in row 0, target in row 1.</summary>
public sealed class EncoderDecoderNode : PlanNode
{
    public EncoderDecoderNode(string name, Shape input, PlanNode encoder, PlanNode decoder)
        : base(name, input, decoder.Output)
    {
        Encoder = encoder; Decoder = decoder;
    }

    public PlanNode Encoder { get; }
    public PlanNode Decoder { get; }
    /// <summary>The encoder output the decoder's cross-attention reads.</summary>
    public Shape Memory => Encoder.Output;

    public override long Params => checked(Encoder.Params + Decoder.Params);

    public override long Flops(bool countBias) => checked(Encoder.Flops(countBias) + Decoder.Flops(countBias));

    public override string Description => "encoder_decoder";
}

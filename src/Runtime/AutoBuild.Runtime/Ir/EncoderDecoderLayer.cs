namespace AutoBuild.Runtime.Ir;

/// <summary>A sequence-to-sequence network (spec <c>encoder_decoder: { encoder: [...], decoder: [...] }</c>): the
/// encoder reads the source tokens, the decoder the target tokens, and every cross-attention in the decoder attends
/// to the encoder's output. Both start from the token ids of the network input.</summary>
public sealed class EncoderDecoderLayer : Layer
{
    public EncoderDecoderLayer(Layer encoder, Layer decoder)
    {
        Encoder = encoder; Decoder = decoder;
    }

    public Layer Encoder { get; }
    public Layer Decoder { get; }

    internal override Plans.PlanNode BuildNode(Plans.Instantiator at, Plans.Shape input, string name) => at.EncoderDecoder(this, input, name);
}

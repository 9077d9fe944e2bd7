using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Ops;

namespace AutoBuild.Runtime.Plans;

// Sequence networks: the encoder–decoder sets the memory that the decoder's cross-attention ops read.
internal sealed partial class Instantiator
{
    public PlanNode EncoderDecoder(EncoderDecoderLayer layer, Shape input, string name)
    {
        if (!input.IsTokens)
            throw new ShapeException(layer, $"an encoder_decoder reads token ids but gets {input}; declare input: {{ sequence: <tokens>, vocab: <size> }} and place it first");
        if (Context.Memory is not null)
            throw new ShapeException(layer, "an encoder_decoder cannot be nested inside the decoder of another one");
        var encoder = Build(layer.Encoder, input, "encoder");
        if (!encoder.Output.IsSequence)
            throw new ShapeException(layer, $"the encoder must end with a sequence of token features (the memory the decoder attends to), but gives {encoder.Output}");
        Context = new OpContext(encoder.Output);
        try
        {
            var decoder = Build(layer.Decoder, input, "decoder");
            return new EncoderDecoderNode(name, input, encoder, decoder);
        }
        finally
        {
            Context = OpContext.None;
        }
    }
}

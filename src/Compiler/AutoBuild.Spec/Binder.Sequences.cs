using AutoBuild.Runtime.Ir;

namespace AutoBuild.Spec;

// Sequence networks (transformers): the token input and the encoder–decoder.
internal sealed partial class Binder
{
    /// <summary><c>input: { sequence: 30, vocab: 32000 }</c> (<c>tokens</c> is a synonym of <c>sequence</c>): the
    /// number of source and target tokens, and the vocabulary size.</summary>
    private (int Length, int Vocabulary) BindSequenceInput(MappingSyntax input)
    {
        foreach (var imageKey in new[] { "channels", "size" })
            if (input.KeyOf(imageKey) is { } node)
                _read.Error(SpecDiagnostics.Unsupported(_read.At(node), $"'{imageKey}' in a sequence input", "an input is either an image (channels, size) or tokens (sequence, vocab); remove it"));
        if (input.KeyOf("sequence") is { } both && input.KeyOf("tokens") is { } synonym)
            _read.Error(SpecDiagnostics.Duplicate(_read.At(synonym), "input key", "tokens", $"'sequence' at line {both.Line} (they are synonyms)"));
        var lengthNode = input.Get("sequence") ?? input.Get("tokens");
        if (lengthNode is null) _read.Error(SpecDiagnostics.MissingKey(_read.At(input), "sequence", "a sequence input", "input: { sequence: 30, vocab: 32000 }"));
        if (input.Get("vocab") is null) _read.Error(SpecDiagnostics.MissingKey(_read.At(input), "vocab", "a sequence input", "input: { sequence: 30, vocab: 32000 }"));
        var length = lengthNode is null ? null : _read.IntLiteral(lengthNode, "sequence length", 1, 100_000);
        var vocabulary = input.Get("vocab") is { } v ? _read.IntLiteral(v, "vocab", 1, 10_000_000) : null;
        // 1 keeps the network a sequence network after an error, so later messages speak of tokens, not images.
        return (length ?? 1, vocabulary ?? 1);
    }

    /// <summary><c>encoder_decoder: { encoder: [layers], decoder: [layers] }</c>, directly in 'network:'; both lists may
    /// hold stages (numbered after the stages before them).</summary>
    private Layer? BindEncoderDecoder(SyntaxNode? value, ScalarSyntax key)
    {
        if (Options("encoder_decoder", value, key) is not { } o) return null;
        Layer? Part(string name)
        {
            if (o.Get(name) is not { } node)
            {
                _read.Error(SpecDiagnostics.MissingKey(_read.At(key), name, "'encoder_decoder'",
                    "encoder_decoder: { encoder: [{ embedding: { dim: 512 } }, ...], decoder: [{ embedding: { dim: 512 } }, ...] }"));
                return null;
            }
            if (node is SequenceSyntax { Items.Count: > 0 } list) return BindTopLevelList(list, allowEncoderDecoder: false);
            _read.Error(SpecDiagnostics.WrongType(_read.At(node), $"'{name}'", "a non-empty list of layers", node is SequenceSyntax ? "an empty list" : node.KindName));
            return null;
        }
        var encoder = Part("encoder");
        var decoder = Part("decoder");
        return encoder is null || decoder is null ? null : new EncoderDecoderLayer(encoder, decoder) { Origin = key };
    }
}

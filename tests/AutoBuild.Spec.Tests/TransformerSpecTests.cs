using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec.Tests;

/// <summary>Sequence inputs, the transformer ops and encoder_decoder: what binds, the decisions they create, and a
/// located diagnostic for every misuse.</summary>
public class TransformerSpecTests
{
    private const string EncoderOnly = """
        space: T
        input: { sequence: 10, vocab: 100 }
        network:
          - embedding: { dim: 32 }
          - stage: { name: enc, depth: { choose: [1, 2] }, block: { encoder_layer: { heads: { choose: [2, 4] }, ffn: 64 } } }
          - layer_norm
          - lm_head
        """;

    private static SpecResult Compile(string text) => SpecCompiler.Compile("t.space.yaml", text);

    private static SearchSpace Valid(string text)
    {
        var result = Compile(text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Space!;
    }

    [Fact]
    public void A_sequence_input_gives_token_ids_and_per_layer_decisions_in_stages()
    {
        var space = Valid(EncoderOnly);
        Assert.Equal(10, space.Network!.SequenceLength);
        Assert.Equal(100, space.Network.Vocabulary);
        Assert.Equal(new[] { "enc.depth", "enc.l1.heads", "enc.l2.heads" }, space.Decisions.Select(d => d.Name));
        Assert.Equal(("enc", 0, 1), (space.Decisions[2].Site.Stage, space.Decisions[2].Site.StageIndex, space.Decisions[2].Site.Layer));
        var plan = space.Instantiate(space.Create(new[] { 1, 0, 1 }));
        Assert.Equal(Shape.Tokens(100, 10), plan.Input);
        Assert.Equal(Shape.Sequence(100, 10), plan.Root.Output);
        // Embedding 100x32; per layer 4*(32*32+32) + 2*2*32 + (2*32*64 + 64 + 32); LayerNorm 64; lm_head 32*100.
        Assert.Equal(3200 + 2 * (4224 + 128 + 4192) + 64 + 3200, space.Params(space.Create(new[] { 1, 0, 1 })));
    }

    [Fact]
    public void Tokens_is_a_synonym_of_sequence()
    {
        var space = Valid(EncoderOnly.Replace("sequence: 10", "tokens: 10"));
        Assert.Equal(10, space.Network!.SequenceLength);
    }

    [Fact]
    public void The_example_hat_space_has_the_decisions_of_the_data()
    {
        var space = TestData.CompileExample("hat-transformer.space.yaml");
        Assert.Equal(33, space.Decisions.Count);
        Assert.Equal("encoder_embed_dim", space.Decisions[0].Name);
        Assert.Equal(new[] { "512", "1024", "2048", "3072" }, space.Decisions[space.IndexOfDecision("decoder.l6.ffn")].Values);
        Assert.NotNull(space.Decisions[space.IndexOfDecision("decoder.l2.cross_heads")].ActiveWhen);
    }

    [Theory]
    // Input: image keys beside tokens, a missing vocab, both synonyms.
    [InlineData("input: { sequence: 10, vocab: 100, size: 32 }", "AB1013", 2, 36, "'size' in a sequence input")]
    [InlineData("input: { sequence: 10 }", "AB1004", 2, 8, "needs 'vocab'")]
    [InlineData("input: { sequence: 10, tokens: 10, vocab: 100 }", "AB1007", 2, 24, "synonyms")]
    public void Bad_sequence_inputs_are_located(string input, string code, int line, int column, string text)
    {
        var result = Compile(EncoderOnly.Replace("input: { sequence: 10, vocab: 100 }", input));
        var d = Assert.Single(result.Diagnostics, x => x.Code == code);
        Assert.Equal((line, column), (d.Location.Line, d.Location.Column));
        Assert.Contains(text, d.Message);
    }

    [Theory]
    [InlineData("  - conv: { out: 8, kernel: 3 }\n", "a convolution needs a feature map but gets 10 tokens of 100")]
    [InlineData("  - embedding: { dim: 30 }\n  - attention: { heads: 4 }\n", "attention with 4 heads needs a width divisible by 4")]
    [InlineData("  - embedding: { dim: 32 }\n  - cross_attention: { heads: 4 }\n", "must be inside the decoder of an encoder_decoder")]
    [InlineData("  - embedding: { dim: 32 }\n  - decoder_layer: { heads: 4, ffn: 8 }\n", "must be inside the decoder of an encoder_decoder")]
    [InlineData("  - ffn: { hidden: 8 }\n", "put an embedding before it")]
    [InlineData("  - embedding: { dim: 32 }\n  - bn\n", "BatchNorm needs a feature map but gets 10x32 sequence")]
    [InlineData("  - embedding: { dim: 32 }\n  - global_pool\n", "global pooling needs a feature map")]
    [InlineData("  - embedding: { dim: 32 }\n  - embedding: { dim: 32 }\n", "an embedding reads token ids but gets 10x32 sequence")]
    public void Misplaced_ops_are_impossible_shapes_at_the_op(string layers, string text)
    {
        var result = Compile("space: T\ninput: { sequence: 10, vocab: 100 }\nnetwork:\n" + layers);
        var d = Assert.Single(result.Diagnostics, x => x.Code == "AB1008");
        Assert.Contains(text, d.Message);
        Assert.True(d.Location.Line >= 4, d.ToString());
    }

    [Fact]
    public void An_image_op_before_an_embedding_is_refused_and_an_encoder_decoder_needs_tokens()
    {
        var result = Compile("space: T\ninput: { size: 8 }\nnetwork:\n  - encoder_decoder: { encoder: [{ embedding: { dim: 8 } }], decoder: [{ embedding: { dim: 8 } }] }\n");
        var d = Assert.Single(result.Diagnostics, x => x.Code == "AB1008");
        Assert.Equal(4, d.Location.Line);
        Assert.Contains("declare input: { sequence: <tokens>, vocab: <size> }", d.Message);
    }

    [Theory]
    [InlineData("  - residual: { body: { encoder_decoder: { encoder: [relu], decoder: [relu] } } }\n", "AB1013", "an encoder_decoder inside another layer")]
    [InlineData("  - encoder_decoder: { encoder: [{ embedding: { dim: 8 } }] }\n", "AB1004", "'encoder_decoder' needs 'decoder'")]
    [InlineData("  - encoder_decoder: { encoder: [], decoder: [relu] }\n", "AB1003", "a non-empty list of layers")]
    [InlineData("  - encoder_decoder: { encoder: [relu], decoder: [relu], memory: 2 }\n", "AB1002", "'memory'")]
    [InlineData("  - embedding: { dim: 8, positions: learned }\n", "AB1002", "expected one of: dim, learned_positions, scale")]
    [InlineData("  - embedding\n", "AB1004", "'embedding' needs 'dim'")]
    public void Malformed_transformer_constructs_are_located(string layers, string code, string text)
    {
        var result = Compile("space: T\ninput: { sequence: 10, vocab: 100 }\nnetwork:\n" + layers);
        var d = Assert.Single(result.Diagnostics, x => x.Code == code);
        Assert.Contains(text, d.Message);
        Assert.Equal(4, d.Location.Line);
    }

    [Fact]
    public void Hat_architectures_have_canonical_strings_that_round_trip()
    {
        var space = TestData.CompileExample("hat-transformer.space.yaml");
        var random = new Random(7);
        foreach (var architecture in space.SampleDistinct(50, random))
        {
            var text = space.Format(architecture);
            Assert.Equal(architecture, space.Parse(text));
            Assert.Equal(architecture, space.Canonical(architecture));
            Assert.Equal(CanonicalEncoding.Generic, space.Encoding);
            // Generic encoding: inactive decisions are written "-", three per missing decoder layer.
            var depth = int.Parse(space.Decisions[space.IndexOfDecision("decoder.depth")].Values[architecture[space.IndexOfDecision("decoder.depth")]]);
            Assert.Equal(3 * (6 - depth), text.Split('|').Count(part => part == "-"));
        }
    }

    [Fact]
    public void Stages_in_the_encoder_and_decoder_are_numbered_in_spec_order()
    {
        var space = TestData.CompileExample("hat-transformer.space.yaml");
        var encoder = space.Decisions[space.IndexOfDecision("encoder.l1.ffn")].Site;
        var decoder = space.Decisions[space.IndexOfDecision("decoder.l1.ffn")].Site;
        Assert.Equal((0, 1), (encoder.StageIndex, decoder.StageIndex));
        var body = Assert.IsType<SequenceLayer>(space.Network!.Body);
        var ed = Assert.IsType<EncoderDecoderLayer>(body.Children[0]);
        Assert.IsType<LanguageModelHeadLayer>(body.Children[1]);
        Assert.IsType<SequenceLayer>(ed.Encoder);
    }
}

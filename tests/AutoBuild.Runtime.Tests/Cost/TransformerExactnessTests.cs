using System.Text.Json;
using AutoBuild.Runtime.Cost;
using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;
using AutoBuild.Spec;

namespace AutoBuild.Runtime.Tests.Cost;

/// <summary>The transformer ops' params and MACs per token against a PyTorch network written from the published
/// layer definitions, with its parameters counted by numel() and its matrix products by PyTorch's profiler
/// (Fixtures/make_transformer_reference.py → transformer_costs.json): HAT SubTransformers of the example space
/// and a tiny network whose sizes share no factor with HAT's.</summary>
public class TransformerExactnessTests
{
    // Choices that hold the tiny reference network (24 wide encoder, 16 wide decoder), heads 2-6, odd FFN widths, 7 tokens, 97 words.
    private const string TinySpec = """
        space: Tiny
        input: { tokens: 7, vocab: 97 }
        network:
          - encoder_decoder:
              encoder:
                - embedding: { dim: { choose: [24, 48], name: encoder_embed_dim } }
                - stage: { name: encoder, depth: 2, block: { encoder_layer: { heads: { choose: [2, 3, 6] }, ffn: { choose: [8, 40] } } } }
              decoder:
                - embedding: { dim: { choose: [16, 32], name: decoder_embed_dim } }
                - stage:
                    name: decoder
                    depth: { choose: [1, 2] }
                    block: { decoder_layer: { heads: { choose: [2, 4] }, cross_heads: { choose: [2, 4] }, ffn: { choose: [12, 36] } } }
          - lm_head
        """;

    public static TheoryData<string> Configs() =>
        new(Reference().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Configs))]
    public void Params_and_macs_per_token_equal_pytorch(string name)
    {
        var config = Reference().Single(c => c.GetProperty("name").GetString() == name);
        var space = name == "tiny" ? Compile(TinySpec) : TestData.CompileExample("hat-transformer.space.yaml");
        Assert.Equal(config.GetProperty("length").GetInt32(), space.Network!.SequenceLength);
        Assert.Equal(config.GetProperty("vocab").GetInt32(), space.Network.Vocabulary);
        var architecture = Architecture(space, config);
        Assert.Equal(config.GetProperty("params").GetInt64(), space.Params(architecture));
        Assert.Equal(config.GetProperty("macs_per_token").GetInt64(), space.Flops(architecture));
    }

    [Fact]
    public void The_encoder_decoder_plan_has_the_memory_and_the_shapes_of_a_translation_model()
    {
        var space = TestData.CompileExample("hat-transformer.space.yaml");
        var config = Reference().Single(c => c.GetProperty("name").GetString() == "hat_mixed");
        var plan = space.Instantiate(Architecture(space, config));
        Assert.Equal(Shape.Tokens(32768, 30), plan.Input);
        var root = (SequenceNode)plan.Root;
        var ed = Assert.IsType<EncoderDecoderNode>(root.Children[0]);
        Assert.Equal(Shape.Sequence(640, 30), ed.Memory);
        Assert.Equal(Shape.Sequence(512, 30), ed.Output);
        Assert.Equal(Shape.Sequence(32768, 30), root.Output);
        var decoderLayers = ((SequenceNode)((SequenceNode)ed.Decoder).Children[1]).Children.Cast<DecoderLayerNode>().ToArray();
        Assert.Equal(3, decoderLayers.Length);
        Assert.Equal(640, decoderLayers[0].EncoderAttention.KeyValueDim);
        Assert.True(decoderLayers[0].SelfAttention.Causal);
        Assert.Equal(new[] { 2, 8, 4 }, decoderLayers.Select(l => l.EncoderAttention.Heads));
    }

    [Fact]
    public void Bias_additions_count_only_when_asked()
    {
        var space = Compile(TinySpec.Replace("input:", "cost: { count_bias: true }\ninput:"));
        var config = Reference().Single(c => c.GetProperty("name").GetString() == "tiny");
        var plan = space.Instantiate(Architecture(space, config));
        // Per token: four attention projections of width d (cross-attention's k and v run over the memory, as many
        // tokens as the target), fc1 and fc2; lm_head has no bias.
        long encoder = 2 * 4 * 24 + (40 + 24) + (8 + 24);
        long decoder = 2 * (4 * 16 + 4 * 16) + (12 + 16) + (36 + 16);
        Assert.Equal(config.GetProperty("macs_per_token").GetInt64() + encoder + decoder, CostModel.Flops(plan));
    }

    private static SearchSpace Compile(string text)
    {
        var result = SpecCompiler.Compile("t.space.yaml", text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Space!;
    }

    /// <summary>The architecture of a reference config: embedding dims, then per layer heads (cross heads) and FFN.</summary>
    private static Architecture Architecture(SearchSpace space, JsonElement config)
    {
        var values = new Dictionary<string, int>
        {
            ["encoder_embed_dim"] = config.GetProperty("encoder_dim").GetInt32(),
            ["decoder_embed_dim"] = config.GetProperty("decoder_dim").GetInt32(),
        };
        var encoder = config.GetProperty("encoder").EnumerateArray().ToArray();
        for (var i = 0; i < encoder.Length; i++)
        {
            values[$"encoder.l{i + 1}.heads"] = encoder[i][0].GetInt32();
            values[$"encoder.l{i + 1}.ffn"] = encoder[i][1].GetInt32();
        }
        var decoder = config.GetProperty("decoder").EnumerateArray().ToArray();
        values["decoder.depth"] = decoder.Length;
        for (var i = 0; i < decoder.Length; i++)
        {
            values[$"decoder.l{i + 1}.heads"] = decoder[i][0].GetInt32();
            values[$"decoder.l{i + 1}.cross_heads"] = decoder[i][1].GetInt32();
            values[$"decoder.l{i + 1}.ffn"] = decoder[i][2].GetInt32();
        }
        var choices = space.Decisions.Select(d =>
            values.TryGetValue(d.Name, out var v) ? d.IndexOf(v.ToString(System.Globalization.CultureInfo.InvariantCulture)) : -1).ToArray();
        Assert.Equal(values.Count, choices.Count(c => c >= 0));
        return space.Create(choices);
    }

    private static JsonElement[] Reference()
    {
        var path = Path.Combine(TestData.RepoRoot, "tests", "AutoBuild.Runtime.Tests", "Cost", "Fixtures", "transformer_costs.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}

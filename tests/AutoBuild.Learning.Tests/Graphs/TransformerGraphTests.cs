using AutoBuild.Learning.Graphs;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Graphs;

/// <summary>The HAT space's graphs: one node per encoder and decoder layer, the per-layer heads and FFN widths as
/// features, the embedding dims on every node, and memory edges from the last encoder layer to every decoder layer.</summary>
public class TransformerGraphTests
{
    [Fact]
    public void A_hat_architecture_is_a_chain_of_its_layers_with_memory_edges()
    {
        var space = TestData.CompileExample("hat-transformer.space.yaml");
        var encoder = new GraphEncoder(space);
        var schema = encoder.Schema;
        Assert.Equal(new[] { "stage", "layer", "heads", "ffn", "cross_heads" }, schema.Categorical.Select(f => f.Name));
        Assert.Equal(new[] { "encoder_embed_dim", "decoder_embed_dim" }, schema.Continuous);

        // Decoder depth 3: 6 encoder nodes, 3 decoder nodes.
        var choices = space.Decisions.Select(d => d.Name switch
        {
            "decoder.depth" => 2,
            "encoder_embed_dim" => 1,
            _ when d.ActiveWhen is not null && (d.Name.StartsWith("decoder.l4") || d.Name.StartsWith("decoder.l5") || d.Name.StartsWith("decoder.l6")) => -1,
            _ => 0,
        }).ToArray();
        var g = encoder.Encode(space.Create(choices));
        Assert.Equal(9, g.NodeCount);
        var edges = Enumerable.Range(0, g.EdgeCount).Select(e => (g.EdgeSource[e], g.EdgeTarget[e])).ToHashSet();
        // The chain 0→1→…→8, plus the last encoder layer (5) to decoder layers 2 and 3 (nodes 7, 8).
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (i, i + 1)).Concat(new[] { (5, 7), (5, 8) }).ToHashSet(), edges);
        // The last decoder layer hears the encoder's output after one hop, as its cross-attention does.
        Assert.Equal(new[] { 5, 7, 8 }, GraphEncoder.ReceptiveField(g, 8, 1));
        // Encoder nodes lack the cross-attention heads; every node carries both embedding dims (640 = 1, 512 = 0).
        var cross = schema.Categorical.Select(f => f.Name).ToList().IndexOf("cross_heads");
        Assert.Equal("-", schema.Categorical[cross].Labels[g.Categorical[0 * schema.Categorical.Count + cross]]);
        Assert.Equal("2", schema.Categorical[cross].Labels[g.Categorical[6 * schema.Categorical.Count + cross]]);
        Assert.Equal(new[] { 1f, 0f }, g.Continuous.Take(2));
        Assert.Equal(new[] { 1f, 0f }, g.Continuous.Skip(2 * 8).Take(2));
    }
}

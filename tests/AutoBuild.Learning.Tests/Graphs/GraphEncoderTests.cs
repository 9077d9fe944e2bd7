using AutoBuild.Learning.Graphs;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Graphs;

public class GraphEncoderTests
{
    private static int Feature(FeatureSchema schema, string name) =>
        schema.Categorical.Select((f, i) => (f, i)).Single(p => p.f.Name == name).i;

    private static int Cat(EncodedGraph g, FeatureSchema s, int node, string feature) => g.Categorical[node * s.Categorical.Count + Feature(s, feature)];

    private static string Label(EncodedGraph g, FeatureSchema s, int node, string feature) => s.Categorical[Feature(s, feature)].Labels[Cat(g, s, node, feature)];

    [Fact]
    public void Nb201_is_the_line_graph_of_the_cell()
    {
        var space = TestSpaces.Nb201();
        var encoder = new GraphEncoder(space);
        Assert.Equal(new[] { "position", "op" }, encoder.Schema.Categorical.Select(f => f.Name));
        Assert.Empty(encoder.Schema.Continuous);
        // all convs: |nor_conv_3x3~0|+|...~0|...~1|+|...~0|...~1|...~2|
        var arch = new Architecture(space, new[] { 3, 3, 3, 3, 3, 3 });
        var g = encoder.Encode(arch);
        Assert.Equal(8, g.NodeCount); // input, 6 edge ops, output
        var nodes = encoder.Nodes(arch);
        Assert.Equal(GraphNodeKind.Input, nodes[0].Kind);
        Assert.Equal(GraphNodeKind.Output, nodes[7].Kind);
        // edges: in→{01,02,03} (3), 01→{12,13} (2), 02→23, 12→23, {03,13,23}→out (3) = 10
        Assert.Equal(10, g.EdgeCount);
        var edges = Enumerable.Range(0, g.EdgeCount).Select(e => (nodes[g.EdgeSource[e]], nodes[g.EdgeTarget[e]])).ToList();
        Assert.All(edges, e => Assert.True(e.Item1.Kind == GraphNodeKind.Input || e.Item2.Kind == GraphNodeKind.Output || e.Item1.To == e.Item2.From));
        Assert.Equal("nor_conv_3x3", Label(g, encoder.Schema, 1, "op"));
        Assert.Equal("input", Label(g, encoder.Schema, 0, "op"));
        Assert.Equal("output", Label(g, encoder.Schema, 7, "position"));
        // the output hears from the ops into node 3 after one hop, from everything after two
        Assert.Equal(new[] { 4, 5, 6, 7 }, GraphEncoder.ReceptiveField(g, 7, 1));
        Assert.Equal(8, GraphEncoder.ReceptiveField(g, 7, 2).Count);
    }

    [Fact]
    public void Nb201_none_edges_keep_their_node_but_carry_no_messages()
    {
        var space = TestSpaces.Nb201();
        var encoder = new GraphEncoder(space);
        var g = encoder.Encode(new Architecture(space, new[] { 0, 3, 3, 3, 3, 3 })); // edge_01 = none
        Assert.Equal(8, g.NodeCount);
        Assert.Equal("none", Label(g, encoder.Schema, 1, "op"));
        Assert.DoesNotContain(1, g.EdgeSource);
        Assert.DoesNotContain(1, g.EdgeTarget);
        Assert.Equal(7, g.EdgeCount); // 10 minus in→01, 01→12, 01→13
    }

    [Fact]
    public void Macro_space_is_a_chain_of_active_layers()
    {
        var space = TestSpaces.Ofa();
        var encoder = new GraphEncoder(space);
        var s = encoder.Schema;
        Assert.Equal(new[] { "stage", "layer", "kernel", "expand" }, s.Categorical.Select(f => f.Name));
        Assert.Equal(new[] { "resolution" }, s.Continuous);
        Assert.Equal(new[] { "s1", "s2", "s3", "s4", "s5" }, s.Categorical[0].Labels);
        Assert.Equal(new[] { "l1", "l2", "l3", "l4" }, s.Categorical[1].Labels);
        var arch = TestSpaces.OfaArch(space, 1, (2, 0, 0), (3, 1, 1), (4, 2, 2), (2, 0, 1), (4, 1, 0));
        var g = encoder.Encode(arch);
        Assert.Equal(15, g.NodeCount);
        Assert.Equal(14, g.EdgeCount);
        for (var e = 0; e < g.EdgeCount; e++) { Assert.Equal(e, g.EdgeSource[e]); Assert.Equal(e + 1, g.EdgeTarget[e]); }
        Assert.All(g.Continuous, v => Assert.Equal(0.5f, v)); // 208 in [192, 224]
        // node 2 = stage s2, layer l1, kernel (1+0)%3 = 5, expand 4
        Assert.Equal("s2", Label(g, s, 2, "stage"));
        Assert.Equal("l1", Label(g, s, 2, "layer"));
        Assert.Equal("5", Label(g, s, 2, "kernel"));
        Assert.Equal("4", Label(g, s, 2, "expand"));
        Assert.Equal("l3", Label(g, s, 4, "layer"));
        var nodes = encoder.Nodes(arch);
        Assert.Equal(new[] { 0, 0, 1, 1, 1 }, nodes.Take(5).Select(n => n.Stage));
        Assert.Equal(2, nodes[2].Decisions.Count);
    }

    [Fact]
    public void A_stage_module_has_its_in_context_features()
    {
        var space = TestSpaces.Ofa();
        var encoder = new GraphEncoder(space);
        var arch = TestSpaces.OfaArch(space, 2, (2, 0, 0), (3, 1, 1), (4, 2, 2), (2, 0, 1), (4, 1, 0));
        var full = encoder.Encode(arch);
        var module = encoder.EncodeStage(arch, 2);
        Assert.Equal(4, module.NodeCount);
        Assert.Equal(new[] { 0, 1, 2 }, module.EdgeSource);
        Assert.Equal(new[] { 1, 2, 3 }, module.EdgeTarget);
        var f = encoder.Schema.Categorical.Count;
        Assert.Equal(full.Categorical.Skip(5 * f).Take(4 * f), module.Categorical); // stage s3 starts at node 5
        Assert.Equal(full.Continuous.Skip(5).Take(4), module.Continuous);
        // the last node's 3-hop receptive field is the whole module
        Assert.Equal(4, GraphEncoder.ReceptiveField(module, 3, 3).Count);
    }

    [Fact]
    public void Dag_space_has_active_nodes_and_adjacency_edges()
    {
        var space = TestSpaces.Dag();
        var encoder = new GraphEncoder(space);
        var choices = Enumerable.Repeat(0, space.Decisions.Count).ToArray();
        choices[0] = 0; choices[1] = 2; choices[2] = -1;   // node 3 inactive
        void On(string name) => choices[space.IndexOfDecision(name)] = 1;
        On("adj_01"); On("adj_02"); On("adj_14"); On("adj_24"); On("adj_03");
        var g = encoder.Encode(new Architecture(space, choices));
        Assert.Equal(4, g.NodeCount); // 0, 1, 2, 4
        Assert.Equal(4, g.EdgeCount); // adj_03 ends at the inactive node
        Assert.Equal("maxpool3x3", Label(g, encoder.Schema, 2, "op"));
        Assert.Equal("output", Label(g, encoder.Schema, 3, "op"));
        Assert.Equal("n4", Label(g, encoder.Schema, 3, "position"));
    }
}

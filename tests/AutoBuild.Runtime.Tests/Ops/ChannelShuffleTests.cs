using AutoBuild.Runtime.Cost;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;
using AutoBuild.Spec;

namespace AutoBuild.Runtime.Tests.Ops;

/// <summary>channel_shuffle, the op written as one file under Ops/: shape, exact cost, description, and its place
/// in the registry.</summary>
public class ChannelShuffleTests
{
    private const string Spec = """
        space: Shuffle
        input: { channels: 3, size: 16 }
        classes: 10
        network:
          - conv: { out: 24, kernel: 3 }
          - channel_shuffle: { groups: { choose: [2, 3, 4, 6], name: shuffle } }
          - global_pool
          - classifier
        """;

    private static SearchSpace Compile(string text)
    {
        var result = SpecCompiler.Compile("t.space.yaml", text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Space!;
    }

    [Fact]
    public void Each_groups_value_gives_a_shuffle_node_that_keeps_the_shape()
    {
        var space = Compile(Spec);
        var shuffle = Assert.Single(space.Decisions);
        Assert.Equal(new[] { "2", "3", "4", "6" }, shuffle.Values);
        for (var choice = 0; choice < 4; choice++)
        {
            var plan = space.Instantiate(new Architecture(space, new[] { choice }));
            var node = Assert.IsType<ChannelShuffleNode>(((SequenceNode)plan.Root).Children[1]);
            Assert.Equal(new[] { 2, 3, 4, 6 }[choice], node.Groups);
            Assert.Equal(new Shape(24, 16, 16), node.Input);
            Assert.Equal(node.Input, node.Output);
            Assert.Equal($"channel_shuffle {node.Groups} groups", node.Description);
        }
    }

    [Fact]
    public void Cost_is_exactly_that_of_the_network_without_the_shuffle()
    {
        var space = Compile(Spec);
        var plan = space.Instantiate(new Architecture(space, new[] { 2 }));
        // conv 3 -> 24, 3x3, no bias, at 16x16; linear 24 -> 10 with bias. The shuffle moves data only.
        Assert.Equal(3 * 24 * 9 + 24 * 10 + 10, CostModel.Params(plan));
        Assert.Equal(16 * 16 * 3 * 24 * 9 + 24 * 10, CostModel.Flops(plan));
        var node = ((SequenceNode)plan.Root).Children[1];
        Assert.Equal(0, CostModel.Params(node));
        Assert.Equal(0, CostModel.Flops(node, countBias: true));
    }

    [Fact]
    public void Groups_that_do_not_divide_the_channels_are_a_shape_error_of_the_layer()
    {
        var layer = new ChannelShuffleLayer(Value<int>.Of(5));
        var space = Compile(Spec);
        var e = Assert.Throws<ShapeException>(() => layer.Instantiate("s", new Shape(24, 8, 8), new Architecture(space, new[] { 0 })));
        Assert.Same(layer, e.Layer);
        Assert.Contains("divisible by 5", e.Message);
        Assert.Throws<ShapeException>(() => new ChannelShuffleLayer(Value<int>.Of(2)).Instantiate("s", Shape.Vector(24), new Architecture(space, new[] { 0 })));
    }

    [Fact]
    public void Registry_names_are_unique_spec_identifiers_and_each_op_names_its_node_type()
    {
        var names = OpRegistry.All.Select(o => o.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var op in OpRegistry.All)
        {
            Assert.Matches("^[a-z][a-z0-9_]*$", op.Name);
            Assert.True(op.NodeType.IsSubclassOf(typeof(OpNode)) && !op.NodeType.IsAbstract, op.Name);
            Assert.True(OpRegistry.TryGet(op.Name, out var found) && ReferenceEquals(found, op));
        }
        Assert.Contains(OpRegistry.All, o => o is ChannelShuffleOp);
    }
}

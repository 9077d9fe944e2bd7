using AutoBuild.Runtime.Cost;
using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;
using AutoBuild.Spec;

namespace AutoBuild.Runtime.Tests.Ops;

/// <summary>factorized_reduce, NAS-Bench-201's skip_connect as one file under Ops/: the identity in a normal cell,
/// the factorised reduction on a reducing cell's input edges, a 1x1 projection at stride 1 with a new width; exact
/// cost, shapes (odd sizes included), options and located errors.</summary>
public class FactorizedReduceTests
{
    private static SearchSpace Compile(string text)
    {
        var result = SpecCompiler.Compile("t.space.yaml", text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Space!;
    }

    /// <summary>A one-layer network around <paramref name="layer"/> (line 6 of the spec) on a 24-channel feature map.</summary>
    private static string SpecWith(string layer, int size = 16) => $$"""
        space: Reduce
        input: { channels: 3, size: {{size}} }
        classes: 10
        network:
          - conv: { out: 24, kernel: 3 }
          - {{layer}}
          - global_pool
          - classifier
        """;

    private static FactorizedReduceNode Single(string layer, int size = 16)
    {
        var space = Compile(SpecWith(layer, size));
        var plan = space.Instantiate(new Architecture(space, new int[0]));
        return Assert.IsType<FactorizedReduceNode>(((SequenceNode)plan.Root).Children[1]);
    }

    [Fact]
    public void Stride_2_halves_the_size_and_costs_two_half_width_1x1_convolutions_and_a_batchnorm()
    {
        var node = Single("factorized_reduce: { out: 48, stride: 2 }");
        Assert.Equal(new Shape(48, 8, 8), node.Output);
        Assert.False(node.IsIdentity);
        Assert.Equal(24, node.FirstHalf);
        Assert.Equal(24 * 24 + 24 * 24 + 2 * 48, CostModel.Params(node));      // two 1x1 convs 24 -> 24, BN affine
        Assert.Equal(2L * 8 * 8 * 24 * 24, CostModel.Flops(node));              // each at 8x8
        Assert.Equal("factorized_reduce 24 -> 48, stride 2 (two 1x1 convs, shifted)", node.Description);
    }

    [Fact]
    public void Odd_sizes_and_odd_widths_round_as_the_benchmark_code_does()
    {
        var node = Single("factorized_reduce: { out: 37, stride: 2 }", size: 15);
        Assert.Equal(new Shape(37, 8, 8), node.Output);                          // (15 - 1) / 2 + 1, padded shift
        Assert.Equal(18, node.FirstHalf);                                        // 37 // 2, the second conv has 19
        Assert.Equal(24 * 37 + 2 * 37, CostModel.Params(node));
    }

    [Fact]
    public void Stride_1_is_the_identity_at_the_same_width_and_a_1x1_projection_otherwise()
    {
        var identity = Single("factorized_reduce");
        Assert.True(identity.IsIdentity);
        Assert.Equal(identity.Input, identity.Output);
        Assert.Equal(0, CostModel.Params(identity));
        Assert.Equal(0, CostModel.Flops(identity));

        var projection = Single("factorized_reduce: { out: 32, stride: 1, affine: false }");
        Assert.False(projection.IsIdentity);
        Assert.Equal(new Shape(32, 16, 16), projection.Output);
        Assert.Equal(24 * 32 + 32, CostModel.Params(projection));               // conv bias instead of BN affine
        Assert.Equal(16L * 16 * 32 * 24, CostModel.Flops(projection, countBias: false));
        Assert.Equal(16L * 16 * 32 * 25, CostModel.Flops(projection, countBias: true));
    }

    [Fact]
    public void In_a_cell_it_is_the_identity_in_normal_cells_and_the_reduction_on_a_reducing_cells_input_edges()
    {
        var space = Compile("""
            space: Cells
            input: { channels: 3, size: 32 }
            classes: 10
            ops:
              none: zero
              skip_connect: factorized_reduce
              conv_3x3: [relu, { conv: { out: $out, kernel: 3, stride: $stride } }, bn]
            cell: { nodes: 3, ops: [none, skip_connect, conv_3x3] }
            network:
              - conv_bn: { out: 16, kernel: 3 }
              - cell: { repeat: 1 }
              - cell: { repeat: 1, reduce: { out: 32 } }
              - global_pool
              - classifier
            """);
        var arch = space.Parse("|skip_connect~0|+|skip_connect~0|skip_connect~1|");
        var nodes = Nodes(space.Instantiate(arch).Root).OfType<FactorizedReduceNode>().ToList();
        Assert.Equal(6, nodes.Count);
        Assert.Equal(3, nodes.Count(n => n.IsIdentity && n.Input.Equals(new Shape(16, 32, 32))));    // the normal cell
        var reducing = nodes.Where(n => !n.IsIdentity).ToList();
        Assert.Equal(2, reducing.Count);                                                        // edges 0->1 and 0->2
        Assert.All(reducing, n => Assert.Equal((new Shape(16, 32, 32), new Shape(32, 16, 16)), (n.Input, n.Output)));
        Assert.Single(nodes, n => n.IsIdentity && n.Input.Equals(new Shape(32, 16, 16)));             // edge 1->2 inside it
    }

    private static IEnumerable<PlanNode> Nodes(PlanNode node)
    {
        yield return node;
        IEnumerable<PlanNode> children = node switch
        {
            SequenceNode s => s.Children,
            CellNode c => c.Edges.Select(e => e.Op),
            _ => Array.Empty<PlanNode>(),
        };
        foreach (var child in children)
            foreach (var n in Nodes(child)) yield return n;
    }

    [Fact]
    public void Its_batchnorm_follows_the_spec_wide_bn_settings()
    {
        var defaults = Single("factorized_reduce: { out: 48, stride: 2 }");
        Assert.Equal((1e-5, 0.1), (defaults.Eps, defaults.Momentum));
        var space = Compile(SpecWith("factorized_reduce: { out: 48, stride: 2 }").Replace("classes: 10", "classes: 10\nbn: { eps: 0.001, momentum: 0.01 }"));
        var node = (FactorizedReduceNode)((SequenceNode)space.Instantiate(new Architecture(space, new int[0])).Root).Children[1];
        Assert.Equal((0.001, 0.01), (node.Norm.Eps, node.Norm.Momentum));
    }

    [Fact]
    public void It_is_registered_by_its_spec_name()
    {
        Assert.True(OpRegistry.TryGet("factorized_reduce", out var op));
        Assert.Equal(typeof(FactorizedReduceNode), op.NodeType);
    }

    [Theory]
    [InlineData("factorized_reduce: { out: 48, stride: 3 }", "AB1008", "stride 1 or 2, not 3")]
    [InlineData("factorized_reduce: { out: 1, stride: 2 }", "AB1008", "at least 2 output channels")]
    [InlineData("factorized_reduce: { outt: 48 }", "AB1002", "did you mean 'out'?")]
    [InlineData("factorized_reduce: { affine: maybe }", "AB1003", "affine")]
    public void Bad_options_are_located_errors(string layer, string code, string message)
    {
        var result = SpecCompiler.Compile("t.space.yaml", SpecWith(layer));
        var error = Assert.Single(result.Diagnostics, d => d.Code == code);
        Assert.Equal(6, error.Location.Line);
        Assert.Contains(message, error.Message);
    }
}

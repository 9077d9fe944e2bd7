using AutoBuild.Runtime.Cost;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;
using AutoBuild.Spec;

namespace AutoBuild.Runtime.Tests.Ops;

/// <summary>The built-in ops each in one file under Ops/BuiltIn/: every plan node describes and counts itself (no
/// switch elsewhere to forget), and the descriptions and costs read as `autobuild inspect` has always printed them.</summary>
public class BuiltInOpTests
{
    private const string Spec = """
        space: BuiltIns
        input: { channels: 3, size: 16 }
        classes: 10
        network:
          - conv_bn: { out: 16, kernel: 3, stride: 2, act: relu }
          - conv: { out: 16, kernel: 3, depthwise: true, bias: true }
          - maxpool: { kernel: 2 }
          - se: { ratio: 4 }
          - mbconv: { out: 16, kernel: 3, expand: 2 }
          - mbconv: { out: 24, kernel: 5, expand: 3, stride: 2, se: true }
          - skip: { out: 32 }
          - zero
          - identity
          - avgpool: { kernel: 2 }
          - global_pool
          - dropout: 0.25
          - linear: { out: 20 }
          - classifier
        """;

    private static Plan Plan()
    {
        var result = SpecCompiler.Compile("t.space.yaml", Spec);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var space = result.Space!;
        return space.Instantiate(new Architecture(space, Array.Empty<int>()));
    }

    [Fact]
    public void Every_plan_node_type_describes_itself()
    {
        var nodeTypes = typeof(PlanNode).Assembly.GetTypes()
            .Where(t => typeof(PlanNode).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.Contains(typeof(Conv2dNode), nodeTypes);
        var undescribed = nodeTypes.Where(t => t.GetProperty(nameof(PlanNode.Description))!.DeclaringType == typeof(PlanNode)).ToList();
        Assert.Empty(undescribed);
    }

    [Fact]
    public void Descriptions_name_each_op_and_its_settings()
    {
        var children = ((SequenceNode)Plan().Root).Children;
        Assert.Equal(new[]
        {
            "conv 3x3/2 3->16 + bn + relu",
            "depthwise conv 3x3 16->16",
            "maxpool 2x2/2",
            "se 16->8",
            "residual",
            "sequence of 4",
            "conv 1x1 24->32 + bn",
            "zero",
            "identity",
            "avgpool 2x2/2",
            "global_pool",
            "dropout 0.25",
            "linear 32->20",
            "linear 20->10",
        }, children.Select(c => c.Description));
        var mbconv = (ResidualNode)children[4];
        Assert.Equal("residual", mbconv.Description);
        Assert.Equal("conv 1x1 16->32 + bn + relu 'expand'", ((SequenceNode)((SequenceNode)mbconv.Body).Children[0]).Description);
    }

    [Fact]
    public void Each_node_counts_its_own_weights_and_the_structures_sum_them()
    {
        var plan = Plan();
        var children = ((SequenceNode)plan.Root).Children;
        var stem = (SequenceNode)children[0];
        Assert.Equal(3L * 16 * 9, stem.Children[0].Params);
        Assert.Equal(2L * 16, stem.Children[1].Params);
        Assert.Equal(0, stem.Children[2].Params);
        Assert.Equal(3L * 16 * 9 + 2 * 16, stem.Params);
        // Depthwise with bias: one 3x3 filter and one bias per channel, on the 8x8 map.
        Assert.Equal(16L * 9 + 16, children[1].Params);
        Assert.Equal(8L * 8 * 16 * 9, children[1].Flops(countBias: false));
        Assert.Equal(8L * 8 * (16 * 9 + 16), children[1].Flops(countBias: true));
        // SE: two 1x1 convs with bias, 16 -> 8 -> 16.
        Assert.Equal(2L * 16 * 8 + 8 + 16, children[3].Params);
        Assert.Equal(32L * 20 + 20, children[12].Params);
        Assert.Equal(children.Sum(c => c.Params), plan.Root.Params);
        Assert.Equal(plan.Root.Params, CostModel.Params(plan));
        Assert.Equal(children.Sum(c => c.Flops(false)), CostModel.Flops(plan));
    }
}

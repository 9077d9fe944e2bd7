using AutoBuild.Runtime.Cost;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Tests.Cost;

public class CostModelTests
{
    private static SearchSpace Fixed(Layer body, int size = 32, bool countBias = false) =>
        new("Fixed", null, SpaceKind.Macro, Array.Empty<Decision>(), new Network(3, Value<int>.Of(size), 10, body, countBiasFlops: countBias));

    private static Layer Seq(params Layer[] layers) => new SequenceLayer(layers);

    private static Value<int> V(int v) => Value<int>.Of(v);

    [Fact]
    public void Conv_bn_linear_are_counted_with_bn_affine_and_bias()
    {
        var body = Seq(new ConvLayer(V(16), V(3), V(2)), new BatchNormLayer(), new ActivationLayer(Value<ActivationKind>.Of(ActivationKind.Relu)),
            new GlobalPoolLayer(), new LinearLayer(null, bias: true));
        var space = Fixed(body);
        var plan = space.Instantiate(new Architecture(space, Array.Empty<int>()));
        Assert.Equal(new Shape(16, 16, 16), ((SequenceNode)plan.Root).Children[0].Output);
        Assert.Equal(3 * 16 * 9 + 32 + 16 * 10 + 10, CostModel.Params(plan));
        Assert.Equal(3 * 16 * 9 * 16 * 16 + 160, CostModel.Flops(plan));
        var withBias = Fixed(body, countBias: true);
        Assert.Equal(3 * 16 * 9 * 16 * 16 + 170, withBias.Flops(new Architecture(withBias, Array.Empty<int>())));
    }

    [Fact]
    public void Depthwise_conv_and_squeeze_excite()
    {
        var body = Seq(new ConvLayer(V(32), V(1), V(1)), new ConvLayer(null, V(5), V(1), depthwise: true),
            new SqueezeExciteLayer(4, ActivationKind.Relu, ActivationKind.HardSigmoid));
        var space = Fixed(body, size: 8);
        var plan = space.Instantiate(new Architecture(space, Array.Empty<int>()));
        // SE: 32 -> make_divisible(8, 8) = 8 -> 32, both 1x1 convs with bias.
        Assert.Equal(3 * 32 + 32 * 25 + (32 * 8 + 8 + 8 * 32 + 32), CostModel.Params(plan));
        Assert.Equal((3 * 32 + 32 * 25) * 64 + 2 * 32 * 8, CostModel.Flops(plan));
    }

    [Fact]
    public void Inverted_residual_adds_only_when_the_shape_is_kept()
    {
        var mb = new MBConvLayer(null, V(3), Value<double>.Of(6), null, V(1), Value<bool>.Of(false), Value<ActivationKind>.Of(ActivationKind.Relu6));
        var space = Fixed(Seq(new ConvLayer(V(16), V(3), V(1)), mb), size: 8);
        var plan = space.Instantiate(new Architecture(space, Array.Empty<int>()));
        var block = ((SequenceNode)plan.Root).Children[1];
        Assert.IsType<ResidualNode>(block);
        Assert.Equal(3 * 16 * 9 + (16 * 96 + 192) + (96 * 9 + 192) + (96 * 16 + 32), CostModel.Params(plan));
    }

    [Fact]
    public void Choices_select_values_and_inactive_layers_are_skipped()
    {
        var depth = new Decision("s.depth", DecisionKind.Integer, new[] { "1", "2" }, DecisionRole.Depth);
        var kernel = new Decision("s.l2.kernel", DecisionKind.Integer, new[] { "3", "5" }, DecisionRole.Kernel, new ActivityCondition(0, new[] { 1 }));
        var stage = new StageLayer("s", 0, Value<int>.FromDecision(0, new[] { 1, 2 }), new Layer[]
        {
            new ConvLayer(V(8), V(3), V(1)),
            new ConvLayer(V(8), Value<int>.FromDecision(1, new[] { 3, 5 }), V(1)),
        });
        var space = new SearchSpace("S", null, SpaceKind.Macro, new[] { depth, kernel }, new Network(3, V(8), 10, stage));
        Assert.Equal(3 * 8 * 9, space.Params(new Architecture(space, new[] { 0, -1 })));
        Assert.Equal(3 * 8 * 9 + 8 * 8 * 25, space.Params(new Architecture(space, new[] { 1, 1 })));
    }

    [Fact]
    public void Impossible_shapes_throw_with_the_failing_layer()
    {
        var conv = new ConvLayer(V(8), V(7), V(1), padding: 0);
        var space = Fixed(conv, size: 4);
        var e = Assert.Throws<ShapeException>(() => space.Instantiate(new Architecture(space, Array.Empty<int>())));
        Assert.Same(conv, e.Layer);
    }

    [Theory]
    [InlineData(19.2, 24)]
    [InlineData(28.8, 32)]
    [InlineData(134.4, 136)]
    [InlineData(1536, 1536)]
    [InlineData(3, 8)]
    [InlineData(249.6, 248)]
    public void Make_divisible_matches_mobilenet(double value, int expected) => Assert.Equal(expected, Channels.MakeDivisible(value, 8));
}

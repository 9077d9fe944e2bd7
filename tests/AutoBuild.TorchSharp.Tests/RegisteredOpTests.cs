using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;
using AutoBuild.TorchSharp.Tests.Infrastructure;
using static TorchSharp.torch;

namespace AutoBuild.TorchSharp.Tests;

/// <summary>The TorchSharp modules of ops defined in one file (AutoBuild.Runtime/Ops), built by the generated
/// <c>PlanLayers</c> from their plan node and run on the real library.</summary>
public sealed class RegisteredOpTests
{
    public RegisteredOpTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Channel_shuffle_interleaves_the_groups_like_shufflenet()
    {
        // 6 channels in 3 groups of 2: [a0 a1 | b0 b1 | c0 c1] -> [a0 b0 c0 a1 b1 c1], i.e. channels 0 2 4 1 3 5.
        var node = new ChannelShuffleNode("shuffle", new Shape(6, 2, 2), 3);
        using var scope = NewDisposeScope();
        using var layer = AutoBuild.Generated.TorchSharp.PlanLayers.Build(node);
        var input = arange(2 * 6 * 2 * 2, ScalarType.Float32).reshape(2, 6, 2, 2);
        var output = layer.forward(input);
        Assert.Equal(new long[] { 2, 6, 2, 2 }, output.shape);
        var order = new[] { 0, 2, 4, 1, 3, 5 };
        for (var b = 0; b < 2; b++)
            for (var c = 0; c < 6; c++)
                Assert.True(output[b, c].eq(input[b, order[c]]).all().item<bool>(), $"batch {b}, channel {c}");
        Assert.Empty(layer.parameters());
    }
}

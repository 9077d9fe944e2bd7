using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Ops;

namespace AutoBuild.Spec.Tests;

/// <summary>Ops from the registry (AutoBuild.Runtime/Ops) are bound like built-in ops: option keys checked, values
/// (literals or choices) read with the front end's rules, every problem a located diagnostic.</summary>
public class RegisteredOpTests
{
    private static SpecResult Compile(string layer) =>
        SpecCompiler.Compile("t.space.yaml", "space: T\ninput: { size: 8 }\nclasses: 10\nnetwork:\n  - conv: { out: 12, kernel: 3 }\n" + layer + "  - global_pool\n  - classifier\n");

    private static ChannelShuffleLayer ShuffleOf(SpecResult result)
    {
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var body = Assert.IsType<SequenceLayer>(result.Space!.Network!.Body);
        return Assert.IsType<ChannelShuffleLayer>(body.Children[1]);
    }

    [Fact]
    public void A_literal_option_binds_to_a_constant()
    {
        var layer = ShuffleOf(Compile("  - channel_shuffle: { groups: 3 }\n"));
        Assert.False(layer.Groups.IsChoice);
        Assert.Equal(3, layer.Groups.Constant);
    }

    [Fact]
    public void A_choice_option_creates_a_named_decision()
    {
        var result = Compile("  - channel_shuffle: { groups: { choose: [2, 4], name: shuffle } }\n");
        var layer = ShuffleOf(result);
        var decision = Assert.Single(result.Space!.Decisions);
        Assert.Equal("shuffle", decision.Name);
        Assert.Equal(new[] { 2, 4 }, layer.Groups.Options);
    }

    [Theory]
    [InlineData("  - channel_shuffle\n", "AB1004", 6, "'channel_shuffle' needs 'groups'")]
    [InlineData("  - channel_shuffle: { grups: 2 }\n", "AB1002", 6, "did you mean 'groups'?")]
    [InlineData("  - channel_shuffle: { groups: 0 }\n", "AB1012", 6, "'groups' must be between 1 and 1024")]
    [InlineData("  - channel_shuffle: [2]\n", "AB1003", 6, "a mapping of 'key: value' pairs")]
    [InlineData("  - chanel_shuffle: { groups: 2 }\n", "AB1005", 6, "did you mean 'channel_shuffle'?")]
    [InlineData("  - channel_shuffle: { groups: 5 }\n", "AB1008", 6, "divisible by 5")]
    public void Problems_are_located_diagnostics(string layer, string code, int line, string text)
    {
        var result = Compile(layer);
        Assert.True(result.HasErrors);
        var d = Assert.Single(result.Diagnostics, x => x.Code == code);
        Assert.Equal(line, d.Location.Line);
        Assert.Contains(text, d.Message);
    }
}

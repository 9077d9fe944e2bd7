using AutoBuild.Spec;
using AutoBuild.Runtime;

namespace AutoBuild.Spec.Tests;

public class SpecCompilerTests
{
    private static SpecResult Compile(string text) => SpecCompiler.Compile("t.space.yaml", text);

    private static string Errors(SpecResult r) => string.Join("\n", r.Diagnostics);

    [Fact]
    public void Nb201_decisions_carry_edge_roles_and_sites()
    {
        var space = TestData.CompileExample("nas-bench-201.space.yaml");
        Assert.Equal(SpaceKind.Cell, space.Kind);
        Assert.Equal("NasBench201", space.Name);
        Assert.Equal("AutoBuild.Examples", space.Namespace);
        var e13 = space.Decisions[space.IndexOfDecision("edge_13")];
        Assert.Equal(DecisionRole.Edge, e13.Role);
        Assert.Equal(1, e13.Site.From);
        Assert.Equal(3, e13.Site.To);
        Assert.Equal(new[] { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" }, e13.Values);
    }

    [Fact]
    public void Stage_layers_get_per_layer_decisions_with_depth_conditions()
    {
        var r = Compile("""
            space: Tiny
            input: { size: { choose: [32, 64] } }
            classes: 10
            network:
              - conv_bn: { out: 16, kernel: 3, act: relu }
              - stage:
                  name: s1
                  depth: { choose: [1, 2, 3] }
                  out: 24
                  stride: 2
                  block: { mbconv: { kernel: { choose: [3, 5] }, expand: { choose: [3, 6] }, se: { choose: [false, true] } } }
              - global_pool
              - classifier
            """);
        Assert.False(r.HasErrors, Errors(r));
        var s = r.Space!;
        Assert.Equal(new[] { "resolution", "s1.depth", "s1.l1.kernel", "s1.l1.expand", "s1.l1.se", "s1.l2.kernel", "s1.l2.expand", "s1.l2.se",
            "s1.l3.kernel", "s1.l3.expand", "s1.l3.se" }, s.Decisions.Select(d => d.Name));
        var l3 = s.Decisions[s.IndexOfDecision("s1.l3.kernel")];
        Assert.Equal(DecisionRole.Kernel, l3.Role);
        Assert.Equal("s1", l3.Site.Stage);
        Assert.Equal(0, l3.Site.StageIndex);
        Assert.Equal(2, l3.Site.Layer);
        Assert.Equal(s.IndexOfDecision("s1.depth"), l3.ActiveWhen!.Decision);
        Assert.Equal(new[] { 2 }, l3.ActiveWhen.Choices);
        Assert.Null(s.Decisions[s.IndexOfDecision("s1.l1.kernel")].ActiveWhen);
        Assert.Equal(DecisionKind.Boolean, s.Decisions[s.IndexOfDecision("s1.l2.se")].Kind);
        Assert.Equal(DecisionRole.Resolution, s.Decisions[0].Role);
        // 2 resolutions x (8 + 8^2 + 8^3)
        Assert.Equal(2 * (8 + 64 + 512), (int)s.Size);
    }

    [Fact]
    public void Unknown_key_points_at_the_key_and_suggests_the_closest()
    {
        var r = Compile("""
            space: Tiny
            network:
              - conv: { out: 16, kernal: 3 }
            """);
        Assert.True(r.HasErrors);
        var d = r.Diagnostics.First(x => x.Code == "AB1002");
        Assert.Equal(3, d.Location.Line);
        Assert.Equal(22, d.Location.Column);
        Assert.Contains("did you mean 'kernel'?", d.Message);
    }

    [Fact]
    public void Bad_indentation_is_a_located_yaml_error()
    {
        var r = Compile("space: Tiny\nnetwork:\n  - bn\n - relu\n");
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("AB1001", d.Code);
        Assert.Equal(4, d.Location.Line);
    }

    [Fact]
    public void Unknown_op_suggests_a_known_one()
    {
        var r = Compile("space: Tiny\nnetwork:\n  - global_pol\n");
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("AB1005", d.Code);
        Assert.Contains("did you mean 'global_pool'?", d.Message);
        Assert.Equal((3, 5), (d.Location.Line, d.Location.Column));
    }

    [Theory]
    [InlineData("space: My-Space\nnetwork: [bn]\n", "AB1010")]
    [InlineData("space: class\nnetwork: [bn]\n", "AB1010")]
    [InlineData("space: Space\nnetwork: [bn]\n", "AB1010")]
    [InlineData("space: Architecture\nnetwork: [bn]\n", "AB1010")]
    [InlineData("space: T\nnamespace: \"A.B; System.Console.WriteLine()\"\nnetwork: [bn]\n", "AB1010")]
    [InlineData("space: T\ninput: { size: { choose: [32], name: \"x\\u00e9\" } }\nnetwork: [bn]\n", "AB1010")]
    [InlineData("space: T\nnetwork:\n  - stage: { name: 1st, block: bn }\n", "AB1010")]
    [InlineData("space: T\nnetwork:\n  - conv: { kernel: [3] }\n", "AB1003")]
    [InlineData("space: T\nnetwork:\n  - conv: { out: 16 }\n", "AB1004")]
    [InlineData("space: T\nnetwork:\n  - cell\n", "AB1006")]
    [InlineData("space: T\nnetwork:\n  - stage: { name: s, block: bn }\n  - stage: { name: s, block: bn }\n", "AB1007")]
    [InlineData("space: T\ninput: { size: { choose: [], name: r } }\nnetwork: [bn]\n", "AB1009")]
    [InlineData("space: T\ninput: { size: 8 }\nnetwork:\n  - conv: { kernel: 11, padding: 0 }\n", "AB1008")]
    [InlineData("space: T\ninput: { size: 32 }\nnetwork: [global_pool, { conv: { kernel: 1 } }]\n", "AB1008")]
    [InlineData("space: T\nenumerate: true\nnetwork:\n  - stage: { name: s, depth: 12, block: { choose: [a1, a2, a3, a4] } }\nops: { a1: bn, a2: relu, a3: relu6, a4: identity }\n", "AB1011")]
    [InlineData("space: T\nnetwork:\n  - conv: { kernel: 0 }\n", "AB1012")]
    [InlineData("a: &x 1\nb: *x\n", "AB1013")]
    [InlineData("space: T\nops: { a: { choose: [bn, relu], name: z } }\nnetwork:\n  - { choose: [a, bn], name: y }\n", "AB1014")]
    [InlineData("space: T\nops: { a: b, b: a }\nnetwork: [a]\n", "AB1006")]
    public void Problems_get_their_codes(string text, string code)
    {
        var r = Compile(text);
        Assert.True(r.HasErrors);
        Assert.Null(r.Space);
        Assert.Contains(r.Diagnostics, d => d.Code == code);
        Assert.All(r.Diagnostics, d => Assert.True(d.Location.Line > 0, d.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("---")]
    [InlineData("42")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")]
    [InlineData("space: T\nnetwork: [bn]\n---\nspace: U\n")]
    [InlineData("space: T\nnetwork: !!binary abc\n")]
    [InlineData("space: T\nnetwork:\n  - { conv: { out: 99999999999999999999, kernel: 3 } }\n")]
    [InlineData("{ space: T, network: [ { stage: { name: s, depth: 1000, block: { stage: x } } } ] }")]
    [InlineData("space: T\nnetwork:\n  - \"\\0\\u202e\"\n")]
    [InlineData("\t\tspace: :\n- - :")]
    [InlineData("space: T\nnetwork: [{ residual: { body: [], shortcut: [zero] } }]\n")]
    [InlineData("space: T\nnetwork: [{ residual: { body: [{ conv: { out: 8, kernel: 3 } }] } }]\n")]
    public void Hostile_inputs_give_diagnostics_never_exceptions(string text)
    {
        var r = Compile(text);
        Assert.Equal(r.Space is null, r.HasErrors);
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == "AB9001");
    }
}

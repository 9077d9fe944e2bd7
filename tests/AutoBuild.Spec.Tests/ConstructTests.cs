using System.Text.Json;
using AutoBuild.Spec;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Cost;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec.Tests;

/// <summary>Each construct of docs/spec-language.md, compiled and instantiated, and the JSON Schema kept in step.</summary>
public class ConstructTests
{
    private static SearchSpace Compile(string text)
    {
        var r = SpecCompiler.Compile("t.space.yaml", text);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return r.Space!;
    }

    private static Plan Fixed(string network, int size = 32, string extra = "") =>
        Compile($"space: T\ninput: {{ size: {size} }}\nclasses: 10\n{extra}network:\n{network}") is var s ? s.Instantiate(new Architecture(s, Array.Empty<int>())) : null!;

    [Fact]
    public void Bn_settings_reach_every_batch_norm_and_bad_values_are_located()
    {
        static IEnumerable<BatchNormNode> Norms(PlanNode node) =>
            (node is BatchNormNode b ? new[] { b } : Enumerable.Empty<BatchNormNode>())
            .Concat(node switch
            {
                SequenceNode s => s.Children.SelectMany(Norms),
                ResidualNode r => Norms(r.Body).Concat(r.Shortcut is null ? Enumerable.Empty<BatchNormNode>() : Norms(r.Shortcut)),
                _ => Enumerable.Empty<BatchNormNode>(),
            });
        const string network = "  - conv_bn: { out: 8, kernel: 3 }\n  - bn\n  - mbconv: { out: 8, kernel: 3, expand: 4, act: relu }\n";
        var tuned = Norms(Fixed(network, extra: "bn: { eps: 0.001, momentum: 0.01 }\n").Root).ToList();
        Assert.True(tuned.Count >= 4);
        Assert.All(tuned, b => Assert.Equal((0.001, 0.01), (b.Eps, b.Momentum)));
        Assert.All(Norms(Fixed(network).Root), b => Assert.True(b.DefaultSettings));

        // Per op: a bn layer of its own keeps its settings; the others take the spec's.
        var own = Norms(Fixed("  - conv: { out: 8, kernel: 3 }\n  - bn: { eps: 0.002, momentum: 0.3 }\n  - conv_bn: { out: 8, kernel: 3 }\n",
            extra: "bn: { eps: 0.001 }\n").Root).Select(b => (b.Eps, b.Momentum)).ToList();
        Assert.Equal(new[] { (0.002, 0.3), (0.001, 0.1) }, own);
        var badOp = SpecCompiler.Compile("t.space.yaml", "space: T\nnetwork:\n  - bn: { eps: -1, beta: 2 }\n");
        Assert.Contains(badOp.Diagnostics, d => d.ToString().StartsWith("t.space.yaml(3,") && d.Message.Contains("bn eps"));
        Assert.Contains(badOp.Diagnostics, d => d.ToString().StartsWith("t.space.yaml(3,") && d.Message.Contains("beta"));

        var bad = SpecCompiler.Compile("t.space.yaml", "space: T\nbn: { eps: 0, momentum: 2, mode: x }\nnetwork:\n  - conv_bn: { out: 8, kernel: 3 }\n");
        Assert.Contains(bad.Diagnostics, d => d.ToString().StartsWith("t.space.yaml(2,") && d.Message.Contains("bn eps"));
        Assert.Contains(bad.Diagnostics, d => d.ToString().StartsWith("t.space.yaml(2,") && d.Message.Contains("bn momentum"));
        Assert.Contains(bad.Diagnostics, d => d.ToString().StartsWith("t.space.yaml(2,") && d.Message.Contains("mode"));
    }

    [Fact]
    public void Mbconv_squeeze_excitation_width_activation_and_gate()
    {
        static SqueezeExciteNode Se(PlanNode node) => node switch
        {
            SqueezeExciteNode se => se,
            SequenceNode s => s.Children.Select(Se).FirstOrDefault(x => x is not null)!,
            ResidualNode r => Se(r.Body),
            _ => null!,
        };
        // 40 -> expand 6 = 240: MobileNetV3 squeezes make_divisible(240 / 4) = 64 with relu; EfficientNet max(1, 40 / 4) = 10.
        const string stem = "  - conv: { out: 40, kernel: 1 }\n";
        var v3 = Se(Fixed(stem + "  - mbconv: { kernel: 3, expand: 6, se: true }\n", size: 8).Root);
        Assert.Equal((240, 64, ActivationKind.Relu, ActivationKind.HardSigmoid), (v3.Channels, v3.Reduced, v3.Inner, v3.Gate));
        var eff = Se(Fixed(stem + "  - mbconv: { kernel: 3, expand: 6, act: swish, se: true, se_act: swish, se_gate: sigmoid, se_base: input }\n", size: 8).Root);
        Assert.Equal((240, 10, ActivationKind.Swish, ActivationKind.Sigmoid), (eff.Channels, eff.Reduced, eff.Inner, eff.Gate));

        var bad = SpecCompiler.Compile("t.space.yaml", "space: T\nnetwork:\n  - mbconv: { out: 8, se: true, se_base: output, se_act: { choose: [relu, swish] } }\n");
        Assert.Contains(bad.Diagnostics, d => d.ToString().StartsWith("t.space.yaml(3,") && d.Message.Contains("se_base must be 'expanded'") && d.Message.Contains("not 'output'"));
    }

    [Fact]
    public void A_reducing_cell_strides_and_widens_the_edges_leaving_its_input()
    {
        const string head = "space: R\ninput: { channels: 3, size: 8 }\nclasses: 2\nops:\n  none: zero\n  skip_connect: SKIP\n" +
            "  c3: [relu, { conv: { out: $out, kernel: 3, stride: $stride } }, bn]\ncell: { nodes: 3, ops: [none, skip_connect, c3] }\n" +
            "network:\n  - conv: { out: 4, kernel: 1 }\n  - cell: { repeat: 2, reduce: REDUCE }\n  - global_pool\n  - classifier\n";
        var compiled = SpecCompiler.Compile("r.space.yaml", head.Replace("SKIP", "skip").Replace("REDUCE", "{ out: 8 }"));
        Assert.Empty(compiled.Diagnostics);
        var space = compiled.Space!;
        Assert.Equal(new[] { "edge_01", "edge_02", "edge_12" }, space.Decisions.Select(d => d.Name));
        // All convs: reducing cell 0->1, 0->2 (3x3, 4->8, stride 2) and 1->2 (8->8), then a normal cell at 8 channels.
        var plan = space.Instantiate(space.Parse("|c3~0|+|c3~0|c3~1|"));
        var cells = ((SequenceNode)plan.Root).Children[1];
        Assert.Equal(new Shape(8, 4, 4), cells.Output);
        long conv(int i, int o) => 9L * i * o + 2 * o;
        Assert.Equal(3 * 4 + (2 * conv(4, 8) + conv(8, 8)) + 3 * conv(8, 8) + (8 * 2 + 2), space.Params(space.Parse("|c3~0|+|c3~0|c3~1|")));
        // skip on an input edge of the reducing cell is a strided 1x1 conv + BN (4->8); elsewhere the identity.
        Assert.Equal(3 * 4 + (4 * 8 + 16) + conv(8, 8) + conv(8, 8) + (8 * 2 + 2), space.Params(space.Parse("|skip_connect~0|+|none~0|c3~1|")));

        // An op that cannot reduce (identity) is a located shape error; reduce needs its width.
        var identity = SpecCompiler.Compile("r.space.yaml", head.Replace("SKIP", "identity").Replace("REDUCE", "{ out: 8 }"));
        Assert.Contains(identity.Diagnostics, d => d.Code == "AB1008" && d.Message.Contains("cannot sum"));
        var noWidth = SpecCompiler.Compile("r.space.yaml", head.Replace("SKIP", "skip").Replace("REDUCE", "{ stride: 2, size: 3 }"));
        Assert.Contains(noWidth.Diagnostics, d => d.ToString().StartsWith("r.space.yaml(11,") && d.Message.Contains("size"));
        Assert.Contains(noWidth.Diagnostics, d => d.ToString().StartsWith("r.space.yaml(11,") && d.Message.Contains("'out'"));
    }

    [Fact]
    public void Bottleneck_dwsep_and_projection_residual_count_like_their_definitions()
    {
        // bottleneck 64 -> 256 at 8x8: 1x1 64->64, 3x3 64->64, 1x1 64->256, BN each; projection 1x1 64->256 + BN.
        var plan = Fixed("  - conv: { out: 64, kernel: 1 }\n  - bottleneck: { out: 256 }\n", size: 8);
        Assert.Equal(3 * 64 + (64 * 64 + 128) + (9 * 64 * 64 + 128) + (64 * 256 + 512) + (64 * 256 + 512), CostModel.Params(plan));
        // dwsep 16 -> 32: depthwise 3x3 (16*9) + BN, pointwise 16*32 + BN.
        plan = Fixed("  - conv: { out: 16, kernel: 1 }\n  - dwsep: { out: 32, stride: 2 }\n", size: 8);
        Assert.Equal(3 * 16 + 16 * 9 + 32 + 16 * 32 + 64, CostModel.Params(plan));
        Assert.Equal(new Shape(32, 4, 4), plan.Root.Output);
        // residual with projection shortcut from 3 to 8 channels.
        plan = Fixed("  - residual: { body: [{ conv: { out: 8, kernel: 3 } }], shortcut: projection, act: relu }\n", size: 8);
        var residual = Assert.IsType<ResidualNode>(((SequenceNode)plan.Root).Children[0]);
        Assert.NotNull(residual.Shortcut);
        Assert.Equal(ActivationKind.Relu, residual.PostActivation);
    }

    [Fact]
    public void Concat_cells_with_listed_edges()
    {
        var space = Compile("""
            space: C
            input: { size: 8 }
            cell:
              nodes: 3
              ops: [identity, zero]
              edges: [[0, 2], [1, 2], [0, 1]]
              combine: concat
              name: "e{from}_{to}"
            network:
              - conv: { out: 4, kernel: 1 }
              - cell
              - global_pool
              - classifier
            """);
        Assert.Equal(new[] { "e0_1", "e0_2", "e1_2" }, space.Decisions.Select(d => d.Name));
        var plan = space.Instantiate(new Architecture(space, new[] { 0, 0, 0 }));
        var cell = ((SequenceNode)plan.Root).Children.OfType<CellNode>().Single();
        Assert.Equal(8, cell.Output.Channels); // node 2 concatenates two 4-channel inputs
    }

    [Fact]
    public void Shared_and_stage_width_choices_constraints_and_width_multiplier()
    {
        var space = Compile("""
            space: W
            input: { size: 32 }
            width_multiplier: 1.5
            constraints: { max_params: 1.5M, max_flops: 600_000K }
            network:
              - stage:
                  name: s1
                  depth: 2
                  out: { choose: [16, 24] }
                  block: { conv_bn: { kernel: { choose: [3, 5], shared: true }, act: { choose: [relu, hswish] } } }
              - global_pool
              - classifier
            """);
        Assert.Equal(new[] { "s1.width", "s1.kernel", "s1.l1.act", "s1.l2.act" }, space.Decisions.Select(d => d.Name));
        Assert.Equal(DecisionRole.Width, space.Decisions[0].Role);
        Assert.Equal(DecisionRole.Activation, space.Decisions[2].Role);
        Assert.Equal(1_500_000, space.Constraints.MaxParams);
        Assert.Equal(600_000_000, space.Constraints.MaxFlops);
        var plan = space.Instantiate(new Architecture(space, new[] { 1, 1, 0, 1 }));
        Assert.Equal(40, ((SequenceNode)plan.Root).Children[0].Output.Channels); // make_divisible(24 x 1.5 = 36, 8)
    }

    [Fact]
    public void Op_arguments_and_context_placeholders()
    {
        var space = Compile("""
            space: A
            input: { size: 16 }
            ops:
              down: [{ conv: { out: $out, kernel: $k, stride: 2 } }, bn]
              block: { mbconv: { expand: $e, se: { choose: [false, true] } } }
            network:
              - down: { out: 24, k: 3 }
              - stage: { name: s1, depth: 1, out: 32, block: { block: { e: 4 } } }
              - global_pool
              - classifier
            """);
        Assert.Equal("s1.l1.se", Assert.Single(space.Decisions).Name);
        var plan = space.Instantiate(new Architecture(space, new[] { 1 }));
        Assert.Equal(new Shape(32, 8, 8), ((SequenceNode)plan.Root).Children[1].Output);

        var r = SpecCompiler.Compile("t.yaml", "space: A\nops: { down: { conv: { kernel: $k } } }\nnetwork: [down]\n");
        Assert.Contains(r.Diagnostics, d => d.Code == "AB1006" && d.Message.Contains("{ down: { k: ... } }"));
        r = SpecCompiler.Compile("t.yaml", "space: A\nops: { down: { conv: { kernel: $k } } }\nnetwork: [{ down: { k: 3, q: 1 } }]\n");
        Assert.Contains(r.Diagnostics, d => d.Code == "AB1002" && d.Message.Contains("'q'"));
    }

    [Fact]
    public void The_json_schema_knows_every_top_level_key_and_op()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "docs", "spec.schema.json")));
        var top = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        // The unknown-key message lists every key the front end accepts at the top level.
        var r = SpecCompiler.Compile("t.yaml", "space: T\nzzzz: 1\nnetwork: [bn]\n");
        var keys = r.Diagnostics.Single(d => d.Code == "AB1002").Message.Split("expected one of: ")[1].Split(", ");
        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), top.OrderBy(k => k, StringComparer.Ordinal));

        var layer = schema.RootElement.GetProperty("definitions").GetProperty("layer").GetProperty("oneOf")[3].GetProperty("properties")
            .EnumerateObject().Select(p => p.Name).ToHashSet();
        var activations = schema.RootElement.GetProperty("definitions").GetProperty("activationName").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        r = SpecCompiler.Compile("t.yaml", "space: T\nnetwork: [zzzzzzzzzzzz]\n");
        var ops = r.Diagnostics.Single(d => d.Code == "AB1005").Message.Split("expected one of: ")[1].Split(" (or")[0].Split(", ");
        Assert.All(ops, op => Assert.True(layer.Contains(op) || activations.Contains(op) || op is "bn" or "global_pool" or "identity", op));
        Assert.All(layer, op => Assert.Contains(op, ops.Append("stage")));
    }
}

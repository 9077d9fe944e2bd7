using AutoBuild.Runtime;
using AutoBuild.Spec;

namespace AutoBuild.Runtime.Tests.Space;

public class CanonicalTests
{
    [Fact]
    public void Nas_bench_201_has_5390_distinct_functions()
    {
        // NAS-Bench-201's own count (Structure.to_unique_str with consider_zero) is 6,466: it keeps a "#" term in a
        // node's sum for every zero input, so "x + 0" and "x" count as two networks. Dropping zero terms, which does
        // not change the function, leaves 5,390 (computed independently with the same expression rule in Python).
        var space = TestData.CompileExample("nas-bench-201.space.yaml");
        Assert.True(space.HasEquivalence);
        var all = space.Enumerate().ToList();
        var canonical = all.Select(space.Canonical).ToList();
        Assert.Equal(5390, canonical.Distinct().Count());
        // Idempotent, and a representative is its own canonical form.
        Assert.All(canonical.Distinct(), c => Assert.Equal(c, space.Canonical(c)));
    }

    [Fact]
    public void Dead_ops_are_pruned_and_intermediate_nodes_relabelled()
    {
        var space = TestData.CompileExample("nas-bench-201.space.yaml");
        // Node 1 gets nothing (edge_01 none), so its conv to the output computes on zeros: same as none.
        var dead = space.Parse("|none~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        var pruned = space.Parse("|none~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|skip_connect~2|");
        Assert.Equal(space.Canonical(pruned), space.Canonical(dead));
        // Without edge 1→2, nodes 1 and 2 are interchangeable.
        var a = space.Parse("|nor_conv_3x3~0|+|avg_pool_3x3~0|none~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|");
        var b = space.Parse("|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");
        Assert.Equal(space.Canonical(a), space.Canonical(b));
        // With it, they are not.
        var c = space.Parse("|nor_conv_3x3~0|+|avg_pool_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|");
        Assert.Equal(c, space.Canonical(c));
    }

    [Fact]
    public void A_cell_that_passes_only_zeros_to_its_output_makes_a_network_that_ignores_its_input()
    {
        var space = TestData.CompileExample("nas-bench-201.space.yaml");
        // Every edge none; and a cell whose output node gets only edges from nodes cut off from the input.
        Assert.True(space.IgnoresInput(space.Parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")));
        Assert.True(space.IgnoresInput(space.Parse("|none~0|+|none~0|nor_conv_3x3~1|+|none~0|skip_connect~1|avg_pool_3x3~2|")));
        // One op from the input to the output is enough, and so is a path through the intermediate nodes.
        Assert.False(space.IgnoresInput(space.Parse("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|")));
        Assert.False(space.IgnoresInput(space.Parse("|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|none~0|none~1|nor_conv_3x3~2|")));
        // 1 of NAS-Bench-201's 5,390 networks: every cell cut off from its input is the all-none cell.
        Assert.Single(space.Enumerate().Where(space.IgnoresInput).Select(space.Canonical).Distinct());
        // A residual around the cell carries the input past it; spaces without a zero op or without cells never ignore it.
        var bypassed = SpecCompiler.Compile("r.space.yaml", "space: R\ninput: { channels: 3, size: 8 }\nclasses: 2\n" +
            "ops: { z: zero, s: identity, c: [relu, { conv: { kernel: 1 } }] }\ncell: { nodes: 3, ops: [z, s, c], combine: sum }\n" +
            "network:\n  - conv_bn: { out: 4, kernel: 3 }\n  - residual: { body: [cell] }\n  - global_pool\n  - classifier\n").Space!;
        Assert.True(bypassed.HasEquivalence);
        Assert.False(bypassed.IgnoresInput(bypassed.Parse("|z~0|+|z~0|z~1|")));
        var macro = TestData.CompileExample("nas-bench-macro.space.yaml");
        Assert.DoesNotContain(macro.SampleDistinct(200, new Random(1)), macro.IgnoresInput);
    }

    [Fact]
    public void Nas_bench_101_cells_are_one_network_exactly_when_their_graph_hash_class_is_the_same()
    {
        // The 500-row NAS-Bench-101 sample lists each raw (unpruned) cell with the isomorphism class of its pruned
        // graph (NAS-Bench-101's graph hash): 292 classes.
        var space = TestData.CompileExample("nas-bench-101.space.yaml");
        Assert.True(space.HasEquivalence);
        var byClass = new Dictionary<string, HashSet<Architecture>>();
        foreach (var row in TestData.ReadCsv(TestData.Data("nas-bench-101-sample", "nb101_naslib_500.csv.gz")))
        {
            var raw = TestData.Nb101Row(space, row);
            var canonical = space.Canonical(raw);
            Assert.True(space.IsValid(canonical.Choices.ToArray(), out _));
            // The same graph and ops; NAS-Bench-101 gives the remainder of the output channels' split to the first
            // vertices feeding the output, so relabelling can move one channel between vertices (as in the benchmark).
            Assert.InRange(space.Params(canonical), 0.98 * space.Params(raw), 1.02 * space.Params(raw));
            Assert.Equal(canonical, space.Canonical(canonical));
            if (!byClass.TryGetValue(row["iso_class"], out var set)) byClass[row["iso_class"]] = set = new HashSet<Architecture>();
            set.Add(canonical);
        }
        Assert.Equal(292, byClass.Count);
        Assert.All(byClass.Values, set => Assert.Single(set));
        Assert.Equal(292, byClass.Values.Select(s => s.Single()).Distinct().Count());
    }

    [Fact]
    public void Nas_bench_macro_identity_layers_move_to_the_end_of_their_stage_as_the_benchmarks_canonical_arch()
    {
        // NAS-Bench-Macro trained 3,969 of its 6,561 strings: an `id` after a stage's first layer is a true identity,
        // so the benchmark moves it to the end of its stage (`canonical_arch`) and copies that network's results.
        var space = TestData.CompileExample("nas-bench-macro.space.yaml");
        Assert.True(space.HasEquivalence);
        var rows = TestData.ReadCsv(TestData.Data("nas-bench-macro", "nas_bench_macro_cifar10.csv.gz")).ToList();
        Assert.Equal(6561, rows.Count);
        var canonical = new HashSet<Architecture>();
        foreach (var row in rows)
        {
            var a = space.Parse(row["arch"]);
            var c = space.Canonical(a);
            Assert.Equal(row["canonical_arch"], space.Format(c));
            Assert.Equal(row["is_canonical"] == "1", c.Equals(a));
            Assert.Equal(space.Params(a), space.Params(c));
            Assert.Equal(space.Flops(a), space.Flops(c));
            Assert.Equal(c, space.Canonical(c));
            canonical.Add(c);
        }
        Assert.Equal(3969, canonical.Count);
    }

    [Fact]
    public void Macro_spaces_without_identity_layers_define_no_equivalence()
    {
        var space = TestData.CompileExample("ofa-mobilenetv3.space.yaml");
        Assert.False(space.HasEquivalence);
        var a = space.Sample(new Random(1));
        Assert.Same(a, space.Canonical(a));
    }
}

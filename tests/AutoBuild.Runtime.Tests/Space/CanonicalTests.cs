using AutoBuild.Runtime;

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
    public void Macro_spaces_define_no_equivalence()
    {
        var space = TestData.CompileExample("nas-bench-macro.space.yaml");
        Assert.False(space.HasEquivalence);
        var a = space.Enumerate().First();
        Assert.Same(a, space.Canonical(a));
    }
}

using System.Numerics;
using AutoBuild.Runtime;

namespace AutoBuild.Runtime.Tests.Space;

public class SamplingTests
{
    [Fact]
    public void Sampling_is_uniform_over_architectures_not_over_depths()
    {
        // Depth 1 has one architecture, depth 2 has three: a per-decision coin flip would give depth 1 half the time.
        var s = TestSpaces.Skewed();
        var random = new Random(1);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        const int draws = 40_000;
        for (var i = 0; i < draws; i++)
        {
            var key = s.Sample(random).ToString();
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(4, counts.Count);
        foreach (var (arch, n) in counts)
            Assert.InRange(n, draws / 4 - 600, draws / 4 + 600); // ±6σ of a binomial(40000, 1/4)
    }

    [Fact]
    public void Ofa_depths_are_drawn_in_proportion_to_their_completions()
    {
        var s = TestSpaces.Ofa(stages: 1);
        var random = new Random(3);
        var depth4 = 0;
        const int draws = 20_000;
        for (var i = 0; i < draws; i++)
            if (s.Sample(random).Value("s1.depth") == "4") depth4++;
        // P(depth 4) = 9⁴ / (9² + 9³ + 9⁴) = 0.8901
        Assert.InRange(depth4 / (double)draws, 0.88, 0.90);
    }

    [Fact]
    public void Same_seed_same_architectures()
    {
        var s = TestSpaces.Ofa();
        var a = s.SampleDistinct(50, new Random(42)).Select(x => x.ToString()).ToList();
        var b = s.SampleDistinct(50, new Random(42)).Select(x => x.ToString()).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, s.SampleDistinct(50, new Random(43)).Select(x => x.ToString()).ToList());
    }

    [Fact]
    public void Seeded_sampling_is_pinned_so_that_a_change_of_algorithm_is_noticed()
    {
        // System.Random(seed) uses the same generator on every .NET version and machine; this pins our use of it.
        var s = TestSpaces.Nb201();
        var drawn = s.SampleDistinct(3, new Random(2024)).Select(a => a.ToString()).ToArray();
        Assert.Equal(Pinned, drawn);
    }

    private static readonly string[] Pinned =
    {
        "|none~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|nor_conv_1x1~0|none~1|skip_connect~2|",
        "|nor_conv_3x3~0|+|avg_pool_3x3~0|skip_connect~1|+|nor_conv_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|",
        "|none~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|",
    };

    [Fact]
    public void Samples_are_valid_and_respect_the_filter()
    {
        var s = TestSpaces.Ofa();
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var a = s.Sample(random, x => x.Value("resolution") == "224");
            Assert.True(s.IsValid(a.Choices, out var error), error);
            Assert.Equal("224", a.Value("resolution"));
        }
    }

    [Fact]
    public void An_impossible_filter_fails_clearly_after_a_bounded_number_of_tries()
    {
        var s = TestSpaces.Nb201();
        var e = Assert.Throws<InvalidOperationException>(() => s.Sample(new Random(1), _ => false, maxTries: 100));
        Assert.Contains("No architecture of NasBench201 passed the filter in 100 uniform draws", e.Message);
        Assert.False(s.TrySample(new Random(1), _ => false, 10, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void Sample_distinct_returns_distinct_architectures_even_the_whole_space()
    {
        var s = TestSpaces.Nb201();
        var some = s.SampleDistinct(1_000, new Random(9));
        Assert.Equal(1_000, some.Distinct().Count());
        var all = TestSpaces.Skewed().SampleDistinct(4, new Random(9));
        Assert.Equal(4, all.Distinct().Count());
        Assert.Throws<ArgumentException>(() => TestSpaces.Skewed().SampleDistinct(5, new Random(9)));
        var few = Assert.Throws<InvalidOperationException>(() => TestSpaces.Skewed().SampleDistinct(3, new Random(9), a => a.Value("s1.depth") == "1"));
        Assert.Contains("only 1 of the 3 distinct architectures of Skewed asked for pass the filter (4 (all of them) draws)", few.Message);
        Assert.Empty(s.SampleDistinct(0, new Random(9)));
    }

    [Fact]
    public void Uniform_depths_draw_every_stage_depth_about_equally_often()
    {
        // Proportional draws put depth 4 in 89 % of the rows (9⁴ of 9² + 9³ + 9⁴ per stage); uniform depths, a third.
        var s = TestSpaces.Ofa();
        const int n = 3_000;
        var drawn = s.SampleDistinct(n, new Random(900), null, DepthSampling.Uniform);
        Assert.Equal(n, drawn.Distinct().Count());
        Assert.All(drawn, a => Assert.True(s.IsValid(a.Choices, out var error), error));
        for (var stage = 1; stage <= 5; stage++)
            foreach (var depth in new[] { "2", "3", "4" })
            {
                var share = drawn.Count(a => a.Value($"s{stage}.depth") == depth) / (double)n;
                Assert.InRange(share, 1 / 3.0 - 0.04, 1 / 3.0 + 0.04); // ±4.6σ of a binomial(3000, 1/3)
            }
        // The layers below the depth stay uniform over their values.
        var kernels = drawn.Where(a => a.Value("s1.depth") == "2").Select(a => a.Value("s1.l1.kernel")).ToList();
        Assert.All(new[] { "3", "5", "7" }, k => Assert.InRange(kernels.Count(x => x == k) / (double)kernels.Count, 0.25, 0.42));
        var proportional = s.SampleDistinct(n, new Random(900));
        Assert.InRange(proportional.Count(a => a.Value("s1.depth") == "4") / (double)n, 0.86, 0.92);
    }

    [Fact]
    public void Uniform_depths_are_seeded_and_honour_the_filter()
    {
        var s = TestSpaces.Ofa();
        string[] Draw(int seed, Func<Architecture, bool>? filter = null) =>
            s.SampleDistinct(200, new Random(seed), filter, DepthSampling.Uniform).Select(a => a.ToString()).ToArray();
        Assert.Equal(Draw(901), Draw(901));
        Assert.NotEqual(Draw(901), Draw(902));
        Assert.NotEqual(Draw(901), s.SampleDistinct(200, new Random(901)).Select(a => a.ToString()).ToArray());
        // A filter (a budget) is rejection: every row passes it, and among those the depths are still balanced.
        bool Small(Architecture a) => a.Value("s1.depth") != "4" || a.Value("s2.depth") != "4";
        var filtered = s.SampleDistinct(1_500, new Random(903), Small, DepthSampling.Uniform);
        Assert.All(filtered, a => Assert.True(Small(a)));
        Assert.InRange(filtered.Count(a => a.Value("s3.depth") == "2") / 1_500.0, 1 / 3.0 - 0.05, 1 / 3.0 + 0.05);
        // P(s1 depth 2 | not both 4) = (1/3) / (8/9) = 0.375
        Assert.InRange(filtered.Count(a => a.Value("s1.depth") == "2") / 1_500.0, 0.375 - 0.05, 0.375 + 0.05);
    }

    [Fact]
    public void Uniform_depths_change_nothing_on_a_space_without_uneven_decisions()
    {
        // NAS-Bench-201 has no depth: the same rows, both on the rejection path and on the enumerated one.
        var s = TestSpaces.Nb201();
        foreach (var n in new[] { 100, 10_000 })
            Assert.Equal(s.SampleDistinct(n, new Random(904)), s.SampleDistinct(n, new Random(904), null, DepthSampling.Uniform));
        var dag = TestSpaces.SmallDag(); // adj_02 switches node2 on: uneven, so this one is drawn differently
        Assert.Equal(dag.Size, dag.SampleDistinct((int)dag.Size, new Random(905), null, DepthSampling.Uniform).Distinct().Count());
    }

    [Fact]
    public void Uniform_depths_on_an_enumerated_space_draw_without_replacement_by_depth()
    {
        // Skewed: depth 1 (one architecture) or depth 2 (three). One row: depth 1 half the time (uniform depths)
        // instead of a quarter (proportional). Two rows: the second is drawn in proportion to the first draw's
        // probabilities among those left (as rejecting duplicates would), so depth 1 is among them with
        // 1/2 + 1/2 · (1/2) / (1/2 + 2 · 1/6) = 0.8.
        var s = TestSpaces.Skewed();
        int one = 0, pairs = 0, quarter = 0;
        const int seeds = 4_000;
        for (var seed = 0; seed < seeds; seed++)
        {
            if (s.SampleDistinct(1, new Random(seed), null, DepthSampling.Uniform)[0].Value("s1.depth") == "1") one++;
            if (s.SampleDistinct(2, new Random(seed), null, DepthSampling.Uniform).Any(a => a.Value("s1.depth") == "1")) pairs++;
            if (s.SampleDistinct(1, new Random(seed))[0].Value("s1.depth") == "1") quarter++;
        }
        Assert.InRange(one / (double)seeds, 0.5 - 0.04, 0.5 + 0.04);
        Assert.InRange(pairs / (double)seeds, 0.8 - 0.04, 0.8 + 0.04);
        Assert.InRange(quarter / (double)seeds, 0.25 - 0.04, 0.25 + 0.04);
        Assert.Equal(4, s.SampleDistinct(4, new Random(906), null, DepthSampling.Uniform).Distinct().Count());
        var few = Assert.Throws<InvalidOperationException>(() => s.SampleDistinct(3, new Random(907), a => a.Value("s1.depth") == "1", DepthSampling.Uniform));
        Assert.Contains("only 1 of the 3 distinct architectures of Skewed asked for pass the filter", few.Message);
    }

    [Fact]
    public void More_rows_than_a_rare_depth_holds_are_still_drawn_distinct()
    {
        // One stage: depth 2 has 3·81 = 243 architectures; of 1,500 uniform-depth rows about 500 draws are depth 2, mostly
        // of those 243, and duplicates are drawn again from every depth.
        var s = TestSpaces.Ofa(stages: 1);
        var drawn = s.SampleDistinct(1_500, new Random(908), null, DepthSampling.Uniform);
        Assert.Equal(1_500, drawn.Distinct().Count());
        Assert.InRange(drawn.Count(a => a.Value("s1.depth") == "2"), 180, 243); // proportional: 0.4 % of the rows
    }

    [Fact]
    public void Mutation_changes_one_active_decision_and_keeps_validity()
    {
        var s = TestSpaces.Ofa();
        var random = new Random(11);
        var a = s.Sample(random);
        for (var i = 0; i < 500; i++)
        {
            var b = s.Mutate(a, random);
            Assert.True(s.IsValid(b.Choices, out var error), error);
            Assert.NotEqual(a, b);
            // Exactly one decision that was active in both changed value, unless a depth changed (which may
            // activate or clear the layers it controls).
            var changedBoth = Enumerable.Range(0, s.Decisions.Count).Count(d => a[d] >= 0 && b[d] >= 0 && a[d] != b[d]);
            Assert.Equal(1, changedBoth);
            a = b;
        }
    }

    [Fact]
    public void Mutating_a_depth_up_samples_the_newly_active_layers()
    {
        var s = TestSpaces.Skewed();
        var shallow = s.Create(new[] { 0, -1 });
        var deeper = s.Mutate(shallow, new Random(1));
        Assert.Equal("2", deeper.Value("s1.depth"));
        Assert.NotNull(deeper.Value("s1.l2.kernel"));
        var back = s.Mutate(s.Create(new[] { 1, 0 }), new Random(2));
        Assert.True(s.IsValid(back.Choices, out _));
    }

    [Fact]
    public void A_space_with_one_architecture_cannot_be_mutated()
    {
        var s = new SearchSpace("Fixed", null, SpaceKind.Macro, new[] { new Decision("k", DecisionKind.Integer, new[] { "3" }) });
        Assert.Throws<InvalidOperationException>(() => s.Mutate(s.Create(new[] { 0 }), new Random(1)));
    }

    [Fact]
    public void Enumeration_visits_every_architecture_once_in_canonical_order()
    {
        var s = TestSpaces.Nb201();
        Assert.True(s.CanEnumerate(15_625));
        Assert.False(s.CanEnumerate(15_624));
        var all = s.Enumerate().ToList();
        Assert.Equal(15_625, all.Count);
        Assert.Equal(15_625, all.Distinct().Count());
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 0 }, all[0].Choices);
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 1 }, all[1].Choices);
        Assert.Equal(new[] { 4, 4, 4, 4, 4, 4 }, all[^1].Choices);
        var ofa1 = TestSpaces.Ofa(stages: 1).Enumerate().ToList();
        Assert.Equal(3 * (81 + 729 + 6561), ofa1.Count);
        Assert.All(ofa1, a => Assert.True(a.Space.IsValid(a.Choices, out _)));
        Assert.Equal("r192|s1:d2:k3e3,k3e3", ofa1[0].ToString());
        Assert.Equal("r192|s1:d2:k3e3,k3e4", ofa1[1].ToString());
    }

    [Fact]
    public void Random_below_covers_big_bounds()
    {
        var bound = BigInteger.Parse("65275966477717457553");
        var random = new Random(4);
        var max = BigInteger.Zero;
        for (var i = 0; i < 2_000; i++)
        {
            var r = ArchitectureSampler.RandomBelow(bound, random);
            Assert.True(r >= 0 && r < bound);
            if (r > max) max = r;
        }
        Assert.True(max > bound / 2);
    }
}

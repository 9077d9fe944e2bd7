using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Tests.Numerics;

public class SoftRankTests
{
    /// <summary>Brute force: the decreasing isotonic fit is block-constant with block means; try every split into contiguous blocks.</summary>
    private static double[] BruteIsotonic(double[] y)
    {
        var n = y.Length;
        double[]? best = null; var bestErr = double.PositiveInfinity;
        for (var mask = 0; mask < 1 << (n - 1); mask++)
        {
            var v = new double[n];
            for (int start = 0, i = 0; i < n; i++)
                if (i == n - 1 || (mask >> i & 1) == 1)
                {
                    var mean = y.Skip(start).Take(i - start + 1).Average();
                    for (var k = start; k <= i; k++) v[k] = mean;
                    start = i + 1;
                }
            var feasible = true;
            for (var i = 0; i + 1 < n; i++) if (v[i] < v[i + 1] - 1e-12) feasible = false;
            if (!feasible) continue;
            var err = y.Zip(v, (a, b) => (a - b) * (a - b)).Sum();
            if (err < bestErr) { bestErr = err; best = v; }
        }
        return best!;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Pav_matches_brute_force(int seed)
    {
        var rng = new Random(seed);
        for (var trial = 0; trial < 50; trial++)
        {
            var n = 1 + rng.Next(8);
            var y = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble() * 6 - 3, 1)).ToArray();
            var v = new float[n]; var blockOf = new int[n]; var sums = new double[n]; var starts = new int[n];
            Isotonic.Decreasing(y.Select(x => (float)x).ToArray(), v, blockOf, sums, starts);
            var expected = BruteIsotonic(y);
            for (var i = 0; i < n; i++) Assert.Equal(expected[i], v[i], 4);
        }
    }

    private static float[] Rank(float[] theta, float strength = 1f)
    {
        var x = new Tensor(theta.Length, 1);
        theta.CopyTo(x.Data, 0);
        var op = new SoftRank(x, strength);
        op.Forward(false);
        return op.Output.Values.ToArray();
    }

    [Fact]
    public void Well_separated_values_get_hard_ranks()
    {
        Assert.Equal(new float[] { 2, 4, 1, 3 }, Rank(new float[] { 10, 50, -20, 30 }));
    }

    [Fact]
    public void Close_values_share_their_rank()
    {
        // torchsort.soft_rank([[0.1, 0.2, 5.0]], "l2", 1.0) = [[1.45, 1.55, 3.0]]
        var r = Rank(new[] { 0.1f, 0.2f, 5f });
        Assert.Equal(1.45f, r[0], 4);
        Assert.Equal(1.55f, r[1], 4);
        Assert.Equal(3f, r[2], 4);
    }

    [Fact]
    public void Ranks_sum_to_the_hard_rank_sum()
    {
        var rng = new Random(5);
        var theta = Enumerable.Range(0, 9).Select(_ => (float)rng.NextDouble()).ToArray();
        Assert.Equal(45f, Rank(theta).Sum(), 3);
    }

    [Fact]
    public void Vector_jacobian_product_matches_finite_differences()
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var tape = new Tape();
            var x = GradCheck.Random(8, 1, seed, scale: 2);
            var r = tape.Add(new SoftRank(x, strength: 1f, scale: 0f));
            tape.Add(new WeightedSum(r.Output, seed + 10));
            GradCheck.Check(tape, new[] { x }, eps: 1e-3);
        }
    }
}

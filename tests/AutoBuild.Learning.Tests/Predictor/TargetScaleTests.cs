using AutoBuild.Learning.Predictor;

namespace AutoBuild.Learning.Tests.Predictor;

public class TargetScaleTests
{
    [Fact]
    public void Normal_quantile_matches_known_values()
    {
        Assert.Equal(0, TargetScale.NormalQuantile(0.5), 9);
        Assert.Equal(1.959963985, TargetScale.NormalQuantile(0.975), 6);
        Assert.Equal(-2.326347874, TargetScale.NormalQuantile(0.01), 6);
    }

    [Theory]
    [InlineData(TargetScaling.Standard)]
    [InlineData(TargetScaling.Quantile)]
    public void Forward_and_inverse_are_monotone_inverses(TargetScaling mode)
    {
        double[] train = { 10, 85, 86, 86, 88, 90, 91.5, 70 };
        var scale = new TargetScale(mode, train);
        var xs = new[] { 0.0, 10, 50, 85, 86, 87, 91.5, 95 };
        var zs = xs.Select(scale.Forward).ToArray();
        for (var i = 1; i < zs.Length; i++) Assert.True(zs[i] > zs[i - 1], $"not increasing at {xs[i]}");
        foreach (var x in xs) Assert.Equal(x, scale.Inverse(scale.Forward(x)), 9);
        Assert.Equal(train.Average(), scale.Mean, 12);
    }

    [Fact]
    public void Quantile_scaling_tames_outliers()
    {
        double[] train = { 10, 85, 86, 87, 88, 89, 90, 91 };
        var scale = new TargetScale(TargetScaling.Quantile, train);
        Assert.InRange(scale.Forward(10), -2, -1);   // normal score of the lowest of 8, not ≈ −2.5 standard deviations
        Assert.True(scale.Forward(91) > 1);
    }
    [Fact]
    public void Extrapolation_beyond_the_best_label_follows_the_top_of_the_distribution_not_the_outliers()
    {
        // 40 labels near 90 plus four diverged ones at 10: the overall std is about 24 points.
        var train = Enumerable.Range(0, 40).Select(i => 88 + i * 0.1).Concat(new double[] { 10, 10.5, 11, 11.5 }).ToArray();
        var scale = new TargetScale(TargetScaling.Quantile, train);
        var top = scale.Forward(train.Max());
        var half = scale.Inverse(top + 0.5);   // half a normal score above the best label
        Assert.True(half > train.Max());
        Assert.True(half < train.Max() + 1, $"extrapolated to {half}");
        Assert.True(scale.Inverse(scale.Forward(10) - 0.5) < 10);
    }
}

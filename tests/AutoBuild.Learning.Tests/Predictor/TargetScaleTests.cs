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
}

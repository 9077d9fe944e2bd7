using System.Linq;
using AutoBuild.Learning.Build;
using Xunit;

namespace AutoBuild.Learning.Tests.Build;

public class FlatTopTests
{
    // 30 labels whose top flattens (90 + 0.1i − 0.002i²), ρ 0.9, a pool of 3,000, noise variance of a mean 0.01/3.
    private static double[] Flattening() => Enumerable.Range(0, 30).Select(i => 90 + 0.1 * i - 0.002 * i * i).ToArray();

    [Fact]
    public void The_chance_matches_the_replayed_flat_top_model()
    {
        // /work/notes/s18/macro18/py/raw.py raw_model(b, 20, 0.0) on the same input: 0.9069356213181119.
        var p = FlatTop.Probability(Flattening(), 0.9, 3000, 0.01 / 3, out var level);
        Assert.Equal(0.9069356213181119, p, 3);
        // The fitted level at the best label's score (numpy least squares on the same 20 best): 91.38613946769...
        Assert.Equal(91.38613946769, level, 6);
    }

    [Fact]
    public void A_best_label_that_stands_above_the_top_lowers_the_chance_and_noise_pulls_it_toward_a_coin()
    {
        var plain = FlatTop.Probability(Flattening(), 0.9, 3000, 0.01 / 3, out _);
        var lucky = Flattening(); lucky[29] += 0.5; // M measured well above the best labels' trend
        Assert.True(FlatTop.Probability(lucky, 0.9, 3000, 0.01 / 3, out _) < plain - 0.3);
        var noisy = FlatTop.Probability(Flattening(), 0.9, 3000, 100, out _);
        Assert.InRange(noisy, 0.4, 0.6);
    }
}

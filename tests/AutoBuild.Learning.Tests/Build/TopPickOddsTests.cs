using System;
using System.Linq;
using AutoBuild.Learning.Build;
using Xunit;

namespace AutoBuild.Learning.Tests.Build;

/// <summary>The top-pick rule's chance (<see cref="TopPickOdds"/>) against what it must be at its limits and against a
/// direct simulation of the model it computes.</summary>
public sealed class TopPickOddsTests
{
    [Theory]
    [InlineData(100, 5400)]
    [InlineData(20, 300)]
    public void With_no_correlation_the_pick_is_a_random_architecture(long labels, long pool)
    {
        // A random architecture beats the best of N labels with probability 1/(N + 1).
        Assert.Equal(1.0 / (labels + 1), TopPickOdds.Probability(0, pool, labels), 3);
    }

    [Fact]
    public void With_near_perfect_correlation_the_pick_is_the_best_of_the_pool()
    {
        // ρ → 1: the pick is the truly best of the n unmeasured, which beats the best of N labels with probability n/(n + N).
        Assert.Equal(5400.0 / 5500, TopPickOdds.Probability(0.999, 5400, 100), 2);
        Assert.Equal(50.0 / 150, TopPickOdds.Probability(0.999, 50, 100), 1);
    }

    [Fact]
    public void The_chance_grows_with_the_correlation_and_the_pool_and_falls_with_the_labels()
    {
        var rhos = new[] { 0.5, 0.7, 0.8, 0.9 };
        var p = rhos.Select(r => TopPickOdds.Probability(r, 5400, 100)).ToArray();
        for (var i = 1; i < p.Length; i++) Assert.True(p[i] > p[i - 1]);
        Assert.True(TopPickOdds.Probability(0.8, 50_000, 100) > p[2]);
        Assert.True(TopPickOdds.Probability(0.8, 5400, 1000) < p[2]);
        // Huge pools (a space of 10^19 searched) keep their precision: no NaN, no 1.0 from rounding u^(1/n) to 1.
        var huge = TopPickOdds.Probability(0.5, 10_000_000_000_000_000, 100);
        Assert.True(huge > 0.9 && huge < 1);
    }

    [Fact]
    public void The_quadrature_agrees_with_a_simulation_of_the_model()
    {
        // Truth and prediction jointly normal (ρ = 0.8), 100 labels and 2,000 unmeasured architectures: how often the
        // highest prediction's truth beats the labels' best.
        var rng = new Random(3);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        const double rho = 0.8;
        int wins = 0, draws = 2000;
        for (var d = 0; d < draws; d++)
        {
            var best = Enumerable.Range(0, 100).Max(_ => Normal());
            double topPrediction = double.NegativeInfinity, topTruth = 0;
            for (var i = 0; i < 2000; i++)
            {
                var t = Normal();
                var p = rho * t + Math.Sqrt(1 - rho * rho) * Normal();
                if (p > topPrediction) (topPrediction, topTruth) = (p, t);
            }
            if (topTruth > best) wins++;
        }
        Assert.InRange(Math.Abs((double)wins / draws - TopPickOdds.Probability(rho, 2000, 100)), 0, 0.035);
    }

    [Fact]
    public void Normal_score_correlation_reads_ranks_only_and_the_ensemble_gains_by_disagreement()
    {
        var x = Enumerable.Range(0, 50).Select(i => (double)i).ToArray();
        var monotone = x.Select(v => Math.Exp(v / 5)).ToArray(); // same order, very different shape
        Assert.Equal(1.0, TopPickOdds.NormalScoreCorrelation(x, monotone), 6);
        Assert.Equal(-1.0, TopPickOdds.NormalScoreCorrelation(x, monotone.Select(v => -v).ToArray()), 6);
        // Five members correlated 0.8 with the truth: agreeing perfectly, their mean is no better; agreeing 0.9, it is.
        Assert.Equal(0.8, TopPickOdds.EnsembleCorrelation(0.8, 1.0, 5), 9);
        Assert.Equal(0.8 * Math.Sqrt(5 / 4.6), TopPickOdds.EnsembleCorrelation(0.8, 0.9, 5), 9);
        Assert.Equal(TopPickOdds.MaxCorrelation, TopPickOdds.EnsembleCorrelation(0.99, 0.5, 5));
        Assert.Equal(1.0, TopPickOdds.Agreement(new[] { x, monotone }), 6);
    }

    [Fact]
    public void The_members_correlation_is_taken_at_its_lower_bound_which_tightens_with_more_labels()
    {
        // Fisher z: atanh(0.8) − Φ⁻¹(0.7)/√(100 − 3) = 1.0986 − 0.0532.
        Assert.Equal(Math.Tanh(1.0986123 - 0.5244005 / Math.Sqrt(97)), TopPickOdds.LowerCorrelation(0.8, 100), 5);
        Assert.True(TopPickOdds.LowerCorrelation(0.8, 50) < TopPickOdds.LowerCorrelation(0.8, 100));
        Assert.True(TopPickOdds.LowerCorrelation(0.8, 100) < TopPickOdds.LowerCorrelation(0.8, 1000));
        Assert.True(TopPickOdds.LowerCorrelation(0.8, 1000) < 0.8);
        Assert.Equal(0, TopPickOdds.LowerCorrelation(0.9, 3));
    }

    [Fact]
    public void Evenly_spaced_samples_are_deterministic_and_cover_the_list()
    {
        var items = Enumerable.Range(0, 10_000).ToList();
        var sample = TopPickOdds.EvenlySpaced(items, 2000);
        Assert.Equal(2000, sample.Count);
        Assert.Equal(0, sample[0]);
        Assert.Equal(9995, sample[^1]);
        Assert.Equal(items.Take(5), TopPickOdds.EvenlySpaced(items.Take(5).ToList(), 2000));
    }
    // The top predictions alone (the first region of TopPickOdds.CrowdingShares), as before session 15.
    private static double TopRegion(long pool) => TopPickOdds.Region(pool, TopPickOdds.TopShare);
    private static double TopOnly(int labels, int atTop, long pool) => TopPickOdds.EffectiveLabels(labels, new[] { atTop }, pool, out _);

    [Fact]
    public void Labels_crowding_the_top_predictions_make_the_best_label_the_best_of_a_denser_sample()
    {
        // NAS-Bench-201-sized pool: the top predictions are its highest 0.2 % (11 of 5,300), so a random sample of 100
        // puts about 0.2 labels there and keeps its count, also with one label there (probability 0.19); two there
        // (probability 0.019) or ten (a round's measured candidates) are as dense as a random sample of k·5,300/11.
        Assert.Equal(11, TopRegion(5300));
        Assert.Equal(10, TopRegion(1000));
        Assert.Equal(100, TopOnly(100, 0, 5300));
        Assert.Equal(100, TopOnly(100, 1, 5300));
        Assert.Equal(Math.Round(2 * 5300 / 11.0), TopOnly(100, 2, 5300));
        Assert.Equal(Math.Round(10 * 5300 / 11.0), TopOnly(110, 10, 5300));
        // 110 labels in a pool of 1,000 put 1.1 there on average: two is no crowd, five is.
        Assert.Equal(110, TopOnly(110, 2, 1000));
        Assert.Equal(500, TopOnly(110, 5, 1000));
        Assert.Equal(1 - Math.Exp(-0.5), TopPickOdds.PoissonUpperTail(1, 0.5), 12);
        Assert.Equal(1 - Math.Exp(-1.1) * 2.1, TopPickOdds.PoissonUpperTail(2, 1.1), 12);
        Assert.Equal(1, TopPickOdds.PoissonUpperTail(0, 3));
        // A pool no larger than the top region says nothing about density.
        Assert.Equal(50, TopOnly(50, 8, 10));
        // A stronger best label lowers the chance: after a round it fell from about 0.9 to below the confidence.
        Assert.True(TopPickOdds.Probability(0.9, 5300, 110) > 0.85);
        Assert.True(TopPickOdds.Probability(0.9, 5300, TopOnly(110, 10, 5300)) < 0.7);
    }

    [Fact]
    public void Wider_regions_call_a_crowd_that_the_top_region_misses_and_only_at_a_stricter_level()
    {
        // After one round of the loop the candidates may put a single label among the top 0.2 % of the new predictions
        // (no crowd: a random sample of 110 puts one there one time in five) but eight among the top 1 %, where a random
        // sample puts 1.1 on average (probability of eight or more about 1e-5): M is the best of 8·5,300/53 = 800.
        Assert.Equal(new[] { 0.002, 0.005, 0.01, 0.02, 0.05 }, TopPickOdds.CrowdingShares);
        Assert.Equal(53, TopPickOdds.Region(5300, 0.01));
        Assert.Equal(10, TopPickOdds.Region(1000, 0.005));
        var effective = TopPickOdds.EffectiveLabels(110, new[] { 1, 3, 8, 9, 12 }, 5300, out var crowded);
        Assert.Equal(2, crowded);
        Assert.Equal(800, effective);
        // The top region keeps its own level: two there (tail 0.02) is a crowd, as before.
        Assert.Equal(TopOnly(100, 2, 5300), TopPickOdds.EffectiveLabels(100, new[] { 2, 2, 2, 2, 2 }, 5300, out crowded));
        Assert.Equal(0, crowded);
        // A random sample of 100 over-represented in a wider region at the 0.007 tail seen once among 165 first builds
        // (six among the top 2 %, 2.0 expected) is no crowd at the wider regions' level 0.005, nor is four in the top 1 %
        // (tail 0.019); seven in the top 2 % (tail 0.0045) is.
        Assert.True(TopPickOdds.PoissonUpperTail(6, 100 * 106 / 5300.0) > TopPickOdds.WiderCrowdingLevel);
        Assert.Equal(100, TopPickOdds.EffectiveLabels(100, new[] { 0, 2, 4, 6, 8 }, 5300, out crowded));
        Assert.Equal(-1, crowded);
        Assert.True(TopPickOdds.PoissonUpperTail(7, 100 * 106 / 5300.0) < TopPickOdds.WiderCrowdingLevel);
        Assert.Equal(Math.Round(7 * 5300 / 106.0), TopPickOdds.EffectiveLabels(100, new[] { 0, 2, 4, 7, 8 }, 5300, out crowded));
        Assert.Equal(3, crowded);
        // The densest crowded region sets the count.
        Assert.Equal(Math.Round(3 * 5300 / 11.0), TopPickOdds.EffectiveLabels(110, new[] { 3, 4, 9, 12, 14 }, 5300, out crowded));
        Assert.Equal(0, crowded);
        Assert.Equal(6000, TopPickOdds.EffectiveLabels(3000, new[] { 0, 0, 0, 0, 300 }, 5300, out crowded));
        Assert.Equal(4, crowded);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Learning.Predictor;

namespace AutoBuild.Learning.Build;

/// <summary>The top pick's chance with replicated labels (docs/labels.md, "Replicates"), in the target's own units
/// against M's measured value. The rank model (<see cref="TopPickOdds.Probability"/>) integrates over M's rank; on
/// NAS-Bench-Macro, whose best networks lie within the noise of their 3-run means, it stated 0.93 where the pick won 0.55
/// (session 17's √λ correction: 0.74), and neither told a winning switch from a losing one: what makes a pick lose is a
/// best label measured high above the top's trend, which a rank model cannot see. Here the <see cref="TopLabels"/> best
/// labels' means against their normal scores z (rank r of N ↦ −Φ⁻¹(r/(N + 1))) give m = α + βz by least squares; the
/// pick's normal score is ρa (a the maximum of the pool, at the rank model's quadrature points) but the top is taken to
/// be flat beyond the labels' reach (nothing above the best label's score z₁ is extrapolated), so its level is
/// α + β·min(ρa, z₁), and P = mean over a of Φ((level − M's measured value) / √(β²(1 − ρ²) + v)), v the noise variance of
/// a label's mean (σ²/n). Chosen on replayed real builds (NB-Macro, labels of 3 runs; development seeds 10–69 with 100
/// labels: stated 0.61 where 0.63 won, Brier 0.213 against the √λ rule's 0.264; 10–39 with 200: 0.57 / 0.47, 0.247
/// against 0.356) and confirmed on fresh seeds 1500–1539 (0.65 / 0.50, Brier 0.222 against 0.330; 15 switches, 11 won,
/// against 27, 12 won; the chance's correlation with winning +0.52 against −0.09) (benchmarks/README.md, "Session 18: the
/// replicated chance as a function of rank").</summary>
internal static class FlatTop
{
    /// <summary>How many of the best labels the level is fitted on.</summary>
    public const int TopLabels = 20;

    /// <summary>The indexes of the <see cref="TopLabels"/> best of <paramref name="targets"/>, best first (ties by index).</summary>
    public static int[] BestLabels(IReadOnlyList<double> targets) =>
        Enumerable.Range(0, targets.Count).OrderByDescending(i => targets[i]).ThenBy(i => i).Take(TopLabels).ToArray();

    /// <summary>The chance (see the class) for labels with measured means <paramref name="targets"/> (M the highest),
    /// the ensemble's correlation <paramref name="rho"/>, a pool of <paramref name="pool"/>
    /// and <paramref name="meanNoiseVariance"/> the noise variance of a label's mean. <paramref name="level"/>: the fitted
    /// level at the best label's score. 1 with fewer than three labels or a flat fit's zero spread and M below it.</summary>
    public static double Probability(IReadOnlyList<double> targets, double rho, long pool, double meanNoiseVariance, out double level)
    {
        var n = targets.Count;
        var top = BestLabels(targets);
        var best = targets[top[0]];
        level = best;
        if (top.Length < 3) return 1;
        var z = Enumerable.Range(0, top.Length).Select(r => -TargetScale.NormalQuantile((r + 1.0) / (n + 1))).ToArray();
        var m = top.Select(i => targets[i]).ToArray();
        double zMean = z.Average(), mMean = m.Average(), szz = 0, szm = 0;
        for (var r = 0; r < z.Length; r++) { szz += (z[r] - zMean) * (z[r] - zMean); szm += (z[r] - zMean) * (m[r] - mMean); }
        var beta = szz > 0 ? szm / szz : 0;
        var alpha = mMean - beta * zMean;
        level = alpha + beta * z[0];
        rho = Math.Clamp(rho, -TopPickOdds.MaxCorrelation, TopPickOdds.MaxCorrelation);
        var spread = Math.Sqrt(beta * beta * (1 - rho * rho) + Math.Max(meanNoiseVariance, 0));
        var a = TopPickOdds.MaximumQuantiles(pool);
        var sum = 0.0;
        foreach (var x in a)
        {
            var mu = alpha + beta * Math.Min(rho * x, z[0]);
            sum += spread > 0 ? TopPickOdds.NormalCdf((mu - best) / spread) : mu > best ? 1 : 0;
        }
        return sum / a.Length;
    }
}

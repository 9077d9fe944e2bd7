using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Learning.Predictor;

namespace AutoBuild.Learning.Build;

/// <summary>How likely the ensemble's top pick (the unmeasured architecture it predicts highest) is to beat the best
/// of the labels, from how well the ensemble ranks architectures, counting the selection on both sides: the pick is
/// the highest of <c>n</c> noisy predictions (the winner's curse) and M is the highest of <c>N</c> measured networks.
/// In normal scores (ranks mapped through Φ⁻¹, so the targets' shape does not matter) an architecture's true score t
/// and its predicted score p are taken to be jointly normal with correlation ρ. Then the pick's predicted score is the
/// maximum a of n standard normals, its true score is normal with mean ρa and variance 1 − ρ², and M's true score is the
/// maximum b of N standard normals (the labels a sample of the space; labels that crowd the top predictions, as after a
/// round of the loop, count as a denser sample: <see cref="EffectiveLabels"/>), so
/// P = E[Φ((ρa − b) / √(1 − ρ²))], computed by quadrature over the quantiles of a and b (deterministic).
/// On NAS-Bench-201 with 100 labels it stated 0.86 on average over 124 held-out seeds where the top pick beat the best
/// label 0.83 of the time; on NAS-Bench-Macro it is optimistic (0.94 stated, 0.70 observed over 30 seeds: the top
/// architectures lie closer together than the predictors tell apart) (benchmarks/README.md, "Session 13: the top-pick rule").</summary>
internal static class TopPickOdds
{
    /// <summary>Quadrature points per variable.</summary>
    public const int Points = 256;
    /// <summary>The members' pairwise agreement is measured on at most this many of the pool's architectures (evenly spaced).</summary>
    public const int AgreementSample = 2000;
    /// <summary>Correlations are capped here so that √(1 − ρ²) stays positive.</summary>
    public const double MaxCorrelation = 0.999;
    /// <summary>The members' correlation is taken at this one-sided lower confidence bound (Fisher z), since it is
    /// estimated from the labels: half a standard error below at 0.7. With 50 labels the point estimate stated 0.77–0.83
    /// where the top pick won 0.70–0.73 of the time (NAS-Bench-201, 60 held-out seeds) and lost up to 1.58 on them; at the
    /// bound it states 0.70–0.77 and loses at most 1.03 on them (on seeds 0–9, 1.41), and with 100 labels it states 0.83
    /// where the pick won 0.83 (124 seeds) (benchmarks/README.md, "Session 13: the top-pick rule").</summary>
    public const double CorrelationBoundLevel = 0.7;

    /// <summary>The one-sided <see cref="CorrelationBoundLevel"/> lower confidence bound of a correlation
    /// <paramref name="rho"/> estimated from <paramref name="count"/> pairs: tanh(atanh ρ − z/√(count − 3)); 0 from three
    /// pairs or fewer.</summary>
    public static double LowerCorrelation(double rho, int count)
    {
        if (count <= 3) return 0;
        var z = TargetScale.NormalQuantile(CorrelationBoundLevel);
        return Math.Tanh(Math.Atanh(Math.Clamp(rho, -MaxCorrelation, MaxCorrelation)) - z / Math.Sqrt(count - 3));
    }

    /// <summary>P(the true score of the highest of <paramref name="pool"/> predictions exceeds the highest true score of
    /// <paramref name="labels"/> measured networks) for prediction–truth correlation <paramref name="rho"/> in normal
    /// scores. With ρ = 0 it is 1/(N + 1) (the pick is a random architecture); as ρ → 1 it tends to n/(n + N).</summary>
    public static double Probability(double rho, long pool, double labels)
    {
        if (pool < 1 || labels < 1) return 0;
        rho = Math.Clamp(rho, -MaxCorrelation, MaxCorrelation);
        var spread = Math.Sqrt(1 - rho * rho);
        var a = MaximumQuantiles(pool);
        var b = MaximumQuantiles(labels);
        var sum = 0.0;
        foreach (var x in a)
            foreach (var y in b)
                sum += NormalCdf((rho * x - y) / spread);
        return sum / (a.Length * (double)b.Length);
    }

    /// <summary>The measured candidates' bound on the top pick's chance (docs/labels.md, "Candidate rows"): labels whose
    /// <see cref="Labels.LabelsReader.PredictedColumn"/> is set were proposed by an earlier build from the top of its
    /// predictions, as the top pick is now. <paramref name="above"/> of them beat every ordinary label (the best label of
    /// their time, or better); the top pick beats M only if it beats all of them, and were it no better informed than they
    /// were (exchangeable with them), it would be the highest of above + 1 such draws with probability 1/(above + 1).
    /// The chance is at most this. The crowding test (<see cref="EffectiveLabels"/>) misses faint crowds; this counts the
    /// candidates themselves. Development seeds (NAS-Bench-201, 100 labels, 59 builds after one round of the loop, replayed
    /// from the per-round dumps): the chance stated 0.58 on average where the pick won 0.24 (12 switches, 3 won, −0.030);
    /// with the bound it states 0.18 (no switches); after two rounds 0.42 → 0.09 where 0.13 won (23 builds)
    /// (benchmarks/README.md, "Session 16: the chance after a round from the candidates' outcome").</summary>
    public static double CandidateBound(int above) => 1.0 / (above + 1);

    /// <summary>How many of the labels are measured candidates (<paramref name="predicted"/> set) and how many of those
    /// measured above the best ordinary label (every label when all are candidates) (<see cref="CandidateBound"/>).</summary>
    public static (int Candidates, int Above) CandidatesAboveBest(IReadOnlyList<double> targets, IReadOnlyList<double?> predicted)
    {
        var best = double.NegativeInfinity;
        var candidates = 0;
        for (var i = 0; i < targets.Count; i++)
            if (predicted[i] is null) best = Math.Max(best, targets[i]);
            else candidates++;
        var above = 0;
        for (var i = 0; i < targets.Count; i++)
            if (predicted[i] is not null && targets[i] > best) above++;
        return (candidates, above);
    }

    /// <summary>The top predictions are the judged pool's highest <see cref="TopShare"/>, at least <see cref="TopCount"/>
    /// architectures (about ten on NAS-Bench-201: a round's candidates).</summary>
    public const double TopShare = 0.002;
    public const int TopCount = 10;
    /// <summary>Labels are counted among the top predictions on at most this many of the pool's architectures (evenly spaced).</summary>
    public const int TopSample = 20000;

    /// <summary>How many of a pool of <paramref name="pool"/> architectures are its highest <paramref name="share"/>
    /// (at least <see cref="TopCount"/>).</summary>
    public static double Region(long pool, double share) => Math.Max(TopCount, Math.Ceiling(share * pool));

    /// <summary>The shares of the pool's highest predictions in which labels are counted for crowding: the top
    /// predictions (<see cref="TopShare"/>, tested at <see cref="CrowdingLevel"/>) and wider regions up to 5 %, tested at the
    /// stricter <see cref="WiderCrowdingLevel"/>. After one round of the loop the ten measured candidates often put only
    /// one label among the top 0.2 % of the new predictions, yet 4–13 among the top 0.5–5 % (NAS-Bench-201, 100 labels),
    /// where a random sample of N puts N·share on average.</summary>
    public static readonly double[] CrowdingShares = [TopShare, 0.005, 0.01, 0.02, 0.05];
    /// <summary>The level at which a wider region (<see cref="CrowdingShares"/> after the first) counts as crowded: over
    /// the first builds of 165 NAS-Bench-201 development seeds no wider region reached it (the lowest tail was 0.007),
    /// nor on 60 seeds with 50 labels, 50 NAS-Bench-Macro seeds or 20 planted-cell seeds.</summary>
    public const double WiderCrowdingLevel = 0.005;

    /// <summary>The number of random labels M is taken to be the best of. <see cref="Probability"/> takes the labels for a
    /// random sample of the space; after a round of the loop they are not: the measured candidates were the ensemble's
    /// top predictions, M is often one of them, and its true rank is far above the best of N random networks (NAS-Bench-201,
    /// 100 labels: after one round the stated chance stayed about 0.9 while the top pick lost nearly every time, the
    /// optimum often already measured). The labels' density among the top predictions says how strong M is: a random
    /// sample of N puts N·share of them there on average (share = <see cref="TopShare"/> for the top predictions; 0.2 with 100 labels on
    /// NAS-Bench-201), while k labels there are as dense as a random sample of k/share. When
    /// a random sample would put that many there with probability below <see cref="CrowdingLevel"/> (Poisson), the labels
    /// crowd the top and M is the best of k/share random networks; otherwise (one label there happens to one random
    /// sample in five) the labels stay a sample of N. Development seeds, NAS-Bench-201 with 100 labels: first builds
    /// unchanged (124 seeds), after one round 4 switches instead of 12 (−0.007 against −0.068), after two none instead
    /// of 12 (0.00 against −0.285) (benchmarks/README.md, "Session 14: the top-pick rule after a round").
    /// <para>Counted over every region of <see cref="CrowdingShares"/>:
    /// <paramref name="atTop"/>[j] labels lie among the pool's highest CrowdingShares[j]; each region is tested (the
    /// first at <see cref="CrowdingLevel"/>, the wider ones at <see cref="WiderCrowdingLevel"/>) and the densest crowded
    /// one sets the count. <paramref name="crowded"/> is that region's index, −1 when no region raises the count above
    /// <paramref name="labels"/>. On the first builds of the development seeds this is the same as the top region alone;
    /// after one round of the loop it calls a crowd on 6 more of 29 seeds (benchmarks/README.md, "Session 15: the
    /// top-pick chance after a round").</para></summary>
    public static double EffectiveLabels(int labels, IReadOnlyList<int> atTop, long pool, out int crowded)
    {
        crowded = -1;
        double best = labels;
        for (var j = 0; j < CrowdingShares.Length && j < atTop.Count; j++)
        {
            var region = Region(pool, CrowdingShares[j]);
            if (Crowded(labels, atTop[j], region, pool, j == 0 ? CrowdingLevel : WiderCrowdingLevel) is { } dense && dense > best)
            {
                best = dense;
                crowded = j;
            }
        }
        return best;
    }

    /// <summary>atTop·pool/region when a random sample of <paramref name="labels"/> would put <paramref name="atTop"/> or
    /// more among <paramref name="region"/> of <paramref name="pool"/> with probability below <paramref name="level"/>
    /// (Poisson); otherwise null.</summary>
    private static double? Crowded(int labels, int atTop, double region, long pool, double level)
    {
        if (region >= pool || atTop == 0) return null;
        var expected = labels * region / pool;
        if (PoissonUpperTail(atTop, expected) >= level) return null;
        return Math.Round(atTop * (double)pool / region);
    }

    /// <summary>The labels crowd the top predictions when a random sample would put as many there with a probability below this.</summary>
    public const double CrowdingLevel = 0.05;

    /// <summary>P(X ≥ k) for X ~ Poisson(mean).</summary>
    public static double PoissonUpperTail(int k, double mean)
    {
        if (k <= 0) return 1;
        double term = Math.Exp(-mean), below = 0;
        for (var j = 0; j < k; j++) { below += term; term *= mean / (j + 1); }
        return Math.Max(0, 1 - below);
    }

    /// <summary>The maximum of <paramref name="count"/> standard normals at the midpoint quantiles (i + ½)/<see cref="Points"/>:
    /// Φ⁻¹(u^{1/count}), from its upper tail 1 − u^{1/count} (= −expm1(ln u / count)) so that huge counts keep their precision.</summary>
    internal static double[] MaximumQuantiles(double count)
    {
        var q = new double[Points];
        for (var i = 0; i < Points; i++)
        {
            var u = (i + 0.5) / Points;
            var tail = -ExpMinusOne(Math.Log(u) / count);
            q[i] = -TargetScale.NormalQuantile(tail);
        }
        return q;
    }

    /// <summary>eˣ − 1 without cancellation for tiny x (series below 1e-5 in magnitude).</summary>
    private static double ExpMinusOne(double x) => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;

    /// <summary>The correlation of two samples in normal scores (van der Waerden: ranks r → Φ⁻¹(r/(n + 1)), ties at their
    /// mean rank); 0 for fewer than three values or a constant side.</summary>
    public static double NormalScoreCorrelation(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        x.Count < 3 ? 0 : RankStatistics.Pearson(NormalScores(x), NormalScores(y));

    private static double[] NormalScores(IReadOnlyList<double> x)
    {
        var ranks = RankStatistics.Ranks(x);
        return ranks.Select(r => TargetScale.NormalQuantile(r / (x.Count + 1))).ToArray();
    }

    /// <summary>The correlation with the truth of the mean of <paramref name="members"/> predictors, each correlated
    /// <paramref name="memberCorrelation"/> with it and <paramref name="agreement"/> with each other:
    /// ρ·√(k / (1 + (k − 1)c)) (the mean keeps each member's covariance with the truth and averages away the part of their
    /// errors they do not share), capped at <see cref="MaxCorrelation"/>. The members' correlation comes from labels each
    /// did not train on; the pick is made by their mean.</summary>
    public static double EnsembleCorrelation(double memberCorrelation, double agreement, int members)
    {
        if (members <= 1 || agreement <= 0) return Math.Min(memberCorrelation, MaxCorrelation);
        var c = Math.Min(agreement, 1);
        return Math.Min(memberCorrelation * Math.Sqrt(members / (1 + (members - 1) * c)), MaxCorrelation);
    }

    /// <summary>The members' mean pairwise correlation in normal scores over their predictions of the same architectures
    /// (<paramref name="predictions"/>[member][architecture]); 1 with one member.</summary>
    public static double Agreement(IReadOnlyList<double[]> predictions)
    {
        if (predictions.Count < 2) return 1;
        var scores = predictions.Select(p => NormalScores(p)).ToArray();
        double sum = 0; var pairs = 0;
        for (var i = 0; i < scores.Length; i++)
            for (var j = i + 1; j < scores.Length; j++) { sum += RankStatistics.Pearson(scores[i], scores[j]); pairs++; }
        return sum / pairs;
    }

    /// <summary>At most <paramref name="count"/> of <paramref name="items"/>, evenly spaced (all when fewer): the
    /// deterministic sample the members' agreement is measured on.</summary>
    public static List<T> EvenlySpaced<T>(IReadOnlyList<T> items, int count)
    {
        if (items.Count <= count) return items.ToList();
        return Enumerable.Range(0, count).Select(i => items[(int)((long)i * items.Count / count)]).ToList();
    }

    /// <summary>Φ(x), the standard normal distribution function (erfc by a Chebyshev fit, relative error below 1.2e-7).</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}

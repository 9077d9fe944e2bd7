using AutoBuild.Spec;
using AutoBuild.Learning.Build;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Search;

public class EvidenceSelectionTests
{
    // Ten labels predicted highest carry residuals −1..−10 ⋯ here: measured = predicted + r, r = −0.5·i for i = 0..9.
    private static ResidualCalibration Calibration()
    {
        var predicted = Enumerable.Range(0, 10).Select(i => 100.0 - i).ToArray();
        var measured = predicted.Select((p, i) => p - 0.5 * i).ToArray();
        return new ResidualCalibration(measured, predicted);
    }

    [Fact]
    public void Probabilities_are_conformal_and_never_certain()
    {
        var c = Calibration();
        Assert.Equal(10, c.Count);
        Assert.Equal(-2.25, c.Bias, 12);
        // μ = 10: residuals 0, −0.5 … −4.5 give values 10 … 5.5; above 7.9: 10, 9.5, 9, 8.5, 8 → 5 of 11.
        Assert.Equal(5.0 / 11, c.ProbabilityAbove(10, 7.9), 12);
        Assert.Equal(10.0 / 11, c.ProbabilityAbove(10, 0), 12);
        Assert.Equal(0, c.ProbabilityAbove(10, 10));
        Assert.Equal((0.1 + 0.6 + 1.1 + 1.6 + 2.1) / 10, c.ExpectedImprovement(10, 7.9), 12);
    }

    [Fact]
    public void Lower_value_beats_a_threshold_exactly_when_the_probability_reaches_the_confidence()
    {
        var c = Calibration();
        foreach (var confidence in new[] { 0.3, 0.5, 0.8 })
            foreach (var threshold in Enumerable.Range(0, 40).Select(i => 4.05 + 0.25 * i))
                Assert.Equal(c.ProbabilityAbove(10, threshold) >= confidence, c.LowerValue(10, confidence) > threshold);
        // More confidence than eleven points can give: never.
        Assert.Equal(double.NegativeInfinity, c.LowerValue(10, 0.99));
        var (lo, hi) = c.Interval(10, 0.8);
        Assert.True(lo < hi && lo >= 5.5 && hi <= 10);
    }

    [Fact]
    public void The_lower_confidence_bound_of_a_proportion_is_exact_and_tends_to_the_estimate()
    {
        // Known one-sided 90 % Clopper–Pearson bounds: n of n gives 0.1^(1/n); 7 of 10 gives 0.4483, 9 of 10 0.6632.
        Assert.Equal(Math.Pow(0.1, 0.1), ProportionBound.ClopperPearsonLower(10, 10, 0.9), 9);
        Assert.Equal(0.44827, ProportionBound.ClopperPearsonLower(7, 10, 0.9), 4);
        Assert.Equal(0.66315, ProportionBound.ClopperPearsonLower(9, 10, 0.9), 4);
        Assert.Equal(0, ProportionBound.ClopperPearsonLower(0, 10, 0.9));
        // The fewest successes needed is exactly where the bound reaches the proportion, for every n.
        foreach (var n in new[] { 1, 4, 10, 25, 60, 200 })
            foreach (var p in new[] { 0.3, 0.6, 0.7 })
            {
                var k = ProportionBound.RequiredSuccesses(n, p, 0.9);
                for (var j = 1; j <= n; j++) Assert.Equal(j >= k, ProportionBound.ClopperPearsonLower(j, n, 0.9) >= p);
            }
        Assert.Equal((9, 19), (ProportionBound.RequiredSuccesses(10, 0.6, 0.9), ProportionBound.RequiredSuccesses(25, 0.6, 0.9)));
        // Four draws cannot make 0.6 sure at 90 % (0.6^4 > 0.1); 100,000 draws need barely more than the estimate.
        Assert.Equal(5, ProportionBound.RequiredSuccesses(4, 0.6, 0.9));
        Assert.InRange(ProportionBound.RequiredSuccesses(100_000, 0.6, 0.9) / 100_000.0, 0.6, 0.603);
    }

    [Fact]
    public void A_global_pick_decides_on_the_lower_bound_of_its_probability_so_ten_residuals_need_nine()
    {
        // NAS-Bench-201 under a params budget (development seed 25): ten within-budget residuals, upside set to 0; a cell
        // the ensemble put at 89.94 against the best label in budget 88.59 (truly 87.84). 8 of 10 residuals put it above:
        // conformal 8/11 = 0.73 would pass confidence 0.6, its 90 % lower bound 0.55 does not.
        var decision = ResidualCalibration.FromResiduals(new[] { -2.28, -2.11, -1.2, -0.85, -0.72, 0, 0, 0, 0, 0 });
        Assert.Equal(8.0 / 11, decision.ProbabilityAbove(89.94, 88.59), 12);
        Assert.True(decision.LowerValue(89.94, 0.6) > 88.59);
        Assert.Equal(0.9, ImprovementEvidence.DecisionBoundLevel);
        Assert.Equal(ProportionBound.ClopperPearsonLower(8, 10, 0.9), ImprovementEvidence.ByResiduals(decision, 89.94, 88.59, double.NaN), 12);
        Assert.True(ImprovementEvidence.ByResiduals(decision, 89.94, 88.59, double.NaN) < 0.6);
        Assert.True(ImprovementEvidence.LowerByResiduals(decision, 89.94, 0.6, double.NaN) < 88.59);
        // Predicted 1.3 higher, 9 of 10 put it above: it passes.
        Assert.True(ImprovementEvidence.ByResiduals(decision, 91.24, 88.59, double.NaN) >= 0.6);
        // The value and the probability agree everywhere: above a threshold exactly when the bound reaches the confidence.
        var c = Calibration();
        foreach (var confidence in new[] { 0.3, 0.6, 0.7 })
            foreach (var threshold in Enumerable.Range(0, 40).Select(i => 4.05 + 0.25 * i))
                Assert.Equal(ImprovementEvidence.ByResiduals(c, 10, threshold, double.NaN) >= confidence, ImprovementEvidence.LowerByResiduals(c, 10, confidence, double.NaN) > threshold);
        // Many residuals: the bound is close to the conformal estimate (1,000 residuals uniform on [−1, 0)).
        var many = ResidualCalibration.FromResiduals(Enumerable.Range(0, 1000).Select(i => -i / 1000.0));
        Assert.InRange(many.ProbabilityAbove(0.5, 0) - ImprovementEvidence.ByResiduals(many, 0.5, 0, double.NaN), 0, 0.025);
        Assert.Equal(double.NegativeInfinity, ImprovementEvidence.LowerByResiduals(ResidualCalibration.FromResiduals(new[] { 0.0, 0, 0, 0 }), 10, 0.6, double.NaN));
    }

    [Fact]
    public void A_global_pick_predicted_beyond_every_calibrating_label_cannot_beat_the_best_label()
    {
        // NAS-Bench-201, N = 100, params ≤ p30, fresh seed 54: the ten calibrating labels (within the budget, predicted
        // highest) as (target, out-of-fold prediction); the best of them, M, is 88.668 (the best label within the budget).
        var measured = new[] { 86.788, 87.203, 86.644, 86.91, 86.288, 88.668, 86.187, 86.985, 84.384, 84.133 };
        var outOfFold = new[] { 87.428, 87.382, 87.297, 86.889, 86.781, 86.496, 86.484, 86.306, 84.672, 84.627 };
        var upside = new ResidualCalibration(measured, outOfFold);
        var decision = upside.WithoutUpside();
        Assert.Equal(10, upside.Count);
        Assert.Equal(87.428, upside.HighestPrediction, 12);
        var limit = ImprovementEvidence.CoveredUpTo(upside);
        Assert.Equal(87.428 + upside.Spread, limit, 12);
        Assert.InRange(upside.Spread, 0.8, 0.85);
        // The ensemble put a cell at 89.66, 2.2 above every calibrating prediction (truly 87.97, 0.69 below M). All ten
        // residuals put it above M, so the residuals alone pass it at confidence 0.7 with the 90 % bound...
        const double pick = 89.664, best = 88.668;
        Assert.True(ImprovementEvidence.LowerByResiduals(decision, pick, 0.7, double.NaN) > best);
        Assert.True(ImprovementEvidence.ByResiduals(decision, pick, best, double.NaN) >= 0.7);
        // ...but they were measured where the ensemble predicted at most 87.43: beyond the limit they say nothing.
        Assert.True(pick > limit);
        Assert.Equal(double.NegativeInfinity, ImprovementEvidence.LowerByResiduals(decision, pick, 0.7, limit));
        Assert.Equal(0, ImprovementEvidence.ByResiduals(decision, pick, best, limit));
        // Within one standard deviation of the highest calibrating prediction the residuals judge as before (here it
        // does not beat M: 88.2 minus the smallest residual 0.65 is below it).
        Assert.Equal(ImprovementEvidence.LowerByResiduals(decision, 88.2, 0.7, double.NaN), ImprovementEvidence.LowerByResiduals(decision, 88.2, 0.7, limit));
        Assert.True(ImprovementEvidence.LowerByResiduals(decision, 88.2, 0.7, limit) < best);
        // The value and the probability still agree everywhere, inside the limit and beyond it.
        foreach (var mean in Enumerable.Range(0, 40).Select(i => 86.0 + 0.1 * i))
            Assert.Equal(ImprovementEvidence.ByResiduals(decision, mean, best, limit) >= 0.7, ImprovementEvidence.LowerByResiduals(decision, mean, 0.7, limit) > best);
        // Residuals given without their predictions set no limit.
        Assert.True(double.IsNaN(ImprovementEvidence.CoveredUpTo(ResidualCalibration.FromResiduals(new[] { -1.0, 0, 1 }))));
        Assert.Equal(0.95, ImprovementEvidence.ExtrapolationSpearman);
    }

    [Fact]
    public void Extrapolation_is_vouched_for_by_every_member_ranking_its_held_out_labels_not_by_a_pooled_ranking()
    {
        // Two members, each ranking its 12 held-out labels perfectly but offset by 3 from the other: pooled, the offset
        // scrambles the ranking; per member it is exact.
        var targets = Enumerable.Range(0, 24).Select(i => (double)i).ToArray();
        var fold = targets.Select((_, i) => i % 2).ToArray();
        var outOfFold = targets.Select((t, i) => t + (fold[i] == 0 ? 6 : -6)).ToArray();
        Assert.True(AutoBuild.Learning.Predictor.RankStatistics.Spearman(targets, outOfFold) < 0.95);
        Assert.Equal(1, ImprovementEvidence.LeastMemberSpearman(targets, outOfFold, fold), 12);
        // One member that ranks its labels backwards decides.
        var backwards = outOfFold.Select((p, i) => fold[i] == 1 ? -p : p).ToArray();
        Assert.Equal(-1, ImprovementEvidence.LeastMemberSpearman(targets, backwards, fold), 12);
        // Too few held-out labels to say: 0.
        Assert.Equal(10, ImprovementEvidence.MinimumHeldOut);
        Assert.Equal(0, ImprovementEvidence.LeastMemberSpearman(targets.Take(18).ToArray(), outOfFold.Take(18).ToArray(), fold.Take(18).ToArray()));
    }

    [Fact]
    public void Calibration_keeps_the_residuals_of_the_labels_predicted_highest()
    {
        // 100 labels: the top quarter by prediction is over-estimated by 2, the rest exact.
        var predicted = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var measured = predicted.Select(p => p >= 75 ? p - 2 : p).ToArray();
        var c = new ResidualCalibration(measured, predicted);
        Assert.Equal(25, c.Count);
        Assert.Equal(-2, c.Bias, 12);
    }

    [Fact]
    public void Under_a_budget_the_labels_within_it_calibrate_and_the_nearest_make_up_too_few()
    {
        // 100 labels predicted 0..99: the 30 small ones (excess ≤ 1) are over-estimated by 3, the large ones exact
        // (and predicted highest, so the top quarter of all labels says nothing of the small ones).
        var predicted = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var excess = predicted.Select(p => p < 30 ? 0.5 : 1 + p / 100).ToArray();
        var measured = predicted.Select((p, i) => excess[i] <= 1 ? p - 3 : p).ToArray();
        Assert.Equal(0, new ResidualCalibration(measured, predicted).Bias, 12);
        var within = SelectionCalibration.Within(measured, predicted, excess);
        Assert.Equal((SelectionCalibration.WithinBudget, 30, 10), (within.Scope, within.Labels, within.Calibration.Count));
        Assert.Equal(-3, within.Calibration.Bias, 12);
        Assert.All(within.Decision.Residuals, r => Assert.True(r <= 0));
        // Only 5 fit: the 15 labels with the smallest excess beyond the budget (predicted 30..44, exact) join them;
        // the top quarter by prediction (10 of 20) is then the 10 highest of those.
        var few = predicted.Select(p => p < 5 ? 0.5 : p < 30 ? 50 : 1 + p / 100).ToArray();
        var nearest = SelectionCalibration.Within(measured, predicted, few);
        Assert.Equal((SelectionCalibration.NearestBudget, SelectionCalibration.MinimumLabels), (nearest.Scope, nearest.Labels));
        Assert.Equal(0, nearest.Calibration.Bias, 12);
        var none = SelectionCalibration.Within(measured, predicted, predicted.Select(_ => 2.0).ToArray());
        Assert.Equal((SelectionCalibration.NearestBudget, 20, 10), (none.Scope, none.Labels, none.Calibration.Count));
    }

    [Fact]
    public void A_neighbour_counts_by_its_difference_only_while_its_own_prediction_leaves_it_a_chance()
    {
        // Residuals −0.5·i (i = 0..9) as they are: a prediction μ beats M = 90 with chance #{μ − 0.5·i > 90} / 11.
        var upside = Calibration();
        Assert.Equal(0.3, ImprovementEvidence.NeighbourPlausibility);
        // μ = 91.6: 91.6, 91.1, 90.6, 90.1 beat 90 → 4/11 ≥ 0.3; μ = 91.4: 3/11 < 0.3.
        Assert.True(ImprovementEvidence.NeighbourCounts(upside, 91.6, 90));
        Assert.False(ImprovementEvidence.NeighbourCounts(upside, 91.4, 90));
        // The NAS-Bench-201 failure: the ensemble put the neighbour 5.5 below the best label (82.4 against 87.87);
        // whatever the one member's difference said, the neighbour is judged by its prediction.
        Assert.False(ImprovementEvidence.NeighbourCounts(upside, 82.4, 87.87));
        // Upside counts here (unlike in the decision itself): residuals up to +2 let a neighbour predicted
        // 1 below M through when a third of them exceed the gap.
        var optimistic = ResidualCalibration.FromResiduals(new[] { -1.0, -0.5, 0, 0.5, 1.05, 1.5, 2, 2, 2, 2 });
        Assert.True(ImprovementEvidence.NeighbourCounts(optimistic, 89, 90));
        Assert.False(ImprovementEvidence.NeighbourCounts(optimistic.WithoutUpside(), 89, 90));
    }

    [Fact]
    public void A_neighbour_counts_by_its_difference_only_while_the_member_is_not_lost_at_the_best_label()
    {
        // NAS-Bench-201, N = 100, fresh seed 64: the 22 calibrating residuals (upside included) reach +1.50 at most; the
        // member that did not train on M (91.13) predicted it 85.64, a residual of +5.49, so its differences carried
        // 5.5 points of M's target to M's neighbours (one estimated at 95.05, truly 90.18, 0.95 below M).
        var upside = ResidualCalibration.FromResiduals(new[] { -4.524, -0.683, -0.574, -0.57, -0.313, -0.228, -0.163, -0.144, -0.105, -0.1, -0.1,
            -0.026, 0.004, 0.029, 0.292, 0.323, 0.376, 0.509, 0.556, 0.584, 1.479, 1.495 });
        Assert.False(ImprovementEvidence.AnchorCounts(upside, 91.128 - 85.640));
        // Fresh seed 102: M (91.21) under-predicted by 1.47, below the largest calibrating residual (1.73) but far above
        // the median (−0.455): its neighbour's paired estimate said it beats M; it was truly 1.13 below.
        var seed102 = ResidualCalibration.FromResiduals(new[] { -4.096, -2.797, -2.651, -1.348, -0.965, -0.949, -0.894, -0.750, -0.725, -0.468,
            -0.455, -0.431, -0.289, -0.284, 0.136, 0.279, 0.284, 0.505, 0.800, 1.468, 1.721, 1.730 });
        Assert.False(ImprovementEvidence.AnchorCounts(seed102, 1.468));
        // Up to the (lower) median residual the member counts: M's residual is a typical one its neighbours share.
        Assert.True(ImprovementEvidence.AnchorCounts(seed102, -0.455));
        Assert.False(ImprovementEvidence.AnchorCounts(seed102, -0.454));
        Assert.True(ImprovementEvidence.AnchorCounts(upside, -0.1));
        Assert.False(ImprovementEvidence.AnchorCounts(upside, 0.004));
        Assert.True(ImprovementEvidence.AnchorCounts(upside, -3));
        Assert.True(ImprovementEvidence.NeighbourCounts(upside, 90.82, 91.128));
        // No calibrating residuals: no paired evidence.
        Assert.False(ImprovementEvidence.AnchorCounts(ResidualCalibration.FromResiduals(Array.Empty<double>()), 0));
    }

    [Fact]
    public void Paired_residuals_cancel_a_shared_bias_and_widen_only_when_close_pairs_are_too_few()
    {
        var space = TestSpaces.Cell(4);
        var labels = space.Enumerate().Take(60).ToList();
        // The predictor is off by the same 3 everywhere and otherwise exact: every difference is exact.
        var measured = labels.Select((_, i) => (double)(i % 7)).ToArray();
        var shifted = measured.Select(m => m - 3).ToArray();
        var oneFold = new int[labels.Count];
        var (exact, distance) = PairedResiduals.Calibrate(labels, measured, shifted, oneFold);
        Assert.Equal(PairedResiduals.DefaultDistance, distance);
        Assert.All(exact.Residuals, r => Assert.Equal(0, r, 12));
        var close = labels.SelectMany((a, i) => labels.Skip(i + 1).Select(b => CandidateBatch.Hamming(a, b))).Count(d => d <= distance);
        Assert.Equal(2 * close, exact.Count);
        // A difference predicted +0.5 is then a sure improvement; −0.5 a sure loss (up to the conformal n + 1).
        Assert.Equal(exact.Count / (exact.Count + 1.0), exact.ProbabilityAbove(0.5, 0), 12);
        Assert.Equal(0, exact.ProbabilityAbove(-0.5, 0));

        // Noisy predictions: the set is symmetric (both orders of a pair), so a predicted difference of 0 is a coin flip.
        var noisy = measured.Select((m, i) => m + (i % 3 - 1) * 0.4).ToArray();
        var (coin, _) = PairedResiduals.Calibrate(labels, measured, noisy, oneFold);
        Assert.Equal(0, coin.Bias, 12);
        Assert.True(coin.ProbabilityAbove(0, 0) < 0.5);

        // Asking for more close pairs than exist widens the distance.
        var (wide, wider) = PairedResiduals.Calibrate(labels, measured, shifted, oneFold, distance: 1, minimumPairs: close + 1);
        Assert.True(wider > 1 && wide.Count > 2 * labels.SelectMany((a, i) => labels.Skip(i + 1).Select(b => CandidateBatch.Hamming(a, b))).Count(d => d <= 1));

        // Only pairs of the same fold (predicted by the one member that saw neither) calibrate.
        var folds = labels.Select((_, i) => i % 2).ToArray();
        var (split, _) = PairedResiduals.Calibrate(labels, measured, shifted, folds, distance: 99);
        Assert.Equal(2 * (2 * (30 * 29 / 2)), split.Count);
    }

    [Fact]
    public void Paired_residuals_of_a_huge_label_set_come_from_an_even_stride_of_a_bounded_number_of_labels()
    {
        var space = TestSpaces.Cell(4);
        var random = new Random(5);
        var labels = Enumerable.Range(0, 3 * PairedResiduals.MaxLabels).Select(_ => space.Sample(random)).ToList();
        var measured = labels.Select((_, i) => (double)(i % 11)).ToArray();
        var predicted = measured.Select((m, i) => m + (i % 5) * 0.1).ToArray();
        var folds = labels.Select((_, i) => i % 5).ToArray();
        var (huge, d) = PairedResiduals.Calibrate(labels, measured, predicted, folds);
        // Exactly what the stride alone gives: every third label.
        int[] stride = Enumerable.Range(0, PairedResiduals.MaxLabels).Select(k => 3 * k).ToArray();
        var (strided, ds) = PairedResiduals.Calibrate(stride.Select(i => labels[i]).ToList(), stride.Select(i => measured[i]).ToList(),
            stride.Select(i => predicted[i]).ToList(), stride.Select(i => folds[i]).ToList());
        Assert.Equal((strided.Count, ds), (huge.Count, d));
        Assert.Equal(strided.Residuals, huge.Residuals);
    }

    /// <summary>200 cells whose acquisition favours one corner so strongly that a greedy batch would be all neighbours of it.</summary>
    private static (List<Architecture> Pool, double[] Acquisition, double[] Mean) CornerPool()
    {
        var pool = TestSpaces.Cell(4).Enumerate().Take(200).ToList();
        var acquisition = pool.Select(a => -Enumerable.Range(0, 4).Sum(d => Math.Abs(a[d] - 1))).Select(x => (double)x).ToArray();
        return (pool, acquisition, acquisition.ToArray());
    }

    [Fact]
    public void The_best_measured_networks_anchor_paired_estimates_each_network_once()
    {
        var space = SpecCompiler.CompileFile(TestData.Example("nas-bench-201.space.yaml")).Space!;
        var all = space.Enumerate().ToList();
        var pruned = all.First(a => !space.Canonical(a).Equals(a));
        var network = space.Canonical(pruned);
        var others = all.Where(a => space.Canonical(a).Equals(a) && !a.Equals(network)).Take(3).ToList();
        // Labelled as written: M in a pruned form (91) and its canonical form (90.5), the same network; then 90, 89, 88.
        var measured = new Dictionary<Architecture, double> { [pruned] = 91, [network] = 90.5, [others[0]] = 89, [others[1]] = 90, [others[2]] = 88 };
        var within = new[] { others[0], network, pruned, others[1], others[2] };
        // Only M's network judges by paired differences; the dumps record three (a second anchor failed on a fresh seed).
        Assert.Equal((1, 3), (ImprovementEvidence.Anchors, ImprovementEvidence.DiagnosedAnchors));
        Assert.Equal(new[] { network, others[1], others[0] }, ImprovementEvidence.AnchorNetworks(space, pruned, within, measured, 3));
        Assert.Equal(new[] { network }, ImprovementEvidence.AnchorNetworks(space, pruned, within, measured, 1));
    }

    [Fact]
    public void A_neighbour_of_several_anchors_counts_with_the_highest_paired_estimate()
    {
        var space = SpecCompiler.CompileFile(TestData.Example("nas-bench-201.space.yaml")).Space!;
        var (a, b, c) = (space.Enumerate().ElementAt(10), space.Enumerate().ElementAt(11), space.Enumerate().ElementAt(12));
        // Anchor M says a is 90.8 and b 91.0; the second anchor (a label 0.5 below M) says b is 91.4 and c 90.1.
        var byM = new Dictionary<Architecture, double> { [a] = 90.8, [b] = 91.0 };
        var bySecond = new Dictionary<Architecture, double> { [b] = 91.4, [c] = 90.1 };
        var highest = ImprovementEvidence.Highest(new[] { byM, bySecond });
        Assert.Equal(new Dictionary<Architecture, double> { [a] = 90.8, [b] = 91.4, [c] = 90.1 }, highest);
    }

    [Fact]
    public void Candidate_batch_is_ranked_by_acquisition_and_diverse()
    {
        var (pool, acquisition, mean) = CornerPool();
        var chosen = CandidateBatch.Select(pool, acquisition, mean, 8);
        Assert.Equal(8, chosen.Count);
        Assert.Equal(chosen.Max(i => acquisition[i]), acquisition[chosen[0]]);
        foreach (var i in chosen)
            foreach (var j in chosen.Where(j => j != i))
                Assert.True(CandidateBatch.Hamming(pool[i], pool[j]) >= CandidateBatch.DefaultMinDistance);
        // Asking for more than the diverse pool holds relaxes the distance instead of returning fewer.
        Assert.Equal(200, CandidateBatch.Select(pool, acquisition, mean, 500).Count);
    }

    [Fact]
    public void A_first_architecture_leads_the_candidate_batch_and_the_rest_keep_their_distance_from_it()
    {
        var (pool, acquisition, mean) = CornerPool();
        var lowest = Enumerable.Range(0, pool.Count).MinBy(i => acquisition[i]);
        var chosen = CandidateBatch.Select(pool, acquisition, mean, 8, first: lowest);
        Assert.Equal(8, chosen.Count);
        Assert.Equal(lowest, chosen[0]);
        Assert.Equal(chosen.Distinct().Count(), chosen.Count);
        Assert.All(chosen.Skip(1), i => Assert.True(CandidateBatch.Hamming(pool[i], pool[lowest]) >= CandidateBatch.DefaultMinDistance));
        // The rest is the batch it would have been, less what the first pick's distance rules out.
        Assert.Equal(chosen.Skip(1).Max(i => acquisition[i]), CandidateBatch.Select(pool, acquisition, mean, 8).Where(i => CandidateBatch.Hamming(pool[i], pool[lowest]) >= 2).Max(i => acquisition[i]));
        Assert.Empty(CandidateBatch.Select(pool, acquisition, mean, 0, first: lowest));
    }
}

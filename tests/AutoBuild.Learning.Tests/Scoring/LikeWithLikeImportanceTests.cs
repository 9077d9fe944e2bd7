using AutoBuild.Learning.Scoring;
using AutoBuild.Runtime;
using AutoBuild.Spec;

namespace AutoBuild.Learning.Tests.Scoring;

/// <summary>Importance compares like with like (session 14). Counting a background that already has a value at its
/// measured target and every other at a prediction scores a value most labels have by measurements and a value few
/// have by predictions; with a predictor that is off on networks it did not train on, those are not comparable. With
/// cross-fitted predictors every term is the held-out prediction of the same background, shifted by the held-out
/// error on the labels.</summary>
public class LikeWithLikeImportanceTests
{
    private static readonly SearchSpace Macro1 = TestSpaces.Macro(1);

    // Deeper is better by 1 per layer; the first layer's kernel adds a tenth of its index.
    private static double Truth(Architecture a) => a[0] + 0.1 * a[1];

    private static double Score(List<AutoBuild.Spec.Results.ImportanceEntry> entries, string decision, string value) =>
        entries.Single(e => e.Decision == decision && e.Value == value).Score;

    /// <summary>The labels: every depth-3 architecture (27), the three depth-1 ones and one depth-2 one, as on the huge
    /// macro space, where 131–140 of 146 labels have depth 5 and 6–12 depth 4.</summary>
    private static List<Architecture> MostlyDeepLabels()
    {
        var all = Macro1.Enumerate().ToList();
        return all.Where(a => a[0] == 2).Concat(all.Where(a => a[0] == 0)).Append(all.First(a => a[0] == 1)).ToList();
    }

    /// <summary>Two folds; the predictor of fold f never trained on its labels and is <paramref name="bias"/> too high
    /// on every network (the huge space's predictor: +0.66 on held-out labels). <paramref name="asked"/> counts what
    /// each fold's predictor was asked.</summary>
    private static HeldOutPredictions TwoFolds(IReadOnlyList<Architecture> labels, double bias, int[] asked) => new(
        labels.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i % 2),
        labels.ToDictionary(a => a, a => Truth(a) + bias),
        (f, archs) => { asked[f] += archs.Count; return archs.Select(a => Truth(a) + bias).ToArray(); });

    [Fact]
    public void A_biased_predictor_no_longer_puts_the_barely_labelled_depth_above_the_labelled_one()
    {
        var labels = MostlyDeepLabels();
        var backgrounds = new Backgrounds(Macro1, labels, 1000, seed: 1);
        var measured = labels.ToDictionary(a => a, Truth);
        Func<IReadOnlyList<Architecture>, double[]> biased = archs => archs.Select(a => Truth(a) + 2).ToArray();

        var mixed = MarginalImportance.Compute(Macro1, biased, backgrounds, seed: 1, measured);
        // Depth 3 is measured in 27 of 31 backgrounds, depth 2 predicted in 30: the truth says 3 > 2, the mixture 2 > 3.
        Assert.True(Score(mixed, "s1.depth", "2") > Score(mixed, "s1.depth", "3"));

        var asked = new int[2];
        var entries = MarginalImportance.Compute(Macro1, biased, backgrounds, seed: 1, measured, heldOut: TwoFolds(labels, 2, asked));
        // Every term predicted by the held-out predictor (2 too high) and shifted by its error on the labels (−2): the
        // true mean over the backgrounds of each depth put in.
        var ks = labels.Average(a => a[1]);
        Assert.Equal(2 + 0.1 * ks, Score(entries, "s1.depth", "3"), 9);
        Assert.Equal(1 + 0.1 * ks, Score(entries, "s1.depth", "2"), 9);
        Assert.Equal(0 + 0.1 * ks, Score(entries, "s1.depth", "1"), 9);
        Assert.Equal(new[] { 2, 1, 0 }, Importance.RankValues(Macro1, entries)[0]);
        // Both folds' predictors were asked; the counts are the backgrounds, as before.
        Assert.True(asked[0] > 0 && asked[1] > 0);
        Assert.Equal(mixed.Select(e => e.Count), entries.Select(e => e.Count));
    }

    [Fact]
    public void Cross_fitted_scores_do_not_ask_the_predictor_that_trained_on_the_backgrounds()
    {
        var labels = MostlyDeepLabels();
        var backgrounds = new Backgrounds(Macro1, labels, 1000, seed: 1);
        var measured = labels.ToDictionary(a => a, Truth);
        // The primary predictor is far off; it must not be asked when every background has a fold.
        Func<IReadOnlyList<Architecture>, double[]> primary = _ => throw new InvalidOperationException("the primary predictor was asked");
        var entries = MarginalImportance.Compute(Macro1, primary, backgrounds, seed: 1, measured, heldOut: TwoFolds(labels, -3, new int[2]));
        var ks = labels.Average(a => a[1]);
        Assert.Equal(2 + 0.1 * ks, Score(entries, "s1.depth", "3"), 9);
    }

    [Fact]
    public void The_shift_is_the_held_out_error_on_measured_backgrounds_only()
    {
        // One label set aside as a failed run (not in measured): it is still a background, predicted like the others,
        // but its error does not shift the scores.
        var labels = MostlyDeepLabels();
        var backgrounds = new Backgrounds(Macro1, labels, 1000, seed: 1);
        var measured = labels.Skip(1).ToDictionary(a => a, Truth);
        var held = TwoFolds(labels, 2, new int[2]);
        var prediction = labels.ToDictionary(a => a, a => Truth(a) + 2);
        prediction[labels[0]] = Truth(labels[0]) + 50;
        var entries = MarginalImportance.Compute(Macro1, _ => throw new InvalidOperationException(), backgrounds, seed: 1, measured,
            heldOut: held with { Prediction = prediction });
        var ks = labels.Average(a => a[1]);
        Assert.Equal(2 + 0.1 * ks, Score(entries, "s1.depth", "3"), 9);
        Assert.All(entries.Where(e => e.Decision == "s1.depth"), e => Assert.Equal(labels.Count, e.Count));
    }
    /// <summary>Session 15: NAS-Bench-201 cells with no input→output path output the same thing whatever their ops and
    /// measure 10; predictors put them far higher, and the cross-fitted scores made `none`, which cuts the path, look
    /// better than it is. Such substitutions now count at what the labels measure for those networks, and those labels
    /// do not shift the other scores: with predictors exact on every other cell the scores are the true means over the
    /// backgrounds.</summary>
    [Fact]
    public void Cells_that_ignore_their_input_count_at_what_the_labels_measure_for_them()
    {
        var space = SpecCompiler.Compile("nb201.space.yaml", File.ReadAllText(TestData.Example("nas-bench-201.space.yaml"))).Space!;
        double Truth(Architecture a) => space.IgnoresInput(a) ? 10
            : 80 + Enumerable.Range(0, space.Decisions.Count).Count(d => space.Decisions[d].Values[a[d]] == "nor_conv_3x3");
        var random = new Random(3);
        var labels = space.Enumerate().OrderBy(_ => random.Next()).Take(300).ToList();
        Assert.Contains(labels, space.IgnoresInput);
        var measured = labels.ToDictionary(a => a, Truth);
        // The held-out predictors are exact on every working cell and put the ones that ignore their input at 70.
        double Predicted(Architecture a) => space.IgnoresInput(a) ? 70 : Truth(a);
        var held = new HeldOutPredictions(labels.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i % 2),
            labels.ToDictionary(a => a, Predicted), (f, archs) => archs.Select(Predicted).ToArray());
        var backgrounds = new Backgrounds(space, labels, 1000, seed: 1);
        Func<IReadOnlyList<Architecture>, double[]> primary = _ => throw new InvalidOperationException("the primary predictor was asked");
        double TrueMean(AutoBuild.Spec.Results.ImportanceEntry e)
        {
            var d = space.IndexOfDecision(e.Decision);
            var v = space.Decisions[d].IndexOf(e.Value);
            return backgrounds.Items.Average(b => Truth(backgrounds.Substitute(b, new[] { d }, new[] { v }, new Random(0))!));
        }

        var predicted = MarginalImportance.Compute(space, primary, backgrounds, seed: 1, measured, heldOut: held);
        var none03 = predicted.Single(e => e.Decision == "edge_03" && e.Value == "none");
        Assert.True(none03.Score - TrueMean(none03) > 0.5, $"none on edge_03: {none03.Score} against {TrueMean(none03)}");

        var entries = MarginalImportance.Compute(space, primary, backgrounds, seed: 1, measured, heldOut: held, inputIgnoredAtMeasured: true);
        Assert.Equal(predicted.Count, entries.Count);
        Assert.All(entries, e => Assert.Equal(TrueMean(e), e.Score, 9));
        Assert.Equal(predicted.Select(e => e.Count), entries.Select(e => e.Count));
    }
}

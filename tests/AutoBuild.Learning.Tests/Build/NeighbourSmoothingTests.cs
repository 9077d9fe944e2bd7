using AutoBuild.Learning.Build;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Predictor;
using AutoBuild.Runtime;
using AutoBuild.Spec;

namespace AutoBuild.Learning.Tests.Build;

/// <summary>Neighbour smoothing of the evidence members (session 11, an option that is off by default).</summary>
public class NeighbourSmoothingTests
{
    private static readonly SearchSpace Space = SpecCompiler.CompileFile(TestData.Example("nas-bench-201.space.yaml")).Space!;

    private static (GraphEncoder Encoder, TrainedPredictor Member, Architecture[] Labelled) Trained()
    {
        var encoder = new GraphEncoder(Space);
        var labelled = Space.SampleDistinct(60, new Random(3)).Select(Space.Canonical).Distinct().ToArray();
        // A planted target: 3x3 convolutions help, "none" edges hurt.
        var targets = labelled.Select(a => Enumerable.Range(0, 6).Sum(d => a[d] == 3 ? 1.0 : a[d] == 0 ? -1.0 : 0.2)).ToArray();
        var member = PredictorTrainer.Train(encoder.Schema, labelled.Select(encoder.Encode).ToArray(), targets,
            new PredictorOptions { Epochs = 20, Seed = 5, TestFraction = 0 });
        return (encoder, member, labelled);
    }

    [Fact]
    public void Neighbours_are_distinct_canonical_one_decision_changes_other_than_the_architecture()
    {
        var (encoder, _, labelled) = Trained();
        var smoothing = new NeighbourSmoothing(Space, encoder, 0.5, labelled);
        var a = Space.Canonical(new Architecture(Space, new[] { 3, 3, 1, 3, 2, 3 }));
        var around = smoothing.Neighbours(a);
        // The 6 · 4 single-op changes, each in canonical form, without repeats (relabelling the intermediate nodes can
        // make two of them one network) and without a itself.
        var expected = new HashSet<Architecture>();
        for (var d = 0; d < 6; d++)
            for (var v = 0; v < 5; v++)
                if (v != a[d]) { var c = a.Choices.ToArray(); c[d] = v; expected.Add(Space.Canonical(new Architecture(Space, c))); }
        expected.Remove(a);
        Assert.InRange(around.Length, 20, 24);
        Assert.Equal(expected.OrderBy(x => x.ToString()), around.OrderBy(x => x.ToString()));
        Assert.Equal(around.Length, around.Distinct().Count());
        Assert.All(around, n => Assert.Equal(n, Space.Canonical(n)));
        Assert.DoesNotContain(a, around);
        // Only the input→output edge alive: a change on an edge that stays dead is the same network, not a neighbour.
        var dead = Space.Canonical(Space.Enumerate().First(x => Enumerable.Range(0, 6).Count(d => x[d] == 0) == 5 && !Space.Canonical(x).Equals(x)));
        Assert.True(smoothing.Neighbours(dead).Length < 24);
        Assert.DoesNotContain(dead, smoothing.Neighbours(dead));
    }

    [Fact]
    public void Smoothed_predictions_keep_the_members_median_and_spread_and_mix_in_the_neighbours()
    {
        var (encoder, member, labelled) = Trained();
        var smoothing = new NeighbourSmoothing(Space, encoder, 0.5, labelled);
        var own = member.Predict(labelled.Select(encoder.Encode).ToArray());
        var smoothed = smoothing.Predict(member, labelled);
        static (double, double) MedianIqr(double[] x)
        {
            var s = x.OrderBy(v => v).ToArray();
            double Q(double q) { var h = q * (s.Length - 1); var lo = (int)Math.Floor(h); var hi = Math.Min(lo + 1, s.Length - 1); return s[lo] + (h - lo) * (s[hi] - s[lo]); }
            return (Q(0.5), Q(0.75) - Q(0.25));
        }
        var (m1, s1) = MedianIqr(own);
        var (m2, s2) = MedianIqr(smoothed);
        Assert.Equal(m1, m2, 9);
        Assert.Equal(s1, s2, 9);
        // Not the member's own values: the neighbours moved them.
        Assert.Contains(own.Zip(smoothed), p => Math.Abs(p.First - p.Second) > 1e-6);
        // By hand: s(a) = (1 − α)·f(a) + α·mean f(neighbours), then the affine map that gives s over the labels the
        // member's own interquartile range.
        double Raw(Architecture x) => 0.5 * member.Predict(new[] { encoder.Encode(x) })[0]
            + 0.5 * member.Predict(smoothing.Neighbours(x).Select(encoder.Encode).ToArray()).Average();
        var raw = labelled.Select(Raw).ToArray();
        var (_, rawSpread) = MedianIqr(raw);
        for (var i = 1; i < 5; i++) Assert.Equal(s1 / rawSpread * (raw[i] - raw[0]), smoothed[i] - smoothed[0], 6);
        var a = labelled[0];
        // Deterministic and independent of the batch it is asked in.
        Assert.Equal(smoothed[0], smoothing.Predict(member, new[] { a })[0], 12);
    }
}

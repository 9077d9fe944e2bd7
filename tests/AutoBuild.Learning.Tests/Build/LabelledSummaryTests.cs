using AutoBuild.Learning.Build;
using AutoBuild.Spec.Results;

namespace AutoBuild.Learning.Tests.Build;

public sealed class LabelledSummaryTests
{
    private static List<LabelledPoint> Points(int n)
    {
        var random = new Random(3);
        return Enumerable.Range(0, n).Select(i => new LabelledPoint
        {
            Arch = "a" + i, Target = Math.Round(random.NextDouble() * 100, 3),
            Params = random.Next(1_000, 1_000_000), Flops = random.Next(1_000, 1_000_000), Latency = random.NextDouble() * 10,
        }).ToList();
    }

    [Fact]
    public void Small_sets_are_listed_whole_and_zero_means_all()
    {
        var points = Points(50);
        Assert.Equal(points, LabelledSummary.Select(points, 2000));
        Assert.Equal(Points(5000), LabelledSummary.Select(Points(5000), 0), new ArchComparer());
    }

    [Fact]
    public void Big_sets_keep_every_Pareto_point_and_the_best_in_order_within_the_bound()
    {
        var points = Points(20_000);
        var kept = LabelledSummary.Select(points, 1000);
        Assert.Equal(1000, kept.Count);
        var names = kept.Select(p => p.Arch).ToHashSet();
        foreach (var front in new[]
                 {
                     Pareto.Front(points, p => p.Params, p => p.Target), Pareto.Front(points, p => p.Flops, p => p.Target),
                     Pareto.Front(points, p => p.Latency!.Value, p => p.Target),
                 })
            Assert.All(front, p => Assert.Contains(p.Arch, names));
        Assert.All(points.OrderByDescending(p => p.Target).Take(100), p => Assert.Contains(p.Arch, names));
        // Original order, no repeats, and the same points every time.
        var index = kept.Select(p => points.IndexOf(p)).ToList();
        Assert.Equal(index.OrderBy(i => i), index);
        Assert.Equal(index.Count, index.Distinct().Count());
        Assert.Equal(kept, LabelledSummary.Select(points, 1000));
        // The sample spans the whole set, not its beginning.
        Assert.True(index.Max() > 19_000 && index.Min() < 1_000);
    }

    [Fact]
    public void Held_out_pairs_are_an_even_sample_of_at_most_a_thousand()
    {
        var pairs = Enumerable.Range(0, 4000).Select(i => new HeldOutPoint { Arch = "h" + i, Measured = i, Predicted = i }).ToList();
        var kept = LabelledSummary.HeldOut(pairs);
        Assert.Equal(LabelledSummary.MaxHeldOut, kept.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(k => 4 * k), kept.Select(p => (int)p.Measured));
        Assert.Equal(pairs.Take(10), LabelledSummary.HeldOut(pairs.Take(10).ToList()));
    }

    private sealed class ArchComparer : IEqualityComparer<LabelledPoint>
    {
        public bool Equals(LabelledPoint? x, LabelledPoint? y) => x?.Arch == y?.Arch && x?.Target == y?.Target;
        public int GetHashCode(LabelledPoint p) => p.Arch.GetHashCode();
    }
}

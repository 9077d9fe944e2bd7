using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Search;

public class TrustRegionTests
{
    private static int Distance(Architecture a, Architecture b) => Enumerable.Range(0, a.Choices.Count).Count(d => a[d] != b[d]);

    private static (List<Architecture> Labelled, double[] Targets) Labelled(SearchSpace space, int count, int seed)
    {
        var labelled = space.SampleDistinct(count, new Random(seed)).ToList();
        return (labelled, labelled.Select((a, i) => a.Choices.Sum() + 0.001 * i).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Candidates_are_the_labelled_then_distinct_valid_neighbours_within_the_radius_of_the_anchors(int radius)
    {
        var space = TestSpaces.Cell(6);
        var (labelled, targets) = Labelled(space, 30, 1);
        var options = new TrustRegionOptions { Anchors = 3, Radius = radius };
        var candidates = TrustRegion.Candidates(space, labelled, targets, options);

        Assert.Equal(labelled, candidates.Take(labelled.Count));
        Assert.Equal(candidates.Count, candidates.Distinct().Count());
        var anchors = labelled.Zip(targets).OrderByDescending(p => p.Second).Take(3).Select(p => p.First).ToList();
        foreach (var c in candidates.Skip(labelled.Count))
        {
            Assert.True(space.IsValid(c.Choices, out _));
            Assert.InRange(anchors.Min(a => Distance(a, c)), 1, radius);
        }
        // Every architecture within the radius of an anchor is there (6 edges × 4 other ops at radius 1).
        var expected = space.Enumerate().Where(a => anchors.Any(x => Distance(x, a) <= radius)).ToHashSet();
        Assert.Subset(candidates.ToHashSet(), expected);
        if (radius == 1) Assert.All(anchors, a => Assert.Equal(24, candidates.Count(c => Distance(a, c) == 1)));
    }

    [Fact]
    public void Allowed_values_restrict_the_changed_decisions()
    {
        var space = TestSpaces.Cell(5);
        var (labelled, targets) = Labelled(space, 20, 2);
        var allowed = Enumerable.Range(0, 5).Select(d => d == 4 ? null : new[] { 1, 3 }).ToArray();
        var candidates = TrustRegion.Candidates(space, labelled, targets, new TrustRegionOptions { Anchors = 1, Radius = 2 }, allowed);
        var anchor = labelled[Array.IndexOf(targets, targets.Max())];
        foreach (var c in candidates.Skip(labelled.Count))
        {
            Assert.InRange(Distance(anchor, c), 1, 2);
            for (var d = 0; d < 4; d++)
                if (c[d] != anchor[d]) Assert.Contains(c[d], allowed[d]!);
        }
        Assert.Contains(candidates.Skip(labelled.Count), c => c[4] != anchor[4]);
    }

    [Fact]
    public void Neighbours_follow_activity_conditions()
    {
        var space = TestSpaces.Macro(2);
        var a = space.Create(new[] { 0, 1, -1, -1, 1, 0, 0, -1 });
        var neighbours = TrustRegion.Neighbours(space, a).ToList();
        Assert.NotEmpty(neighbours);
        Assert.All(neighbours, n => Assert.True(space.IsValid(n.Choices, out _)));
        // Deepening stage 1 switches its second layer on (at the first value); shallowing stage 2 switches one off.
        Assert.Contains(neighbours, n => n[0] == 1 && n[2] == 0 && n[3] == -1);
        Assert.Contains(neighbours, n => n[4] == 0 && n[6] == -1 && n[7] == -1);
    }

    [Fact]
    public void Candidates_are_deterministic()
    {
        var space = TestSpaces.Cell(4);
        var (labelled, targets) = Labelled(space, 15, 3);
        var options = new TrustRegionOptions { Anchors = 4, Radius = 2 };
        var a = TrustRegion.Candidates(space, labelled, targets, options);
        var b = TrustRegion.Candidates(space, labelled, targets, options);
        Assert.Equal(a, b);
    }
}

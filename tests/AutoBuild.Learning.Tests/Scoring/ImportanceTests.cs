using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Scoring;

namespace AutoBuild.Learning.Tests.Scoring;

public class ImportanceTests
{
    private static readonly EncodedGraph G = new(1, new int[1], Array.Empty<float>(), Array.Empty<int>(), Array.Empty<int>());

    [Fact]
    public void Means_and_counts_per_decision_value_and_value_ranking()
    {
        var space = TestSpaces.Cell(2);
        var scored = new[]
        {
            new ScoredModule(new Module("a", 0, 1, G, 0, 0, new[] { 0 }, new[] { 3 }), 10),
            new ScoredModule(new Module("b", 0, 2, G, 0, 1, new[] { 0, 1 }, new[] { 3, 1 }), 20),
            new ScoredModule(new Module("c", 0, 2, G, 0, 1, new[] { 0, 1 }, new[] { 0, 1 }), 5),
            new ScoredModule(new Module("d", 0, 2, G, 0, 1, new[] { 0, 1 }, new[] { 2, -1 }), 7),
        };
        var entries = Importance.FromModules(space, scored);
        Assert.Equal(new[] { "edge_0=none:5:1", "edge_0=nor_conv_1x1:7:1", "edge_0=nor_conv_3x3:15:2", "edge_1=skip_connect:12.5:2" },
            entries.Select(e => $"{e.Decision}={e.Value}:{e.Score}:{e.Count}"));
        var ranked = Importance.RankValues(space, entries);
        Assert.Equal(new[] { 3, 2, 0 }, ranked[0]);
        Assert.Equal(new[] { 1 }, ranked[1]);
    }
}

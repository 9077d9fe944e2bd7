using AutoBuild.Learning.Construction;

namespace AutoBuild.Learning.Tests.Construction;

public class MultipleChoiceKnapsackTests
{
    private static List<IReadOnlyList<KnapsackItem>> RandomGroups(Random rng, int groups, int items, int resources, bool integralScores)
    {
        var list = new List<IReadOnlyList<KnapsackItem>>();
        for (var g = 0; g < groups; g++)
        {
            var group = new List<KnapsackItem>();
            for (var i = 0; i < items; i++)
            {
                var costs = new double[resources];
                for (var r = 0; r < resources; r++) costs[r] = rng.Next(1, 50);
                // Correlated score and cost make the budget bind, the interesting case.
                var score = integralScores ? rng.Next(0, 10) : costs.Sum() * 0.1 + rng.NextDouble() * 3;
                group.Add(new KnapsackItem(score, costs));
            }
            list.Add(group);
        }
        return list;
    }

    private static List<(double Score, int[] Items)> BruteForce(List<IReadOnlyList<KnapsackItem>> groups, double[] budgets)
    {
        var all = new List<(double, int[])>();
        var idx = new int[groups.Count];
        while (true)
        {
            double score = 0;
            var costs = new double[budgets.Length];
            for (var g = 0; g < groups.Count; g++)
            {
                score += groups[g][idx[g]].Score;
                for (var r = 0; r < budgets.Length; r++) costs[r] += groups[g][idx[g]].Costs[r];
            }
            if (costs.Zip(budgets).All(p => p.First <= p.Second)) all.Add((score, (int[])idx.Clone()));
            var d = groups.Count - 1;
            while (d >= 0 && ++idx[d] == groups[d].Count) idx[d--] = 0;
            if (d < 0) break;
        }
        return all.OrderByDescending(x => x.Item1).ToList();
    }

    [Theory]
    [InlineData(3, 2, false)]
    [InlineData(1, 1, false)]
    [InlineData(2, 1, false)]
    [InlineData(3, 5, false)]
    [InlineData(4, 3, true)]
    [InlineData(5, 1, true)]
    public void Matches_brute_force_on_random_instances_with_binding_budgets(int variant, int k, bool ties)
    {
        var rng = new Random(variant * 100 + k);
        for (var trial = 0; trial < 40; trial++)
        {
            var groups = RandomGroups(rng, rng.Next(1, 5), rng.Next(1, 7), variant % 3, ties); // 0, 1 or 2 resources
            var nres = groups[0][0].Costs.Length;
            // Budgets from tight (often infeasible) to loose.
            var budgets = Enumerable.Range(0, nres).Select(_ => (double)rng.Next(groups.Count * 5, groups.Count * 45)).ToArray();
            var expected = BruteForce(groups, budgets);
            var actual = MultipleChoiceKnapsack.Solve(groups, budgets, k);
            Assert.Equal(Math.Min(k, expected.Count), actual.Count);
            for (var i = 0; i < actual.Count; i++)
            {
                Assert.Equal(expected[i].Score, actual[i].Score, 9);
                // The reported items really have that score and fit.
                var items = actual[i].Items;
                Assert.Equal(actual[i].Score, items.Select((j, g) => groups[g][j].Score).Sum(), 9);
                for (var r = 0; r < nres; r++)
                    Assert.True(items.Select((j, g) => groups[g][j].Costs[r]).Sum() <= budgets[r]);
            }
            // The k solutions are distinct.
            Assert.Equal(actual.Count, actual.Select(s => string.Join(",", s.Items)).Distinct().Count());
        }
    }

    [Fact]
    public void Without_budgets_returns_the_best_items_in_score_order()
    {
        var groups = new List<IReadOnlyList<KnapsackItem>>
        {
            new[] { new KnapsackItem(1, Array.Empty<double>()), new KnapsackItem(5, Array.Empty<double>()), new KnapsackItem(3, Array.Empty<double>()) },
            new[] { new KnapsackItem(2, Array.Empty<double>()), new KnapsackItem(0, Array.Empty<double>()) },
        };
        var best = MultipleChoiceKnapsack.Solve(groups, Array.Empty<double>(), 3);
        Assert.Equal(new[] { 7.0, 5.0, 5.0 }, best.Select(b => b.Score));
        Assert.Equal(new[] { 1, 0 }, best[0].Items);
        Assert.Equal(new[] { 1, 1 }, best[1].Items); // ties: the one found first (higher-scoring first group item)
    }

    [Fact]
    public void Infeasible_budget_gives_no_solution()
    {
        var groups = new List<IReadOnlyList<KnapsackItem>> { new[] { new KnapsackItem(1, new[] { 10.0 }) }, new[] { new KnapsackItem(1, new[] { 5.0 }) } };
        Assert.Empty(MultipleChoiceKnapsack.Solve(groups, new[] { 14.0 }));
        Assert.Single(MultipleChoiceKnapsack.Solve(groups, new[] { 15.0 }));
    }
}

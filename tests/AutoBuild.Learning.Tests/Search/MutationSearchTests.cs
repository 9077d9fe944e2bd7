using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Tests.Search;

public class MutationSearchTests
{
    // A separable objective: edge i prefers op (i % 5); the optimum is known.
    private static double Objective(Architecture a) =>
        Enumerable.Range(0, a.Choices.Count).Sum(i => a[i] == i % 5 ? 1.0 + 0.1 * i : 0.05 * a[i]);

    private static double[] Evaluate(IReadOnlyList<Architecture> batch) => batch.Select(Objective).ToArray();

    private static PrunedSpace Full(SearchSpace space) =>
        new(space, space.Create(new int[space.Decisions.Count]),
            Enumerable.Range(0, space.Decisions.Count).Select(d => new SearchUnit(space.Decisions[d].Name, new[] { d },
                Enumerable.Range(0, 5).Select(v => new[] { v }).ToArray())).ToArray());

    [Fact]
    public void Small_spaces_are_enumerated_exhaustively_and_ranked()
    {
        var space = TestSpaces.Cell(4);
        var (ranked, exhaustive) = MutationSearch.Run(Full(space), Evaluate, null, new SearchOptions(), new Random(1));
        Assert.True(exhaustive);
        Assert.Equal(625, ranked.Count);
        Assert.Equal(new[] { 0, 1, 2, 3 }, ranked[0].Architecture.Choices);
        Assert.True(ranked.Zip(ranked.Skip(1)).All(p => p.First.Predicted >= p.Second.Predicted));
    }

    [Fact]
    public void Constraint_filters_exhaustive_results()
    {
        var space = TestSpaces.Cell(4);
        // Forbid op 3 anywhere: the best then uses the next best value on edge 3.
        var (ranked, _) = MutationSearch.Run(Full(space), Evaluate, batch => batch.Select(a => !a.Choices.Contains(3)).ToArray(), new SearchOptions(), new Random(1));
        Assert.All(ranked, c => Assert.DoesNotContain(3, c.Architecture.Choices));
        Assert.Equal(new[] { 0, 1, 2, 4 }, ranked[0].Architecture.Choices);
    }

    [Fact]
    public void Large_spaces_are_searched_and_find_the_separable_optimum()
    {
        var space = TestSpaces.Cell(12); // 5^12 ≈ 244 million
        var options = new SearchOptions { ExhaustiveLimit = 1000 };
        var (ranked, exhaustive) = MutationSearch.Run(Full(space), Evaluate, null, options, new Random(3));
        Assert.False(exhaustive);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i % 5), ranked[0].Architecture.Choices);
        Assert.Equal(ranked.Count, ranked.Select(c => c.Architecture).Distinct().Count());
        Assert.True(ranked.Count <= options.InitialSize + options.Iterations * options.BatchSize);
        // Same seed, same result.
        var again = MutationSearch.Run(Full(space), Evaluate, null, options, new Random(3)).Ranked;
        Assert.Equal(ranked.Select(c => c.Architecture.ToString()), again.Select(c => c.Architecture.ToString()));
    }

    [Fact]
    public void Mutation_changes_at_least_one_unit_and_stays_in_the_pruned_space()
    {
        var space = TestSpaces.Cell(6);
        var pruned = new PrunedSpace(space, space.Create(new int[6]),
            Enumerable.Range(0, 6).Select(d => new SearchUnit($"e{d}", new[] { d }, new[] { new[] { 1 }, new[] { 3 } })).ToArray());
        Assert.Equal(64, (int)pruned.Size);
        var rng = new Random(5);
        var p = pruned.RandomPoint(rng);
        for (var i = 0; i < 200; i++)
        {
            var c = pruned.Mutate(p, rng, 0.1);
            Assert.NotEqual(p, c);
            Assert.All(pruned.At(c)!.Choices, x => Assert.True(x is 1 or 3));
            p = c;
        }
    }
}

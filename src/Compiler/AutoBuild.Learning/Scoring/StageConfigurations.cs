using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Scoring;

/// <summary>One configuration of a macro stage: a choice for each of the stage's decisions (-1 = inactive).</summary>
public sealed class StageConfiguration
{
    public StageConfiguration(int stage, string name, int[] decisions, int[] choices, int depth)
    {
        Stage = stage; Name = name; Decisions = decisions; Choices = choices; Depth = depth;
    }

    public int Stage { get; }
    public string Name { get; }
    public int[] Decisions { get; }
    public int[] Choices { get; }
    /// <summary>Number of active layers.</summary>
    public int Depth { get; }
}

/// <summary>Enumerates every configuration of every macro stage: all assignments of the decisions sited at a stage
/// that respect the activity conditions (depth × per-layer choices: 9²+9³+9⁴ = 7,371 per OFA-MobileNetV3 stage).
/// A stage's decisions may only be controlled by decisions of the same stage.</summary>
public static class StageConfigurations
{
    /// <summary>Stage indices with their names, ascending.</summary>
    public static IReadOnlyList<(int Index, string Name)> Stages(SearchSpace space) =>
        space.Decisions.Where(d => d.Site.StageIndex != null)
            .GroupBy(d => d.Site.StageIndex!.Value).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.First().Site.Stage ?? "s" + (g.Key + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();

    /// <summary>Decisions not sited at any stage (resolution, width multiplier...).</summary>
    public static int[] GlobalDecisions(SearchSpace space) =>
        Enumerable.Range(0, space.Decisions.Count).Where(d => space.Decisions[d].Site.StageIndex == null).ToArray();

    /// <summary>The most configurations of one stage a build scores: each is encoded and scored one by one, so a
    /// stage of depth 2..8 with 9 block choices (48 million) ran out of memory. OFA-MobileNetV3 has 7,371.</summary>
    public const int MaxPerStage = 100_000;

    /// <summary>The number of configurations of a stage without enumerating them: per decision,
    /// count(d) = Σ over its values of Π over the stage decisions that value activates of count(child).</summary>
    public static BigInteger Count(SearchSpace space, int stage)
    {
        var inStage = Enumerable.Range(0, space.Decisions.Count).Where(d => space.Decisions[d].Site.StageIndex == stage).ToArray();
        var memo = new Dictionary<int, BigInteger>();
        BigInteger CountOf(int d)
        {
            if (memo.TryGetValue(d, out var known)) return known;
            var total = BigInteger.Zero;
            for (var v = 0; v < space.Decisions[d].Values.Count; v++)
            {
                var product = BigInteger.One;
                foreach (var c in inStage)
                    if (space.Decisions[c].ActiveWhen is { } w && w.Decision == d && w.Choices.Contains(v)) product *= CountOf(c);
                total += product;
            }
            return memo[d] = total;
        }
        var result = BigInteger.One;
        foreach (var d in inStage)
            if (space.Decisions[d].ActiveWhen is not { } w || space.Decisions[w.Decision].Site.StageIndex != stage) result *= CountOf(d);
        return result;
    }

    /// <summary>The first stage too large to score one configuration at a time, as a message, or null.</summary>
    public static string? TooMany(SearchSpace space) => TooManyStages(space).FirstOrDefault();

    /// <summary>One message per stage with more than <see cref="MaxPerStage"/> configurations (a build scores a sample of them).</summary>
    public static IEnumerable<string> TooManyStages(SearchSpace space)
    {
        foreach (var (index, name) in Stages(space))
        {
            var count = Count(space, index);
            if (count > MaxPerStage)
                yield return string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "stage {0} has {1:N0} configurations, more than the {2:N0} a build scores one by one; it scores a uniform sample of {3:N0} (narrow its depth range or its per-layer choices to score them all)",
                    name, count, MaxPerStage, SampledPerStage);
        }
    }

    /// <summary>How many configurations a build scores of a stage that has more than <see cref="MaxPerStage"/>
    /// (HAT's transformer stages: 12⁶ encoder and about 2.2 billion decoder configurations).</summary>
    public const int SampledPerStage = 20_000;

    /// <summary>Every configuration of the stage, or for a stage of more than <see cref="MaxPerStage"/> a uniform
    /// sample of <see cref="SampledPerStage"/> distinct ones (fixed: seeded by the stage index).</summary>
    public static IEnumerable<StageConfiguration> EnumerateOrSample(SearchSpace space, int stage, string name, Architecture baseline) =>
        Count(space, stage) <= MaxPerStage ? Enumerate(space, stage, name, baseline) : Sample(space, stage, name, SampledPerStage, new System.Random(stage));

    /// <summary>Up to <paramref name="count"/> distinct configurations of a stage, each drawn uniformly: a stage's
    /// decisions depend only on each other, so the stage part of a uniform architecture is a uniform configuration.</summary>
    public static IEnumerable<StageConfiguration> Sample(SearchSpace space, int stage, string name, int count, System.Random random)
    {
        var own = Enumerable.Range(0, space.Decisions.Count).Where(d => space.Decisions[d].Site.StageIndex == stage).ToArray();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        for (var tries = 0; seen.Count < count && tries < 20 * count; tries++)
        {
            var architecture = space.Sample(random);
            var picked = own.Select(d => architecture[d]).ToArray();
            if (!seen.Add(string.Join(",", picked))) continue;
            yield return new StageConfiguration(stage, name, own, picked, Depth(space, own, picked));
        }
    }

    private static int Depth(SearchSpace space, int[] own, int[] picked) =>
        own.Where((d, i) => picked[i] >= 0 && space.Decisions[d].Site.Layer != null && space.Decisions[d].Role != DecisionRole.Depth)
            .Select(d => space.Decisions[d].Site.Layer!.Value).Distinct().Count();

    public static IEnumerable<StageConfiguration> Enumerate(SearchSpace space, int stage, string name, Architecture baseline)
    {
        // Controllers before the decisions they control, otherwise declaration order.
        var decisions = Enumerable.Range(0, space.Decisions.Count).Where(d => space.Decisions[d].Site.StageIndex == stage)
            .OrderBy(d => ConditionDepth(space, d)).ThenBy(d => d).ToArray();
        var choices = baseline.Choices.ToArray();
        return Recurse(space, stage, name, decisions, choices, 0);
    }

    private static IEnumerable<StageConfiguration> Recurse(SearchSpace space, int stage, string name, int[] decisions, int[] choices, int at)
    {
        if (at == decisions.Length)
        {
            var own = decisions.OrderBy(d => d).ToArray();
            var picked = own.Select(d => choices[d]).ToArray();
            yield return new StageConfiguration(stage, name, own, picked, Depth(space, own, picked));
            yield break;
        }
        var d0 = decisions[at];
        if (!space.IsActive(d0, choices))
        {
            choices[d0] = -1;
            foreach (var c in Recurse(space, stage, name, decisions, choices, at + 1)) yield return c;
            yield break;
        }
        for (var v = 0; v < space.Decisions[d0].Values.Count; v++)
        {
            choices[d0] = v;
            foreach (var c in Recurse(space, stage, name, decisions, choices, at + 1)) yield return c;
        }
    }

    private static int ConditionDepth(SearchSpace space, int d)
    {
        var depth = 0;
        for (var c = space.Decisions[d].ActiveWhen; c != null && depth <= space.Decisions.Count; c = space.Decisions[c.Decision].ActiveWhen) depth++;
        return depth;
    }
}

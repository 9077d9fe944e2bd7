using System.Collections.Generic;
using System.Linq;
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
            var depth = own.Where(d => choices[d] >= 0 && space.Decisions[d].Site.Layer != null && space.Decisions[d].Role != DecisionRole.Depth)
                .Select(d => space.Decisions[d].Site.Layer!.Value).Distinct().Count();
            yield return new StageConfiguration(stage, name, own, picked, depth);
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

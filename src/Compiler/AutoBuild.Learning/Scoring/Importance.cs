using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Scoring;

/// <summary>Grouped module-score statistics (autobuild-method.md §4.2, last point): for every decision value, the
/// mean score of the modules that have it and how many there are.</summary>
public static class Importance
{
    /// <summary>Entries in decision declaration order, then value order; values no module has are left out.</summary>
    public static List<ImportanceEntry> Compute(SearchSpace space, IReadOnlyList<ScoredModule> scored)
    {
        var sums = new double[space.Decisions.Count][];
        var counts = new int[space.Decisions.Count][];
        for (var d = 0; d < sums.Length; d++)
        {
            sums[d] = new double[space.Decisions[d].Values.Count];
            counts[d] = new int[space.Decisions[d].Values.Count];
        }
        foreach (var s in scored)
        {
            var m = s.Module;
            for (var i = 0; i < m.Decisions.Length; i++)
            {
                if (m.Choices[i] < 0) continue;
                sums[m.Decisions[i]][m.Choices[i]] += s.Score;
                counts[m.Decisions[i]][m.Choices[i]]++;
            }
        }
        var result = new List<ImportanceEntry>();
        for (var d = 0; d < sums.Length; d++)
            for (var v = 0; v < sums[d].Length; v++)
                if (counts[d][v] > 0)
                    result.Add(new ImportanceEntry
                    {
                        Decision = space.Decisions[d].Name,
                        Value = space.Decisions[d].Values[v],
                        Score = sums[d][v] / counts[d][v],
                        Count = counts[d][v],
                    });
        return result;
    }

    /// <summary>Per decision, its values ordered by descending mean module score (ties: declaration order);
    /// null for decisions no module fixes.</summary>
    public static int[]?[] RankValues(SearchSpace space, IReadOnlyList<ImportanceEntry> entries)
    {
        var ranked = new int[]?[space.Decisions.Count];
        foreach (var group in entries.GroupBy(e => e.Decision))
        {
            var d = space.IndexOfDecision(group.Key);
            var decision = space.Decisions[d];
            ranked[d] = group.OrderByDescending(e => e.Score).ThenBy(e => decision.IndexOf(e.Value)).Select(e => decision.IndexOf(e.Value)).ToArray();
        }
        return ranked;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Scoring;

/// <summary>Views of importance: module-score means per decision value, the per-feature read-out, value rankings.</summary>
public static class Importance
{
    /// <summary>Grouped module-score statistics (autobuild-method.md §4.2, last point): for every decision value, the
    /// mean score of the modules that have it and how many there are. Entries in decision declaration order, then
    /// value order; values no module has are left out.</summary>
    public static List<ImportanceEntry> FromModules(SearchSpace space, IReadOnlyList<ScoredModule> scored)
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

    /// <summary>The feature read-out: for every value of a categorical node feature that decisions set (kernel 3/5/7,
    /// expansion, op...), the mean importance of that value over the decisions that carry the feature, in the
    /// importance's units (higher = a better target). Features no decision sets (stage, layer, position) are left
    /// out. <paramref name="scalars"/> supplies the FE-MLP |scalar| of each (feature, value) when known.</summary>
    public static List<FeatureImportance> Features(SearchSpace space, Func<int, string?> featureOf, IReadOnlyList<ImportanceEntry> importance,
        Func<string, string, double?> scalars)
    {
        var groups = new Dictionary<(string Feature, string Value), List<double>>();
        var order = new List<(string, string)>();
        foreach (var e in importance)
        {
            var d = space.IndexOfDecision(e.Decision);
            if (d < 0 || featureOf(d) is not string feature) continue;
            var key = (feature, e.Value);
            if (!groups.TryGetValue(key, out var list)) { groups[key] = list = new List<double>(); order.Add(key); }
            list.Add(e.Score);
        }
        return order.Select(k => new FeatureImportance { Feature = k.Item1, Value = k.Item2, Score = groups[k].Average(), Scalar = scalars(k.Item1, k.Item2) }).ToList();
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

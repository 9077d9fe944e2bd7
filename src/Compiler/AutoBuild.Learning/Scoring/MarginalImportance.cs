using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Scoring;

/// <summary>Importance of every (decision, value) in the units of the predicted metric: the mean prediction over the
/// background architectures in which the decision is active, with the decision set to the value. Depth choices,
/// per-layer values, cell ops and global decisions (resolution) are all measured this way, so they share one scale:
/// "architectures with this value have, on average, this much target". For a decision that is only sometimes active
/// (the 4th layer's kernel) the average is over the backgrounds where it is active, i.e. it includes what activity
/// implies (a deeper stage), as the true marginal mean does.</summary>
public static class MarginalImportance
{
    /// <summary>Predictions spent on importance at most.</summary>
    public const int DefaultBudget = 60_000;

    /// <summary>Entries in decision declaration order, then value order; Count = the backgrounds averaged. Decisions
    /// active in no background are left out. A background that already has the value and is in
    /// <paramref name="measured"/> counts with its measured value instead of its prediction: the labels then correct
    /// the predictor where it is known to be off (a regression on quantile-scaled targets predicts NAS-Bench-201's
    /// diverged cells far above their measured 10 %, which made "none" look harmless).</summary>
    public static List<ImportanceEntry> Compute(SearchSpace space, Func<IReadOnlyList<Architecture>, double[]> predict, Backgrounds backgrounds, int seed,
        IReadOnlyDictionary<Architecture, double>? measured = null, int budget = DefaultBudget)
    {
        // As many backgrounds as the prediction budget allows (every one serves every decision value).
        var values = space.Decisions.Sum(d => d.Values.Count);
        var used = backgrounds.Items.Take(Math.Max(1, budget / Math.Max(1, values))).ToArray();
        var random = new Random(seed);
        var sums = new Dictionary<(int, int), (double Sum, int Count)>();
        void Add((int, int) key, double x)
        {
            sums.TryGetValue(key, out var sc);
            sums[key] = (sc.Sum + x, sc.Count + 1);
        }
        var archs = new List<Architecture>();
        var owner = new List<(int Decision, int Value)>();
        var one = new int[1]; var value = new int[1];
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            one[0] = d;
            foreach (var b in used)
            {
                if (b[d] < 0) continue;
                for (var v = 0; v < space.Decisions[d].Values.Count; v++)
                {
                    if (b[d] == v && measured != null && measured.TryGetValue(b, out var y)) { Add((d, v), y); continue; }
                    value[0] = v;
                    if (backgrounds.Substitute(b, one, value, random) is Architecture a) { archs.Add(a); owner.Add((d, v)); }
                }
            }
        }
        var predicted = archs.Count == 0 ? Array.Empty<double>() : predict(archs);
        for (var k = 0; k < predicted.Length; k++) Add(owner[k], predicted[k]);
        var result = new List<ImportanceEntry>();
        foreach (var ((d, v), (sum, count)) in sums.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2))
            result.Add(new ImportanceEntry { Decision = space.Decisions[d].Name, Value = space.Decisions[d].Values[v], Score = sum / count, Count = count });
        return result;
    }
}

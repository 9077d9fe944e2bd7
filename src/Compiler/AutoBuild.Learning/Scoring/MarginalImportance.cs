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
    /// active in no background are left out.
    /// <para>With <paramref name="heldOut"/> (cross-fitted predictors; the build's default) every value is scored
    /// alike: each background, with the decision set to each value (its own value included), is predicted by the
    /// predictor that never trained on that background, and the decision's scores are shifted by the mean error those
    /// predictors make on the measured backgrounds (measured − held-out prediction). With every background measured
    /// that is "the labels' mean target plus the mean change the held-out predictors expect from setting the decision
    /// to the value in each label": a value's own labels change by 0, every other value by a prediction, all judged by
    /// the same predictors on the same backgrounds. Why not the measured targets directly: a background that already
    /// has the value would count as the truth while every other value counts as a prediction, and how many of a
    /// value's terms are measured depends on how many labels have it (on a 150-label macro space, depth 5 in 93 % of
    /// the backgrounds, depth 4 in 6 %), so the truth of one value is compared with the guesses for another; a
    /// predictor 0.66 optimistic on held-out labels put the shallower depth first in all six stages (benchmarks/README.md,
    /// "Session 14: importance compares like with like"). And why held-out predictors: a predictor that trained on a
    /// background predicts it (nearly) as measured, and its neighbours with one choice changed as it does networks it
    /// never saw, which is the same mixture again.</para>
    /// <para>Without <paramref name="heldOut"/> (no cross-fitted members: `--ensemble 1`; or the session-13 scores for
    /// comparison): a background that already has the value and is in <paramref name="measured"/> counts with its
    /// measured value, every other term with <paramref name="predict"/>.</para>
    /// <para>With <paramref name="heldOut"/> and <paramref name="inputIgnoredAtMeasured"/> (the target, not latency): a network
    /// that ignores its input (<see cref="SearchSpace.IgnoresInput"/>, a cell whose output does not depend on it)
    /// computes the same thing whatever its ops, and the labels measure it. When some measured backgrounds are such
    /// networks, every substitution that makes one is counted at their mean measured target instead of a prediction,
    /// and they do not enter the shift. The predictors put those networks far above what they measure (planted cell
    /// space: 341 cells, 2.2 %, measure 10, and the primary predictor put only 27 cells of the space below 30), which made `none` score up to
    /// 2.6 above its true marginal mean (benchmarks/README.md, "Knowledge against the truth").</para></summary>
    public static List<ImportanceEntry> Compute(SearchSpace space, Func<IReadOnlyList<Architecture>, double[]> predict, Backgrounds backgrounds, int seed,
        IReadOnlyDictionary<Architecture, double>? measured = null, int budget = DefaultBudget, HeldOutPredictions? heldOut = null,
        bool inputIgnoredAtMeasured = false)
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
        // Per decision: the held-out error on the measured backgrounds where it is active (sum, count).
        var error = new (double Sum, int Count)[space.Decisions.Count];
        // The measured value of networks that ignore their input, when the labels have some (inputIgnoredAtMeasured).
        var ignoring = heldOut != null && inputIgnoredAtMeasured && measured != null
            ? measured.Where(p => space.IgnoresInput(p.Key)).Select(p => p.Value).ToArray() : Array.Empty<double>();
        double? inputIgnored = ignoring.Length > 0 ? ignoring.Average() : null;
        var archs = new List<Architecture>();
        var owner = new List<(int Decision, int Value)>();
        var fold = new List<int>();
        var one = new int[1]; var value = new int[1];
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            one[0] = d;
            foreach (var b in used)
            {
                if (b[d] < 0) continue;
                var backgroundFold = heldOut != null && heldOut.Fold.TryGetValue(b, out var f) ? f : -1;
                if (backgroundFold >= 0 && measured != null && measured.TryGetValue(b, out var yb) && heldOut!.Prediction.TryGetValue(b, out var hb)
                    && !(inputIgnored != null && space.IgnoresInput(b)))
                    error[d] = (error[d].Sum + yb - hb, error[d].Count + 1);
                for (var v = 0; v < space.Decisions[d].Values.Count; v++)
                {
                    if (backgroundFold < 0 && b[d] == v && measured != null && measured.TryGetValue(b, out var y)) { Add((d, v), y); continue; }
                    value[0] = v;
                    if (backgrounds.Substitute(b, one, value, random) is not Architecture a) continue;
                    if (inputIgnored is double constant && backgroundFold >= 0 && space.IgnoresInput(a)) { Add((d, v), constant); continue; }
                    archs.Add(a); owner.Add((d, v)); fold.Add(backgroundFold);
                }
            }
        }
        var predicted = new double[archs.Count];
        foreach (var group in Enumerable.Range(0, archs.Count).GroupBy(k => fold[k]))
        {
            var members = group.Select(k => archs[k]).ToArray();
            var p = group.Key < 0 ? predict(members) : heldOut!.PredictBy(group.Key, members);
            var k = 0;
            foreach (var index in group) predicted[index] = p[k++];
        }
        for (var k = 0; k < predicted.Length; k++)
        {
            var d = owner[k].Decision;
            Add(owner[k], predicted[k] + (fold[k] >= 0 && error[d].Count > 0 ? error[d].Sum / error[d].Count : 0));
        }
        var result = new List<ImportanceEntry>();
        foreach (var ((d, v), (sum, count)) in sums.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2))
            result.Add(new ImportanceEntry { Decision = space.Decisions[d].Name, Value = space.Decisions[d].Values[v], Score = sum / count, Count = count });
        return result;
    }

    /// <summary>When no labelled architecture ignores its input (<see cref="SearchSpace.IgnoresInput"/>), the
    /// (decision, value) pairs whose substitution makes some backgrounds such a network, with how many of the
    /// backgrounds in which the decision is active (largest first); empty when a label ignores its input (its measured
    /// value then stands for all of them, <paramref name="labelled"/>) or no substitution makes one. Their scores then
    /// rest on what the predictors guess for networks no label shows: NAS-Bench-201 measures them at 10 %, and with 50
    /// labels none of which was one, `none` on the input→output edge scored 0.3 above avg_pool where the truth has it
    /// 5.5 below (benchmarks/README.md, "Session 18: audit of knowledge and answer on fresh seeds").</summary>
    public static List<(int Decision, int Value, int Count, int Of, Architecture Example)> UnmeasuredInputIgnoring(SearchSpace space, Backgrounds backgrounds,
        IEnumerable<Architecture> labelled)
    {
        var found = new List<(int Decision, int Value, int Count, int Of, Architecture Example)>();
        // Only spaces with an equivalence (cells) have such networks; skip the substitutions elsewhere.
        if (!space.HasEquivalence || labelled.Any(space.IgnoresInput)) return found;
        var random = new Random(0);
        var one = new int[1]; var value = new int[1];
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            one[0] = d;
            var active = backgrounds.Items.Where(b => b[d] >= 0).ToArray();
            for (var v = 0; v < space.Decisions[d].Values.Count; v++)
            {
                value[0] = v;
                var ignoring = active.Select(b => backgrounds.Substitute(b, one, value, random)).OfType<Architecture>().Where(space.IgnoresInput).ToList();
                if (ignoring.Count > 0) found.Add((d, v, ignoring.Count, active.Length, space.Canonical(ignoring[0])));
            }
        }
        return found.OrderByDescending(f => (double)f.Count / f.Of).ThenBy(f => f.Decision).ThenBy(f => f.Value).ToList();
    }
}

/// <summary>Cross-fitted predictors as importance uses them: <see cref="Fold"/> of each labelled architecture (the
/// predictor <see cref="PredictBy"/>(fold, …) never trained on it) and <see cref="Prediction"/>, its prediction by
/// that predictor (out of fold).</summary>
public sealed record HeldOutPredictions(IReadOnlyDictionary<Architecture, int> Fold, IReadOnlyDictionary<Architecture, double> Prediction,
    Func<int, IReadOnlyList<Architecture>, double[]> PredictBy);

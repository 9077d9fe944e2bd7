using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Scoring;

/// <summary>Module scores in target units: the predicted mean target of architectures that contain the module, i.e.
/// the mean prediction over the same background architectures with the module put into each of them (a partial
/// dependence with common backgrounds). Using the same backgrounds for every module makes the differences between
/// modules free of background noise, and modules of every size, depth, stage and hop count land on one scale.
/// This replaces the norm-based score of autobuild-method.md §4.1; docs/implementation-notes.md ("Module scores and
/// importance") explains why.</summary>
public static class ModuleScorer
{
    /// <summary>Predictions spent on module scoring at most (each module gets budget / modules backgrounds).</summary>
    public const int DefaultBudget = 80_000;
    /// <summary>Backgrounds per module, fewest and most.</summary>
    public const int MinBackgrounds = 2, MaxBackgrounds = 16;

    /// <summary>Scores every module that fits into at least one background (a module that no background can take,
    /// e.g. because of a DAG constraint, is left out). Deterministic for a given seed.</summary>
    public static ScoredModule[] Score(SearchSpace space, Func<IReadOnlyList<Architecture>, double[]> predict, IReadOnlyList<Module> modules,
        Backgrounds backgrounds, int seed, int budget = DefaultBudget, int chunk = 4096)
    {
        if (modules.Count == 0) return Array.Empty<ScoredModule>();
        var perModule = Math.Min(backgrounds.Items.Count, Math.Clamp(budget / modules.Count, MinBackgrounds, MaxBackgrounds));
        var random = new Random(seed);
        var result = new List<ScoredModule>(modules.Count);
        for (var start = 0; start < modules.Count; start += chunk)
        {
            var n = Math.Min(chunk, modules.Count - start);
            var archs = new List<Architecture>(n * perModule);
            var owner = new List<int>(n * perModule);
            for (var i = 0; i < n; i++)
            {
                var m = modules[start + i];
                for (var b = 0; b < perModule; b++)
                    if (backgrounds.Substitute(backgrounds.Items[b], m.Decisions, m.Choices, random) is Architecture a) { archs.Add(a); owner.Add(i); }
            }
            var predicted = archs.Count == 0 ? Array.Empty<double>() : predict(archs);
            var sums = new double[n]; var counts = new int[n];
            for (var k = 0; k < predicted.Length; k++) { sums[owner[k]] += predicted[k]; counts[owner[k]]++; }
            for (var i = 0; i < n; i++)
                if (counts[i] > 0) result.Add(new ScoredModule(modules[start + i], sums[i] / counts[i]));
        }
        return result.ToArray();
    }
}

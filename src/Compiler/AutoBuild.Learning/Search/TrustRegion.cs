using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Search;

/// <summary>Settings of <see cref="TrustRegion"/>.</summary>
public sealed class TrustRegionOptions
{
    /// <summary>How many of the best measured architectures the region is centred on.</summary>
    public int Anchors { get; set; } = 10;
    /// <summary>Hamming radius (decisions changed) around each anchor.</summary>
    public int Radius { get; set; } = 1;
}

/// <summary>The trust region around the labelled data: predictors are most reliable near their training points,
/// so the build always proposes the labelled architectures plus the architectures within a small Hamming radius
/// of the best measured ones (the evidence then decides, see Build/ResultAssembler). Deterministic.</summary>
public static class TrustRegion
{
    /// <summary>The labelled architectures, then the neighbours of the <see cref="TrustRegionOptions.Anchors"/>
    /// best measured ones (ties: ordinal canonical string), without duplicates. Neighbours change one decision
    /// per step to one of its <paramref name="allowed"/> values (null, or a null entry: every value); decisions
    /// the change switches on or off follow the space's activity conditions; invalid results are skipped.</summary>
    public static List<Architecture> Candidates(SearchSpace space, IReadOnlyList<Architecture> labelled, IReadOnlyList<double> targets,
        TrustRegionOptions options, IReadOnlyList<int[]?>? allowed = null)
    {
        if (labelled.Count != targets.Count) throw new ArgumentException("One target per labelled architecture.", nameof(targets));
        var seen = new HashSet<Architecture>();
        var result = new List<Architecture>();
        foreach (var a in labelled) if (seen.Add(a)) result.Add(a);
        var anchors = Enumerable.Range(0, labelled.Count).OrderByDescending(i => targets[i])
            .ThenBy(i => labelled[i].ToString(), StringComparer.Ordinal).Take(options.Anchors).Select(i => labelled[i]).ToList();
        var frontier = anchors;
        for (var step = 0; step < options.Radius; step++)
        {
            var next = new List<Architecture>();
            foreach (var a in frontier)
                foreach (var n in Neighbours(space, a, allowed))
                    if (seen.Add(n)) { result.Add(n); next.Add(n); }
            frontier = next;
        }
        return result;
    }

    /// <summary>The valid architectures that differ from <paramref name="a"/> in exactly one active decision
    /// (plus the decisions that change switches on, at their first value, or off).</summary>
    public static IEnumerable<Architecture> Neighbours(SearchSpace space, Architecture a, IReadOnlyList<int[]?>? allowed = null)
    {
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            if (a[d] < 0) continue;
            var values = allowed?[d] ?? Enumerable.Range(0, space.Decisions[d].Values.Count).ToArray();
            foreach (var v in values)
            {
                if (v == a[d]) continue;
                var choices = a.Choices.ToArray();
                choices[d] = v;
                for (var e = 0; e < choices.Length; e++)
                {
                    var active = space.IsActive(e, choices);
                    if (!active) choices[e] = -1;
                    else if (choices[e] < 0) choices[e] = 0;
                }
                if (space.IsValid(choices, out _)) yield return new Architecture(space, choices);
            }
        }
    }
}

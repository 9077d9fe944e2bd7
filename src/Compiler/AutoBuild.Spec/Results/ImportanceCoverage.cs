using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Spec.Results;

/// <summary>How far the labels cover each decision value of the importance. A value's score averages the predictor
/// over backgrounds with the value put in; when (almost) no label has the value, the predictor never saw it there and
/// the score is its extrapolation (session 12's audit: uniform labels of a 6-stage macro space put 138–144 of 150
/// labels at depth 5 and none at depth 2, and depth 2 scored best). Each entry gets the number of labels that have its
/// value and is <see cref="ImportanceEntry.Extrapolated"/> below <see cref="ImportanceEntry.MinLabels"/>.</summary>
public static class ImportanceCoverage
{
    /// <summary>Sets <see cref="ImportanceEntry.Labels"/> (the networks of <paramref name="labelled"/> in which the
    /// decision is active with that value) and <see cref="ImportanceEntry.Extrapolated"/> on every entry.</summary>
    public static void Annotate(SearchSpace space, IEnumerable<ImportanceEntry> entries, IReadOnlyList<Architecture> labelled)
    {
        var counts = new int[space.Decisions.Count][];
        for (var d = 0; d < counts.Length; d++) counts[d] = new int[space.Decisions[d].Values.Count];
        foreach (var a in labelled)
            for (var d = 0; d < counts.Length; d++)
                if (a[d] >= 0) counts[d][a[d]]++;
        foreach (var e in entries)
        {
            var d = space.IndexOfDecision(e.Decision);
            var v = d < 0 ? -1 : space.Decisions[d].IndexOf(e.Value);
            if (v < 0) continue;
            e.Labels = counts[d][v];
            e.Extrapolated = counts[d][v] < ImportanceEntry.MinLabels;
        }
    }

    /// <summary>A decision whose highest score belongs to an extrapolated value: what the importance would call its
    /// best value rests on no (or too few) labels. <see cref="BestCovered"/> is the highest-scoring value the labels
    /// cover, null when none does.</summary>
    public sealed class Uncovered
    {
        public Uncovered(string decision, ImportanceEntry top, ImportanceEntry? bestCovered) { Decision = decision; Top = top; BestCovered = bestCovered; }
        public string Decision { get; }
        /// <summary>The decision's highest-scoring value (extrapolated).</summary>
        public ImportanceEntry Top { get; }
        public ImportanceEntry? BestCovered { get; }
    }

    /// <summary>Every decision (in entry order) whose top-scoring value (ties: the first listed) is extrapolated.</summary>
    public static List<Uncovered> UncoveredBest(IReadOnlyList<ImportanceEntry> entries)
    {
        var result = new List<Uncovered>();
        foreach (var group in entries.GroupBy(e => e.Decision))
        {
            var finite = group.Where(e => !double.IsNaN(e.Score) && !double.IsInfinity(e.Score)).ToList();
            if (finite.Count == 0) continue;
            var top = finite.Aggregate((a, b) => b.Score > a.Score ? b : a);
            if (!top.Extrapolated) continue;
            var covered = finite.Where(e => !e.Extrapolated).ToList();
            result.Add(new Uncovered(group.Key, top, covered.Count == 0 ? null : covered.Aggregate((a, b) => b.Score > a.Score ? b : a)));
        }
        return result;
    }

    /// <summary>"s1.depth = 2 (no label; predicted mean acc 86.64) scores above the best value the labels cover,
    /// 4 (12 labels; 86.54)": one decision of an AB4014 warning.</summary>
    public static string Describe(Uncovered u, string target) =>
        string.Format(CultureInfo.InvariantCulture, "{0} = {1} ({2}; predicted mean {3} {4:G5}) scores highest, {5}",
            u.Decision, u.Top.Value, LabelText(u.Top.Labels), target, u.Top.Score,
            u.BestCovered is { } c
                ? string.Format(CultureInfo.InvariantCulture, "above the best value the labels cover, {0} ({1}; {2:G5})", c.Value, LabelText(c.Labels), c.Score)
                : string.Format(CultureInfo.InvariantCulture, "and no value of it has {0} labels", ImportanceEntry.MinLabels));

    /// <summary>"no label", "1 label", "12 labels" ("labels unknown" for a file written before the counts).</summary>
    public static string LabelText(int? labels) => labels switch
    {
        0 => "no label",
        1 => "1 label",
        int n => n.ToString(CultureInfo.InvariantCulture) + " labels",
        null => "labels unknown",
    };
}

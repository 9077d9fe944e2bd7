using System.Collections.Generic;
using System.Linq;
using AutoBuild.Learning.Labels;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Build;

/// <summary>The labelled architectures with every group of equivalent ones (same canonical representative,
/// <see cref="SearchSpace.Canonical"/>) merged into that representative: its target and metrics are the means
/// over the group, as the labels reader does for duplicate rows. Order: first appearance of each group.</summary>
internal sealed class EquivalentLabels
{
    private readonly LabelSet _labels;
    private readonly int[][] _groups; // original label indices of each merged architecture

    private EquivalentLabels(LabelSet labels, List<Architecture> architectures, List<int[]> groups)
    {
        _labels = labels;
        Architectures = architectures;
        _groups = groups.ToArray();
        Targets = _groups.Select(g => g.Average(i => labels.Targets![i])).ToArray();
        Runs = _groups.Select(g => g.Sum(i => labels.RowsOfArchitecture[i].Count)).ToArray();
        CandidatePredicted = _groups.Select(g => g.Where(i => labels.CandidatePredicted[i] is not null).Select(i => labels.CandidatePredicted[i]!.Value)
            .DefaultIfEmpty(double.NaN).Average()).Select(v => double.IsNaN(v) ? (double?)null : v).ToArray();
        for (var g = 0; g < _groups.Length; g++)
        {
            var other = _groups[g].FirstOrDefault(i => !labels.Architectures[i].Equals(architectures[g]), -1);
            if (other < 0) continue;
            Example = (labels.Architectures[other].ToString(), architectures[g].ToString());
            break;
        }
    }

    public IReadOnlyList<Architecture> Architectures { get; }
    public double[] Targets { get; }
    /// <summary>Per merged architecture, how many rows measured it (replicates: docs/labels.md, "Replicates").</summary>
    public int[] Runs { get; }

    /// <summary>Per merged architecture, what an earlier build predicted for it as a candidate (the mean over its group's
    /// candidate rows, <see cref="LabelSet.CandidatePredicted"/>); null when no row of the group was a candidate.</summary>
    public IReadOnlyList<double?> CandidatePredicted { get; }
    /// <summary>One merged (or replaced) architecture and its canonical form, for the warning.</summary>
    public (string Original, string Canonical) Example { get; }

    /// <summary>Merges; <paramref name="merged"/> counts the labelled architectures that are not their own
    /// canonical representative (replaced by it, or folded into it when it is labelled too).</summary>
    public static EquivalentLabels Merge(SearchSpace space, LabelSet labels, out int merged)
    {
        var index = new Dictionary<Architecture, int>();
        var architectures = new List<Architecture>();
        var groups = new List<List<int>>();
        for (var i = 0; i < labels.Architectures.Count; i++)
        {
            var c = space.Canonical(labels.Architectures[i]);
            if (!index.TryGetValue(c, out var g))
            {
                index[c] = g = architectures.Count;
                architectures.Add(c);
                groups.Add(new List<int>());
            }
            groups[g].Add(i);
        }
        merged = Enumerable.Range(0, labels.Architectures.Count).Count(i => !labels.Architectures[i].Equals(architectures[Group(i)]));
        int Group(int i) => index[space.Canonical(labels.Architectures[i])];
        return new EquivalentLabels(labels, architectures, groups.Select(g => g.ToArray()).ToList());
    }

    /// <summary>The CSV line of the first row of merged architecture <paramref name="distinct"/>, for messages.</summary>
    public int FirstLine(int distinct) => _groups[distinct].Min(i => _labels.RowsOfArchitecture[i].Min()); // they are CSV lines already

    /// <summary>The merged architecture (index into <see cref="Architectures"/>) of each label as written.</summary>
    public int[] GroupOfLabel()
    {
        var group = new int[_labels.Architectures.Count];
        for (var g = 0; g < _groups.Length; g++)
            foreach (var i in _groups[g]) group[i] = g;
        return group;
    }

    /// <summary>A metric column averaged over each group (null when a member has no value): what predictors train on.</summary>
    public double?[] Metric(string column) => Aggregate(column, g => g.Average());

    /// <summary>A metric column's largest value in each group (null when a member has no value): what a budget on
    /// a merged network is checked against when no row writes it in its canonical form (equivalent cells are
    /// separate measurements, and the one that still executes its dead ops is the slower one); a labelled row
    /// itself is checked against its own measurement.</summary>
    public double?[] WorstMetric(string column) => Aggregate(column, g => g.Max());

    private double?[] Aggregate(string column, System.Func<IEnumerable<double>, double> combine)
    {
        var values = _labels.Metric(column);
        return _groups.Select(g => g.All(i => values[i] is not null) ? combine(g.Select(i => values[i]!.Value)) : (double?)null).ToArray();
    }
}

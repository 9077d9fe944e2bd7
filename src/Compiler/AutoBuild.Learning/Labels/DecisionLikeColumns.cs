using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Runtime;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Learning.Labels;

/// <summary>Columns that the reader takes as metrics (every column that is not a decision, <c>arch</c> or used by the
/// target) but that look like architecture decisions: a misspelt decision of this space, or a choice such as
/// <c>resolution</c> or <c>depth</c> that the labels vary and the spec does not have. Such a column is warned about
/// (AB2024), because taking it as a metric silently hides that the labels describe architectures the spec cannot
/// express (labels from another space, or a spec that lacks a decision).</summary>
internal static class DecisionLikeColumns
{
    /// <summary>Words that name architecture choices in the spaces people search (CNN stages, cells, transformers).
    /// Not "op": derived columns such as NAS-Bench-201's <c>no_dead_ops</c> are properties, not choices.</summary>
    private static readonly HashSet<string> ChoiceWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "resolution", "res", "image", "input", "depth", "depths", "kernel", "kernels", "ks", "expand", "expansion", "ratio", "width",
        "mult", "channels", "channel", "stride", "edge", "layer", "layers", "block", "blocks", "stage",
        "cell", "heads", "head", "embed", "ffn", "hidden",
    };

    /// <summary>A choice takes at most this many distinct values; a metric almost always more.</summary>
    private const int MaxChoiceValues = 16;

    public static IEnumerable<(int Column, string Message)> Find(SearchSpace space, IReadOnlyList<string> header, IReadOnlyList<int> metricColumns,
        IReadOnlyList<CsvRecord> rows)
    {
        var decisions = space.Decisions.Select(d => d.Name).ToList();
        foreach (var c in metricColumns)
        {
            var name = header[c];
            var values = DistinctValues(rows, c);
            if (values is null || values.Count == 0) continue;
            // A misspelt decision: a name close to a decision's whose values are all that decision's values.
            var near = NameSuggestions.Nearest(name, decisions);
            var decision = near is null ? null : space.Decisions.First(d => d.Name == near);
            if (decision is not null && values.All(v => decision.IndexOf(v) >= 0))
            {
                yield return (c, $"column '{name}' is read as a metric, but its name is close to a decision of {space.Name} (did you mean '{near}'?) and its values are that decision's; decision columns must match the spec's names exactly");
                continue;
            }
            if (!Words(name).Any(ChoiceWords.Contains) || values.Count > MaxChoiceValues || rows.Count < 2 * values.Count) continue;
            var shown = string.Join(", ", values.Take(6)) + (values.Count > 6 ? ", ..." : "");
            yield return (c, string.Format(CultureInfo.InvariantCulture,
                "column '{0}' is read as a metric, but it looks like an architecture decision that {1} does not have ({2} distinct values over {3} rows: {4}); if the labels vary it, add it to the spec, else rename the column or ignore this warning",
                name, space.Name, values.Count, rows.Count, shown));
        }
    }

    /// <summary>The words of a column name: split at separators, digits and lower-to-upper case changes.</summary>
    private static IEnumerable<string> Words(string name)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            var boundary = !char.IsLetter(ch) || (i > 0 && char.IsUpper(ch) && char.IsLower(name[i - 1]));
            if (boundary && word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
            if (char.IsLetter(ch)) word.Append(ch);
        }
        if (word.Length > 0) yield return word.ToString();
    }

    /// <summary>The column's distinct non-empty values in first-seen order, or null once there are too many to be a choice.</summary>
    private static List<string>? DistinctValues(IReadOnlyList<CsvRecord> rows, int column)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in rows)
        {
            if (column >= row.Fields.Count) continue;
            var v = row.Fields[column].Value.Trim();
            if (v.Length == 0 || !seen.Add(v)) continue;
            order.Add(v);
            if (order.Count > MaxChoiceValues) return null;
        }
        return order;
    }
}

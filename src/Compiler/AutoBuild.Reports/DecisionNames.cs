using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace AutoBuild.Reports;

/// <summary>
/// Reads structure out of decision names (DESIGN.md: dotted paths such as <c>s1.l2.kernel</c> in macro spaces,
/// <c>edge_01</c> … <c>edge_23</c> in cell spaces), so that modules and cells can be drawn as chains and DAGs.
/// </summary>
internal static partial class DecisionNames
{
    [GeneratedRegex(@"(?:^|\.)edge_?(\d)_?(\d)$|(?:^|\.)edge_(\d+)_(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex EdgePattern();

    /// <summary>The (from, to) nodes of a cell-edge decision such as <c>edge_02</c> or <c>cell.edge_1_3</c>.</summary>
    public static bool TryParseEdge(string name, out int from, out int to)
    {
        from = to = -1;
        var m = EdgePattern().Match(name);
        if (!m.Success) return false;
        var a = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[3].Value;
        var b = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[4].Value;
        from = int.Parse(a, CultureInfo.InvariantCulture);
        to = int.Parse(b, CultureInfo.InvariantCulture);
        return from < to;
    }

    /// <summary>Row of the stage × choice heat map: the stage of a dotted name, the name itself otherwise.</summary>
    public static string Group(string name)
    {
        var dot = name.IndexOf('.');
        return dot > 0 ? name.Substring(0, dot) : name;
    }

    /// <summary>What a decision chooses, without its stage and layer: <c>s1.l2.kernel</c> → <c>kernel</c>.</summary>
    public static string Attribute(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name.Substring(dot + 1) : name;
    }

    /// <summary>
    /// The blocks of a module or architecture in network order, each as text lines: decisions of one layer
    /// (<c>s1.l2.kernel</c>, <c>s1.l2.expand</c>) form one block ("l2", "k5 e6"); a stage-level or plain decision
    /// is a block of its own ("depth", "3"); a cell edge is "0→2" with its op.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Chain(IReadOnlyDictionary<string, string> decisions)
    {
        var blocks = new List<(string Key, IReadOnlyList<string> Lines)>();
        foreach (var layer in decisions.Keys.Where(k => k.Split('.').Length >= 3).GroupBy(k => k.Substring(0, k.LastIndexOf('.'))))
        {
            var attrs = layer.OrderBy(k => k, NaturalComparer.Instance).ToList();
            var initials = attrs.Select(a => Attribute(a)[..1]).ToList();
            var unique = initials.Distinct(StringComparer.Ordinal).Count() == initials.Count;
            var text = string.Join(" ", attrs.Select(a => (unique ? Attribute(a)[..1] : Attribute(a) + " ") + decisions[a]));
            blocks.Add((layer.Key, new[] { Attribute(layer.Key), text }));
        }
        foreach (var name in decisions.Keys.Where(k => k.Split('.').Length < 3))
        {
            if (TryParseEdge(name, out var from, out var to))
                blocks.Add((name, new[] { from.ToString(CultureInfo.InvariantCulture) + "→" + to.ToString(CultureInfo.InvariantCulture), decisions[name] }));
            else
                blocks.Add((name, new[] { Attribute(name), decisions[name] }));
        }
        // Stage-level decisions (s1.depth) sort before the layers of the stage because "depth" < "l1".
        return blocks.OrderBy(b => b.Key, NaturalComparer.Instance).Select(b => b.Lines).ToList();
    }

    /// <summary>A compact one-line text of a set of decisions, in network order.</summary>
    public static string Compact(IReadOnlyDictionary<string, string> decisions) =>
        string.Join(" | ", Chain(decisions).Select(lines => string.Join(" ", lines)));
}

/// <summary>Ordinal comparison that orders runs of digits by value (l2 before l10), deterministic in every culture.</summary>
internal sealed class NaturalComparer : IComparer<string>
{
    public static readonly NaturalComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var si = i; while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                var sj = j; while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                var a = x.AsSpan(si, i - si).TrimStart('0');
                var b = y.AsSpan(sj, j - sj).TrimStart('0');
                if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
                var c = a.SequenceCompareTo(b);
                if (c != 0) return c;
                continue;
            }
            if (x[i] != y[j]) return x[i].CompareTo(y[j]);
            i++;
            j++;
        }
        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }
}

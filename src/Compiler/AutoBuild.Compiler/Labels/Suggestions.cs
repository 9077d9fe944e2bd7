using System;
using System.Collections.Generic;

namespace AutoBuild.Compiler.Labels;

/// <summary>Message helpers: short lists and "did you mean" hints.</summary>
internal static class Suggestions
{
    /// <summary>"a, b, c" or "a, b, ... (12 in all)".</summary>
    public static string List(IReadOnlyList<string> items, int max)
    {
        if (items.Count <= max) return string.Join(", ", items);
        var head = new string[max];
        for (var i = 0; i < max; i++) head[i] = items[i];
        return string.Join(", ", head) + ", ... (" + items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " in all)";
    }

    /// <summary>" (did you mean 'x'?)" for the closest candidate within a small edit distance, else "".</summary>
    public static string DidYouMean(string value, IReadOnlyList<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = string.Equals(c, value, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(value, c);
            if (d < bestDistance) { best = c; bestDistance = d; }
        }
        var limit = Math.Max(1, value.Length / 3);
        return best is not null && bestDistance <= limit && !string.Equals(best, value, StringComparison.Ordinal) ? $" (did you mean '{best}'?)" : "";
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

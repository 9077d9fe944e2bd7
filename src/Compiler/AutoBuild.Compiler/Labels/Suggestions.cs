using System;
using System.Collections.Generic;
using System.Globalization;

namespace AutoBuild.Compiler.Labels;

/// <summary>Message helpers shared by the labels reader and the spec front end: short lists and "did you mean" hints.</summary>
internal static class Suggestions
{
    /// <summary>"a, b, c" or "a, b, ... (12 in all)".</summary>
    public static string List(IReadOnlyList<string> items, int max)
    {
        if (items.Count <= max) return string.Join(", ", items);
        var head = new string[max];
        for (var i = 0; i < max; i++) head[i] = items[i];
        return string.Join(", ", head) + ", ... (" + items.Count.ToString(CultureInfo.InvariantCulture) + " in all)";
    }

    /// <summary>" (did you mean 'x'?)" for the closest candidate within a small edit distance (case ignored), else "".
    /// Not for numbers: '256' is not a misspelling of '224'.</summary>
    public static string DidYouMean(string value, IReadOnlyList<string> candidates)
    {
        var hasLetter = false;
        foreach (var c in value) hasLetter |= char.IsLetter(c);
        if (!hasLetter) return "";
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = Distance(value, c);
            if (d < bestDistance) { best = c; bestDistance = d; }
        }
        var limit = Math.Max(1, value.Length / 3);
        return best is not null && bestDistance <= limit && !string.Equals(best, value, StringComparison.Ordinal) ? $" (did you mean '{best}'?)" : "";
    }

    /// <summary>Levenshtein distance, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue / 2;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

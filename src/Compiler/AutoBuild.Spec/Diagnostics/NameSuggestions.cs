using System;
using System.Collections.Generic;

namespace AutoBuild.Spec.Diagnostics;

/// <summary>The edit-distance rule behind every "did you mean" in AutoBuild's messages (spec keys and ops, label
/// values and columns), so a misspelling gets the same suggestion wherever it is made.</summary>
public static class NameSuggestions
{
    /// <summary>"did you mean 'kernel'?" for the closest known name, else the list of known names.</summary>
    public static string Suggest(string name, IReadOnlyCollection<string> known)
    {
        if (Nearest(name, known) is { } near) return $"did you mean '{near}'?";
        var list = new List<string>(known);
        list.Sort(StringComparer.Ordinal);
        return list.Count == 0 ? "nothing is allowed here" : "expected one of: " + string.Join(", ", list);
    }

    /// <summary>The known name close enough to be the one meant (the rule of <see cref="Suggest"/>), or null.</summary>
    public static string? Nearest(string name, IReadOnlyCollection<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            var d = Distance(name, k);
            if (d < bestDistance || (d == bestDistance && string.CompareOrdinal(k, best) < 0))
            {
                best = k;
                bestDistance = d;
            }
        }
        return best is not null && bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

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

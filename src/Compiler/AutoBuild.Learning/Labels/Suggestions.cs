using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Learning.Labels;

/// <summary>Message helpers of the labels reader: short lists and "did you mean" hints.</summary>
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

    /// <summary>" (did you mean 'x'?)" for the closest candidate, by the spec front end's edit-distance rule
    /// (<see cref="NameSuggestions.Nearest"/>, which therefore must not call back into this class), else "".
    /// Not for numbers: '256' is not a misspelling of '224'.</summary>
    public static string DidYouMean(string value, IReadOnlyList<string> candidates)
    {
        var hasLetter = false;
        foreach (var c in value) hasLetter |= char.IsLetter(c);
        if (!hasLetter) return "";
        return NameSuggestions.Nearest(value, candidates) is { } near ? $" (did you mean '{near}'?)" : "";
    }
}

using System.Collections.Generic;
using System.Numerics;

namespace AutoBuild.Runtime;

// Enumeration of small spaces.
public sealed partial class SearchSpace
{
    /// <summary>Whether the space has at most <paramref name="limit"/> architectures, so that
    /// <see cref="Enumerate"/> finishes in reasonable time.</summary>
    public bool CanEnumerate(long limit) => Size <= limit;

    /// <summary>Every architecture exactly once, lazily, in canonical order: lexicographic by choice index with the
    /// first decision varying slowest (decisions in declaration order; a controller declared after a decision it
    /// controls is visited first). Check <see cref="CanEnumerate"/> before enumerating a space of unknown size.</summary>
    public IEnumerable<Architecture> Enumerate()
    {
        var order = Structure.Order;
        var choices = new int[Decisions.Count];
        ResetFrom(order, 0, choices);
        while (true)
        {
            if (!HasStructuralConstraints || DagProblem(choices) is null) yield return new Architecture(this, choices);
            var i = order.Length - 1;
            while (i >= 0 && (choices[order[i]] < 0 || choices[order[i]] == Decisions[order[i]].Values.Count - 1)) i--;
            if (i < 0) yield break;
            choices[order[i]]++;
            ResetFrom(order, i + 1, choices);
        }
    }

    /// <summary>Sets every decision from position <paramref name="start"/> of the order to its first value when
    /// active, to -1 when not (controllers come first in the order, so their values are already final).</summary>
    private void ResetFrom(int[] order, int start, int[] choices)
    {
        for (var j = start; j < order.Length; j++)
            choices[order[j]] = IsActive(order[j], choices) ? 0 : -1;
    }

    /// <summary>The number of architectures as a long, or null when it does not fit.</summary>
    public long? SizeAsLong => Size <= long.MaxValue ? (long)Size : null;
}

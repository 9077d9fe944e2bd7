using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Spec.Results;

/// <summary>The Pareto front of (cost, target) points when cost is minimised and the target maximised. The build
/// keeps every front point in the results' <c>labelled</c> summary; the report draws the front.</summary>
public static class Pareto
{
    /// <summary>The non-dominated points, by increasing cost (and increasing target). Non-finite points are ignored.</summary>
    public static IReadOnlyList<T> Front<T>(IEnumerable<T> points, System.Func<T, double> cost, System.Func<T, double> target)
    {
        var front = new List<T>();
        var best = double.NegativeInfinity;
        foreach (var p in points.Where(p => Finite(cost(p)) && Finite(target(p)))
                     .OrderBy(cost).ThenByDescending(target))
        {
            if (target(p) <= best) continue;
            front.Add(p);
            best = target(p);
        }
        return front;
    }

    private static bool Finite(double x) => !double.IsNaN(x) && !double.IsInfinity(x); // netstandard2.0 has no double.IsFinite
}

using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Reports;

/// <summary>The Pareto front of (cost, target) points when cost is minimised and the target maximised.</summary>
internal static class Pareto
{
    /// <summary>The non-dominated points, by increasing cost (and increasing target). Non-finite points are ignored.</summary>
    public static IReadOnlyList<T> Front<T>(IEnumerable<T> points, System.Func<T, double> cost, System.Func<T, double> target)
    {
        var front = new List<T>();
        var best = double.NegativeInfinity;
        foreach (var p in points.Where(p => double.IsFinite(cost(p)) && double.IsFinite(target(p)))
                     .OrderBy(cost).ThenByDescending(target))
        {
            if (target(p) <= best) continue;
            front.Add(p);
            best = target(p);
        }
        return front;
    }
}

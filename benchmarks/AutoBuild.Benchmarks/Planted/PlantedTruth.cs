using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks.Planted;

/// <summary>What is exactly known about one planted metric: the noiseless value of any architecture, the true
/// marginal mean of every (decision, value) under the space's sampling distribution (the mean of the noiseless
/// value over the architectures in which the decision is active with that value), and the true optimum.</summary>
public sealed class PlantedTruth
{
    private readonly Func<Architecture, double> _value;

    public PlantedTruth(SearchSpace space, string metric, Func<Architecture, double> value, double[][] marginalMeans,
        Architecture optimum, bool higherIsBetter)
    {
        Space = space; Metric = metric; _value = value; MarginalMeans = marginalMeans; Optimum = optimum;
        HigherIsBetter = higherIsBetter;
    }

    public SearchSpace Space { get; }
    /// <summary>The labels column this metric is written to.</summary>
    public string Metric { get; }
    /// <summary>True for accuracy-like metrics; false for costs (latency), whose optimum is the minimum.</summary>
    public bool HigherIsBetter { get; }
    /// <summary>[decision][value]: the true marginal mean; NaN for a value that is never active.</summary>
    public double[][] MarginalMeans { get; }
    /// <summary>The architecture with the best noiseless value (highest, or lowest for a cost).</summary>
    public Architecture Optimum { get; }
    public double OptimumValue => _value(Optimum);

    /// <summary>The noiseless value (labels add zero-mean noise to it).</summary>
    public double Value(Architecture architecture) => _value(architecture);

    public double MarginalMean(string decision, string value)
    {
        var d = Space.IndexOfDecision(decision);
        if (d < 0) throw new ArgumentException($"no decision '{decision}'");
        var v = Space.Decisions[d].IndexOf(value);
        if (v < 0) throw new ArgumentException($"decision '{decision}' has no value '{value}'");
        return MarginalMeans[d][v];
    }

    /// <summary>Every (decision, value) with a defined marginal mean, in declaration order.</summary>
    public IEnumerable<(int Decision, int Value, double Mean)> Marginals()
    {
        for (var d = 0; d < MarginalMeans.Length; d++)
            for (var v = 0; v < MarginalMeans[d].Length; v++)
                if (!double.IsNaN(MarginalMeans[d][v])) yield return (d, v, MarginalMeans[d][v]);
    }

    /// <summary>The values of a decision, best marginal mean first (ties: declaration order).</summary>
    public int[] Order(int decision) =>
        Enumerable.Range(0, MarginalMeans[decision].Length).Where(v => !double.IsNaN(MarginalMeans[decision][v]))
            .OrderByDescending(v => MarginalMeans[decision][v]).ThenBy(v => v).ToArray();
}

/// <summary>One labelled row: an architecture and its noisy metric values, one per <see cref="PlantedSpace.Truths"/>.</summary>
public sealed record PlantedRow(Architecture Architecture, double[] Values);

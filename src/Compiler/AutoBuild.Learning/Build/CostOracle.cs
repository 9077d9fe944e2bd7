using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Predictor;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Cost;

namespace AutoBuild.Learning.Build;

/// <summary>The costs the budgets are checked against. Params and FLOPs come from the exact cost model. Latency
/// is the measured column for labelled architectures and, for the others, the latency prediction plus a
/// calibrated margin (the conformal 90 % quantile of its residuals), so an unmeasured architecture passes only
/// when it fits with that confidence. Under a latency budget the prediction is the mean of cross-fitted latency
/// members, trained on the labels as written (latency belongs to the architecture as written, dead ops included),
/// and the residuals are every such label's out-of-fold ones (<see cref="BuildOptions.LatencyMembers"/>); the
/// measured latencies of earlier rounds' candidates are labels like any other.</summary>
internal sealed class CostOracle
{
    /// <summary>Resource names in budget order.</summary>
    public static readonly string[] ResourceNames = { "params", "FLOPs", "latency" };
    public const double LatencyConfidence = 0.9;
    /// <summary>A candidate to measure next needs at least this probability of fitting the budgets
    /// (<see cref="FitProbability"/>): a measurement settles its latency, so the 90 % margin would only keep the
    /// candidates away from the budget's edge, where the best architectures within it usually are.</summary>
    public const double CandidateFitProbability = 0.5;

    private readonly SearchSpace _space;
    private readonly GraphEncoder _encoder;
    private readonly double?[] _limits; // params, FLOPs, latency; null = no budget
    private readonly TrainedPredictor? _latency;
    private readonly IReadOnlyDictionary<Architecture, double> _measuredLatency;
    private readonly Dictionary<Architecture, (long Params, long Flops)> _exact = new();
    private readonly Dictionary<Architecture, double> _predictedLatency = new();

    /// <param name="members">Cross-fitted latency members (null: the single latency predictor predicts and its
    /// held-out labels calibrate); with them, their mean predicts and the out-of-fold residuals of every label in
    /// <paramref name="latencyTargets"/> calibrate.</param>
    public CostOracle(SearchSpace space, GraphEncoder encoder, BuildOptions options, TrainedPredictor? latency,
        IReadOnlyDictionary<Architecture, double> measuredLatency, Evidence? members = null, double[]? latencyTargets = null)
    {
        _space = space; _encoder = encoder; _latency = latency; _measuredLatency = measuredLatency;
        _limits = new[] { options.MaxParams, options.MaxFlops, options.MaxLatency };
        if (latency is not null && members?.OutOfFold is { } outOfFold && latencyTargets is not null)
        {
            _members = members;
            LatencyTargets = latencyTargets;
            LatencyResidualCount = outOfFold.Length;
            _latencyResiduals = latencyTargets.Select((t, i) => t - outOfFold[i]).OrderBy(r => r).ToArray();
        }
        else
        {
            LatencyResidualCount = latency?.Metrics.TestPairs.Count ?? 0;
            _latencyResiduals = latency?.Metrics.TestPairs.Select(p => p.Measured - p.Predicted).OrderBy(r => r).ToArray() ?? Array.Empty<double>();
        }
        LatencyMargin = latency is null || options.MaxLatency is null ? 0 : Margin(_latencyResiduals);
    }

    private readonly Evidence? _members;
    /// <summary>The cross-fitted latency members behind predicted latencies (null without them).</summary>
    internal Evidence? LatencyMembers => _members;
    /// <summary>The labels' latencies the members' residuals are taken against (null without latency members).</summary>
    internal double[]? LatencyTargets { get; }
    private readonly double[] _latencyResiduals; // out-of-fold (or held-out) residuals of the latency prediction, ascending

    /// <summary>How many residuals calibrate predicted latencies: every label's with cross-fitted latency members,
    /// else the latency predictor's held-out labels.</summary>
    public int LatencyResidualCount { get; }

    /// <summary>Added to predicted latencies before they are compared with the budget.</summary>
    public double LatencyMargin { get; }
    public bool HasBudgets => _limits.Any(l => l is not null);
    /// <summary>The budgets in resource order (params, FLOPs, latency), only those given.</summary>
    public double[] Budgets => _limits.OfType<double>().ToArray();
    public string[] BudgetNames => ResourceNames.Where((_, r) => _limits[r] is not null).ToArray();

    /// <summary>The smallest upper residual bound covering <see cref="LatencyConfidence"/> of the held-out points
    /// (never negative: a predictor that over-estimates gets no discount).</summary>
    private static double Margin(double[] residuals)
    {
        if (residuals.Length == 0) return 0;
        var k = Math.Min(residuals.Length, (int)Math.Ceiling(LatencyConfidence * (residuals.Length + 1)));
        return Math.Max(0, residuals[k - 1]);
    }

    public (long Params, long Flops) Exact(Architecture a)
    {
        if (_exact.TryGetValue(a, out var c)) return c;
        var plan = _space.Instantiate(a); // once for both numbers
        return _exact[a] = (CostModel.Params(plan), CostModel.Flops(plan));
    }

    /// <summary>Measured latency when labelled, else the prediction (without margin); null without a latency predictor.</summary>
    public double? Latency(Architecture a) => LatencyOf(new[] { a })[0];

    public bool LatencyMeasured(Architecture a) => _measuredLatency.ContainsKey(a);

    private double?[] LatencyOf(IReadOnlyList<Architecture> architectures)
    {
        if (_latency is null) return architectures.Select(a => _measuredLatency.TryGetValue(a, out var m) ? m : (double?)null).ToArray();
        var missing = architectures.Where(a => !_measuredLatency.ContainsKey(a) && !_predictedLatency.ContainsKey(a)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var p = _members?.Predict(missing) ?? _latency.Predict(missing.Select(_encoder.Encode).ToArray());
            for (var i = 0; i < missing.Count; i++) _predictedLatency[missing[i]] = p[i];
        }
        return architectures.Select(a => _measuredLatency.TryGetValue(a, out var m) ? m : (double?)_predictedLatency[a]).ToArray();
    }

    /// <summary>Cost vectors in <see cref="Budgets"/> order; predicted latencies include the margin.</summary>
    public double[][] Costs(IReadOnlyList<Architecture> architectures)
    {
        var latency = _limits[2] is null ? null : LatencyOf(architectures);
        var result = new double[architectures.Count][];
        for (var i = 0; i < architectures.Count; i++)
        {
            var list = new List<double>(3);
            if (_limits[0] is not null) list.Add(Exact(architectures[i]).Params);
            if (_limits[1] is not null) list.Add(Exact(architectures[i]).Flops);
            if (latency is not null)
                list.Add(latency[i]!.Value + (LatencyMeasured(architectures[i]) ? 0 : LatencyMargin));
            result[i] = list.ToArray();
        }
        return result;
    }

    public bool[] Feasible(IReadOnlyList<Architecture> architectures)
    {
        var budgets = Budgets;
        return Costs(architectures).Select(c => c.Select((x, r) => x <= budgets[r]).All(ok => ok)).ToArray();
    }

    /// <summary>The probability that each architecture fits every budget: 0 or 1 when its costs are known (params,
    /// FLOPs, measured latency); for a predicted latency, the conformal share of the latency predictor's held-out
    /// residuals r with prediction + r within the budget, k/(n + 1) (with no residuals: whether the prediction fits);
    /// 0 when the prediction itself is over the budget. Every architecture that <see cref="Feasible"/> accepts has at
    /// least <see cref="LatencyConfidence"/>.</summary>
    public double[] FitProbability(IReadOnlyList<Architecture> architectures)
    {
        var latency = _limits[2] is null ? null : LatencyOf(architectures);
        var result = new double[architectures.Count];
        for (var i = 0; i < architectures.Count; i++)
        {
            var a = architectures[i];
            if ((_limits[0] is double maxParams && Exact(a).Params > maxParams) || (_limits[1] is double maxFlops && Exact(a).Flops > maxFlops)) continue;
            if (latency is null) { result[i] = 1; continue; }
            var room = _limits[2]!.Value - latency[i]!.Value;
            if (LatencyMeasured(a) || _latencyResiduals.Length == 0) { result[i] = room >= 0 ? 1 : 0; continue; }
            // No credit beyond the prediction: a predicted latency over the budget never fits with a positive
            // probability, however often the labels' latencies came in under their predictions. The candidates are
            // picked for a high predicted accuracy out of many proposals, and architectures that are more accurate
            // than predicted tend to be slower than predicted too (audit, session 11: on a 3.3·10^34 space all ten
            // round-1 candidates were predicted 0.1–0.7 % over the budget, "probable" by such residuals, and all
            // truly 0.6–3 % over); the residuals of the labels carry no such selection.
            if (room < 0) continue;
            var k = 0;
            while (k < _latencyResiduals.Length && _latencyResiduals[k] <= room) k++;
            result[i] = Math.Max(room >= LatencyMargin ? LatencyConfidence : 0, (double)k / (_latencyResiduals.Length + 1));
        }
        return result;
    }

    /// <summary>How the budget check of an architecture was decided: null without budgets; "exact" when only
    /// params/FLOPs are budgeted; "measured" or "predicted" for a latency budget.</summary>
    public string? Basis(Architecture a) =>
        !HasBudgets ? null : _limits[2] is null ? "exact" : LatencyMeasured(a) ? "measured" : "predicted";

    /// <summary>The AB4001 message: each budget with the smallest value seen, which is then truly over it.</summary>
    public string InfeasibleMessage(string space, double[]? smallest)
    {
        var names = BudgetNames;
        var budgets = Budgets;
        var parts = new List<string>();
        for (var r = 0; r < names.Length; r++)
            parts.Add(smallest is null
                ? string.Format(CultureInfo.InvariantCulture, "max {0} {1}", names[r], budgets[r])
                : string.Format(CultureInfo.InvariantCulture, "max {0} {1} (the smallest found is {2}{3})", names[r], budgets[r],
                    Math.Round(smallest[r], 6), names[r] == "latency" && LatencyMargin > 0
                        ? string.Format(CultureInfo.InvariantCulture, ", predicted latencies including a margin of {0}", Math.Round(LatencyMargin, 6)) : ""));
        return $"no architecture of {space} satisfies the budget: {string.Join(", ", parts)}; raise the budget";
    }
}

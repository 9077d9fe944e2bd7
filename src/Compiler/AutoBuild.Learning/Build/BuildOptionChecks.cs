using System.Collections.Generic;
using System.Globalization;

namespace AutoBuild.Learning.Build;

/// <summary>
/// The one home of the option rules of <see cref="BuildOptions"/> that need no input: ranges, and options that need
/// each other. The CLI checks them before reading any file, and every build checks them again before any work, so a
/// bad value is one AB4005 line naming the option (never an exception deep in training). Limits: docs/diagnostics.md.
/// </summary>
public static class BuildOptionChecks
{
    public const int MaxHidden = 4096, MaxLayers = 32, MaxEpochs = 100_000, MaxBatch = 1_000_000, MaxEnsemble = 64;

    /// <summary>One message per option out of range ("--hidden must be an integer in 1..4096, not 0"); empty when all are fine.</summary>
    public static IReadOnlyList<string> Problems(BuildOptions o)
    {
        var problems = new List<string>();
        void Int(string name, int? value, int min, int max)
        {
            if (value is int v && (v < min || v > max))
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be an integer in {min}..{max}, not {v}"));
        }
        void Positive(string name, double? value, double max)
        {
            if (value is double v && !(v > 0 && v <= max)) // also rejects NaN and infinity
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be a number greater than 0 and at most {max:G}, not {v:G}"));
        }
        void Require(bool ok, string message) { if (!ok) problems.Add(message); }
        Int("--hidden", o.Hidden, 1, MaxHidden);
        Int("--layers", o.Layers, 1, MaxLayers);
        Int("--epochs", o.Epochs, 1, MaxEpochs);
        // A mini-batch of one graph has no rank and no batch statistics, so the trainer refuses it (found by the fuzz test).
        Int("--batch", o.Batch, 2, MaxBatch);
        Int("--top-k", o.TopK, 1, int.MaxValue);
        Int("--ensemble", o.Ensemble, 1, MaxEnsemble);
        Positive("--lr", o.LearningRate, 10);
        Positive("--max-flops", o.MaxFlops, double.MaxValue);
        Positive("--max-params", o.MaxParams, double.MaxValue);
        Positive("--max-latency", o.MaxLatency, double.MaxValue);
        Int("--trust-radius", o.TrustRadius, 0, int.MaxValue);
        Int("--trust-anchors", o.TrustAnchors, 0, int.MaxValue);
        Int("--candidates", o.Candidates, 0, int.MaxValue);
        Int("--labelled-points", o.LabelledPoints, 0, int.MaxValue);
        Int("the number of best architectures", o.BestCount, 1, int.MaxValue);
        Require(o.Confidence > 0 && o.Confidence < 1, "--confidence must be a probability strictly between 0 and 1");
        Require(o.MaxLatency is null || !string.IsNullOrEmpty(o.LatencyColumn), "--max-latency needs --latency-column, the labels column the latency predictor learns");
        return problems;
    }
}

using System.Collections.Generic;
using System.Globalization;

namespace AutoBuild.Learning.Build;

/// <summary>
/// The ranges of the numeric <see cref="BuildOptions"/>, checked before any work so that a bad value is one AB4005
/// line naming the option (never an exception deep in training). The limits are documented in docs/cli.md.
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
            if (value is double v && !(v > 0 && v <= max)) // also rejects NaN
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be a number greater than 0 and at most {max:G}, not {v:G}"));
        }
        Int("--hidden", o.Hidden, 1, MaxHidden);
        Int("--layers", o.Layers, 1, MaxLayers);
        Int("--epochs", o.Epochs, 1, MaxEpochs);
        Int("--batch", o.Batch, 1, MaxBatch);
        Int("--top-k", o.TopK, 1, int.MaxValue);
        Int("--ensemble", o.Ensemble, 1, MaxEnsemble);
        Positive("--lr", o.LearningRate, 10);
        Positive("--max-flops", o.MaxFlops, double.MaxValue);
        Positive("--max-params", o.MaxParams, double.MaxValue);
        Positive("--max-latency", o.MaxLatency, double.MaxValue);
        return problems;
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Reflection;

namespace AutoBuild.Training;

/// <summary>The measured columns that `autobuild evaluate` appends to an architecture's row. One row is the whole result
/// of training one architecture, self-describing (architecture id, seed, recipe, tool version), so rows made on other
/// machines or by other tasks (one file per task, <see cref="LabelCollection.WriteRowFile"/>) can be merged and checked.</summary>
public sealed record EvaluationRow(string ArchitectureId, int Seed, double ValidationAccuracy, double TrainSeconds, double LatencyMs, long Parameters,
    string Recipe, string ToolVersion)
{
    /// <summary>Column names, in the order they are appended. <c>val_acc</c> decides whether a row is finished.</summary>
    public static IReadOnlyList<string> Columns { get; } = new[] { "arch_id", "seed", "val_acc", "train_seconds", "latency_ms", "params", "recipe", "tool_version" };

    public const string FinishedColumn = "val_acc";
    public const string SeedColumn = "seed";
    public const string RecipeColumn = "recipe";

    /// <summary>The version of AutoBuild.Training that measured a row (its informational version).</summary>
    public static string CurrentToolVersion { get; } =
        typeof(EvaluationRow).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(EvaluationRow).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The values in <see cref="Columns"/> order, invariant culture. Accuracy and parameters are exact; the two
    /// times are measurements (the only values that differ between two runs of the same seed).</summary>
    public IReadOnlyList<string> Values() => new[]
    {
        ArchitectureId,
        Seed.ToString(CultureInfo.InvariantCulture),
        ValidationAccuracy.ToString("R", CultureInfo.InvariantCulture),
        TrainSeconds.ToString("0.###", CultureInfo.InvariantCulture),
        LatencyMs.ToString("0.####", CultureInfo.InvariantCulture),
        Parameters.ToString(CultureInfo.InvariantCulture),
        Recipe,
        ToolVersion,
    };
}

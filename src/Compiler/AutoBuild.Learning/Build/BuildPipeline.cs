using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec.Results;
using AutoBuild.Spec;
using AutoBuild.Learning.Construction;
using AutoBuild.Learning.Predictor;
using AutoBuild.Learning.Scoring;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Cost;

namespace AutoBuild.Learning.Build;

/// <summary>A step of the build, for progress display.</summary>
public readonly record struct BuildProgress(string Step, int Done, int Total);

/// <summary>The outcome of a build: the results (null when an error stopped it) and every diagnostic.</summary>
public sealed class BuildOutcome
{
    public BuildOutcome(AutoBuildResult? result, IReadOnlyList<Diagnostic> diagnostics, double trainSeconds,
        Func<IReadOnlyList<Architecture>, double[]>? predict = null, IReadOnlyList<ScoredModule>? modules = null, BuildTimings? timings = null)
    {
        Result = result; Diagnostics = diagnostics; TrainSeconds = trainSeconds; Predict = predict;
        Modules = modules ?? Array.Empty<ScoredModule>();
        Timings = timings ?? new BuildTimings();
    }

    /// <summary>Wall time of each stage so far (the caller adds its own, e.g. writing the outputs).</summary>
    public BuildTimings Timings { get; }

    /// <summary>The evidence the selection used (ensemble, out-of-fold predictions), for benchmarks; null when training did not run.</summary>
    internal Evidence? Evidence { get; init; }
    /// <summary>The selection's evidence about unmeasured architectures and the cost oracle that judged budgets, for benchmarks.</summary>
    internal ImprovementEvidence? Improvement { get; init; }
    internal CostOracle? Oracle { get; init; }
    /// <summary>The target importance computed each way (<see cref="ImportanceMode"/>) from this build's predictors, for benchmarks.</summary>
    internal Func<ImportanceMode, List<ImportanceEntry>>? ImportanceBy { get; init; }

    /// <summary>Every scored module (the results keep only the top ones per group), for benchmarks.</summary>
    public IReadOnlyList<ScoredModule> Modules { get; }

    /// <summary>The trained predictor (predicted target per architecture), for benchmarks; null when training did not run.</summary>
    public Func<IReadOnlyList<Architecture>, double[]>? Predict { get; }

    public AutoBuildResult? Result { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
    /// <summary>Measured training time (always available, whether or not the results record it).</summary>
    public double TrainSeconds { get; }
}

/// <summary><c>autobuild build</c>: spec + labels → trained predictor → module scores → constructed, pruned and
/// searched architectures → <see cref="AutoBuildResult"/>. The CLI and the quality benchmark both run this.</summary>
public static class BuildPipeline
{
    /// <summary>The tool version written into the results (the assembly's informational version without build metadata).</summary>
    public static string ToolVersion
    {
        get
        {
            var v = typeof(BuildPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = v.IndexOf('+');
            return plus >= 0 ? v.Substring(0, plus) : v;
        }
    }

    /// <summary>Compiles the spec, reads the labels and builds. Never throws for bad input: errors come back as diagnostics.</summary>
    public static BuildOutcome RunFiles(string specPath, string labelsPath, BuildOptions options, IProgress<BuildProgress>? progress = null)
    {
        var timings = new BuildTimings();
        var diagnostics = new List<Diagnostic>();
        byte[] specBytes;
        try { specBytes = File.ReadAllBytes(specPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The front end words the failure as its own located diagnostic.
            return new BuildOutcome(null, SpecCompiler.CompileFile(specPath).Diagnostics, 0);
        }
        var spec = SpecCompiler.Compile(specPath, new System.Text.UTF8Encoding(false).GetString(specBytes));
        diagnostics.AddRange(spec.Diagnostics);
        if (spec.Space is null) return new BuildOutcome(null, diagnostics, 0);

        if (!TargetExpression.TryParse(options.Target, out var target, out var error, out var offset))
            return Fail(diagnostics, Diagnostic.Error(LabelCodes.TargetSyntax, $"bad target expression '{options.Target}': {error} (at character {offset + 1})", SourceLocation.File(labelsPath)));
        var labels = LabelsReader.ReadFile(spec.Space, labelsPath, target);
        diagnostics.AddRange(labels.Diagnostics);
        timings.Lap("spec and labels");
        if (labels.Labels is null) return new BuildOutcome(null, diagnostics, 0);

        if (spec.Space.Size <= 1)
            return Fail(diagnostics, Diagnostic.Error(BuildCodes.NothingToBuild,
                $"space '{spec.Space.Name}' has a single architecture, so there is nothing to learn or choose; `autobuild cost` gives its params and FLOPs", SourceLocation.File(specPath)));
        if (GraphEncoder.WhyNoEncoding(spec.Space) is { } why)
            return Fail(diagnostics, Diagnostic.Error(BuildCodes.NothingToBuild, why + "; put the choices inside a stage", SourceLocation.File(specPath)));
        foreach (var tooMany in StageConfigurations.TooManyStages(spec.Space))
            diagnostics.Add(Diagnostic.Warning(BuildCodes.TooManyStageConfigurations, tooMany, SourceLocation.File(specPath)));

        var outcome = Run(spec.Space, LabelsReader.Sha256Hex(specBytes), labels.Labels, options, progress, timings, spec.DecisionLocations);
        diagnostics.AddRange(outcome.Diagnostics);
        return new BuildOutcome(outcome.Result, diagnostics, outcome.TrainSeconds, outcome.Predict, outcome.Modules, timings) { Evidence = outcome.Evidence, Improvement = outcome.Improvement, Oracle = outcome.Oracle };
    }

    private static BuildOutcome Fail(List<Diagnostic> diagnostics, Diagnostic error)
    {
        diagnostics.Add(error);
        return new BuildOutcome(null, diagnostics, 0);
    }

    /// <summary>Builds from a compiled space and labels read with a target. <paramref name="decisionLocations"/> (the
    /// spec's <see cref="SpecResult.DecisionLocations"/>) locates diagnostics about a decision; without it they name the labels file.</summary>
    public static BuildOutcome Run(SearchSpace space, string specHash, LabelSet labels, BuildOptions options, IProgress<BuildProgress>? progress = null,
        BuildTimings? timings = null, IReadOnlyDictionary<string, SourceLocation>? decisionLocations = null)
        => new BuildRun(space, specHash, labels, options, progress, timings ?? new BuildTimings(), decisionLocations).Execute();
}

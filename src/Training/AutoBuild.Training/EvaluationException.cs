using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Training;

/// <summary>Bad input to training or label collection (a dataset, an option, the architectures CSV, the output file):
/// carries the located diagnostic that `autobuild evaluate` prints before it exits with 1.</summary>
public sealed class EvaluationException : Exception
{
    public EvaluationException(Diagnostic diagnostic) : this(new[] { diagnostic }) { }

    public EvaluationException(IReadOnlyList<Diagnostic> diagnostics) : base(string.Join("\n", diagnostics.Select(d => d.ToString())))
    {
        if (diagnostics.Count == 0) throw new ArgumentException("An evaluation error needs at least one diagnostic.", nameof(diagnostics));
        Diagnostics = diagnostics;
    }

    /// <summary>Every diagnostic, the first being the main one.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>One error diagnostic at a path (line and column 0: the file as a whole).</summary>
    public static EvaluationException At(string code, string message, string path, int line = 0, int column = 0) =>
        new(Diagnostic.Error(code, message, new SourceLocation(path, line, column)));
}

/// <summary>The AB6xxx codes of training and label collection (docs/diagnostics.md).</summary>
public static class EvaluationCodes
{
    /// <summary>`autobuild evaluate` cannot find the evaluate tool.</summary>
    public const string ToolMissing = "AB6001";
    /// <summary>The dataset cannot be read: unknown name, missing file or folder.</summary>
    public const string DataMissing = "AB6002";
    /// <summary>The dataset CSV is malformed.</summary>
    public const string DataMalformed = "AB6003";
    /// <summary>The images do not fit the spec's input, or their labels its classes.</summary>
    public const string DataMismatch = "AB6004";
    /// <summary>A training option or --index is out of range.</summary>
    public const string BadOption = "AB6005";
    /// <summary>The output holds finished rows measured with another recipe.</summary>
    public const string RecipeMismatch = "AB6006";
    /// <summary>The output cannot be written.</summary>
    public const string CannotWrite = "AB6007";
    /// <summary>An architecture of the CSV cannot be built as a network.</summary>
    public const string NotBuildable = "AB6008";
    /// <summary>A Slurm command (`sbatch`, `squeue`) cannot be found or started.</summary>
    public const string SlurmMissing = "AB6009";
    /// <summary>A Slurm command failed (the scheduler rejected the job array, or could not be queried).</summary>
    public const string SlurmFailed = "AB6010";
    /// <summary>A job-array task ended without its result row (cancelled, time limit, node failure, or an error).</summary>
    public const string TaskFailed = "AB6011";
    /// <summary>The results folder belongs to another label collection, or its manifest cannot be read.</summary>
    public const string ResultsMismatch = "AB6012";
}

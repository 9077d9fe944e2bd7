using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AutoBuild.Training.Slurm;

/// <summary>How `autobuild evaluate --slurm` asks Slurm for its job array: the sbatch resources (<c>--partition</c>,
/// <c>--time</c>, <c>--cpus-per-task</c>, <c>--gres</c>), how many tasks may run at once (<c>--array-parallel</c>, the
/// <c>%K</c> of <c>--array</c>), how many architectures one task trains (<c>--rows-per-task</c>) and how often
/// <c>--wait</c> polls the queue.</summary>
public sealed partial record SlurmOptions
{
    public string? Partition { get; init; }
    public string? Time { get; init; }
    public int? CpusPerTask { get; init; }
    public string? Gres { get; init; }
    public int? ArrayParallel { get; init; }
    public int RowsPerTask { get; init; } = 1;
    public double PollSeconds { get; init; } = 15;

    /// <summary>AB6005 for a value sbatch would reject or that could smuggle another option into its command line;
    /// <paramref name="where"/> locates the diagnostic.</summary>
    public void Check(string where)
    {
        static void Require(bool ok, string message, string where)
        {
            if (!ok) throw EvaluationException.At(EvaluationCodes.BadOption, message, where);
        }
        Require(Partition is null || NamePattern().IsMatch(Partition), $"--partition must be a partition name or a comma-separated list of them (got '{Partition}')", where);
        Require(Time is null || TimePattern().IsMatch(Time),
            $"--time must be a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS or UNLIMITED (got '{Time}')", where);
        Require(CpusPerTask is null or >= 1, $"--cpus-per-task must be at least 1 (got {CpusPerTask})", where);
        Require(Gres is null || GresPattern().IsMatch(Gres), $"--gres must be a Slurm resource list such as gpu:1 or gpu:a100:2 (got '{Gres}')", where);
        Require(ArrayParallel is null or >= 1, $"--array-parallel must be at least 1 (got {ArrayParallel})", where);
        Require(RowsPerTask >= 1, $"--rows-per-task must be at least 1 (got {RowsPerTask})", where);
        Require(double.IsFinite(PollSeconds) && PollSeconds is >= 0.2 and <= 3600,
            $"--poll must be 0.2 to 3600 seconds (got {PollSeconds.ToString("R", CultureInfo.InvariantCulture)})", where);
    }

    /// <summary>The resource options as sbatch arguments (one token each: no shell sits between us and sbatch).</summary>
    public IEnumerable<string> SbatchArguments()
    {
        if (Partition is not null) yield return "--partition=" + Partition;
        if (Time is not null) yield return "--time=" + Time;
        if (CpusPerTask is int c) yield return "--cpus-per-task=" + c.ToString(CultureInfo.InvariantCulture);
        if (Gres is not null) yield return "--gres=" + Gres;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE)$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(:[A-Za-z0-9_.\-]+)*(,[A-Za-z0-9_.\-]+(:[A-Za-z0-9_.\-]+)*)*$")]
    private static partial Regex GresPattern();
}

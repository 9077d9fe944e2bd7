using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AutoBuild.Training.Slurm;

/// <summary>One submission of the job array: its Slurm job id, the tasks it ran (array indices), when, and the sbatch
/// arguments it was submitted with (resources included).</summary>
public sealed record SlurmSubmission(string JobId, IReadOnlyList<int> Tasks, string Submitted, IReadOnlyList<string> Sbatch);

/// <summary>What a results folder was made for, so that collecting needs nothing but the folder and the same command:
/// the inputs (absolute paths), the recipe and seed every row must carry, a digest of the architectures (row order
/// included), the arguments every task passes to autobuild-evaluate, the task → rows map and every submission.</summary>
public sealed record SlurmManifest
{
    public const int CurrentFormat = 1;
    public int Format { get; init; } = CurrentFormat;
    public required string Spec { get; init; }
    public required string Archs { get; init; }
    public required string Out { get; init; }
    public required string Recipe { get; init; }
    public required int Seed { get; init; }
    public required string ToolVersion { get; init; }
    public required string Architectures { get; init; }
    public required IReadOnlyList<string> TaskArguments { get; init; }
    public required IReadOnlyList<IReadOnlyList<int>> Tasks { get; init; }
    public List<SlurmSubmission> Submissions { get; init; } = new();

    /// <summary>The submission that ran <paramref name="task"/> last, or null when it was never submitted.</summary>
    public SlurmSubmission? LastSubmissionOf(int task) => Submissions.LastOrDefault(s => s.Tasks.Contains(task));

    /// <summary>Why this manifest belongs to another collection than <paramref name="other"/>, or null when both are the same.</summary>
    public string? Difference(SlurmManifest other) =>
        Spec != other.Spec ? $"spec {Spec}"
        : Archs != other.Archs ? $"architectures CSV {Archs}"
        : Out != other.Out ? $"output {Out}"
        : Recipe != other.Recipe || Seed != other.Seed ? $"seed {Seed} and recipe '{Recipe}'"
        : Architectures != other.Architectures ? $"other architectures in {Archs} (the file changed since the submission)"
        : null;
}

/// <summary>The results folder of a Slurm label collection (docs/label-collection.md):
/// <c>manifest.json</c>, <c>task.sh</c> (the array's batch script), <c>tasks.txt</c> (line t: the rows of task t),
/// <c>rows/row-&lt;i&gt;.csv</c> (one finished row each, written atomically by the task), <c>rows/row-&lt;i&gt;.exit</c>
/// (job id and exit code of the task's last attempt at row i) and <c>logs/slurm-&lt;job&gt;_&lt;task&gt;.out</c>.</summary>
public sealed class ResultsFolder
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public ResultsFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }
    public string ManifestFile => System.IO.Path.Combine(Path, "manifest.json");
    public string TaskScript => System.IO.Path.Combine(Path, "task.sh");
    public string TasksFile => System.IO.Path.Combine(Path, "tasks.txt");
    public string RowsFolder => System.IO.Path.Combine(Path, "rows");
    public string LogsFolder => System.IO.Path.Combine(Path, "logs");

    /// <summary>The default results folder of an output CSV: <c>labels.csv</c> → <c>labels.slurm</c> beside it
    /// (<c>x.slurm</c> → <c>x.slurm.results</c>, never the output itself).</summary>
    public static string DefaultFor(string outPath)
    {
        var output = System.IO.Path.GetFullPath(outPath);
        var folder = System.IO.Path.ChangeExtension(output, ".slurm");
        return folder == output ? output + ".results" : folder;
    }

    public string RowFile(int row) => System.IO.Path.Combine(RowsFolder, "row-" + row.ToString(CultureInfo.InvariantCulture) + ".csv");
    public string ExitFile(int row) => System.IO.Path.Combine(RowsFolder, "row-" + row.ToString(CultureInfo.InvariantCulture) + ".exit");
    public string LogFile(string jobId, int task) => System.IO.Path.Combine(LogsFolder, $"slurm-{jobId}_{task.ToString(CultureInfo.InvariantCulture)}.out");

    /// <summary>The manifest, or null when the folder has none; AB6012 when it cannot be read.</summary>
    public SlurmManifest? ReadManifest()
    {
        if (!File.Exists(ManifestFile)) return null;
        try
        {
            var manifest = JsonSerializer.Deserialize<SlurmManifest>(File.ReadAllText(ManifestFile), s_json);
            if (manifest is null || manifest.Format != SlurmManifest.CurrentFormat)
                throw new JsonException($"format {manifest?.Format} is not {SlurmManifest.CurrentFormat}");
            return manifest;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw EvaluationException.At(EvaluationCodes.ResultsMismatch, $"cannot read the results folder's manifest: {e.Message}; give another --results folder", ManifestFile);
        }
    }

    public void WriteManifest(SlurmManifest manifest)
    {
        Directory.CreateDirectory(Path);
        AtomicFile.Write(ManifestFile, JsonSerializer.Serialize(manifest, s_json) + "\n");
    }

    /// <summary>Writes the batch script and the task → rows file. Array task t runs autobuild-evaluate once per row of
    /// line t+1 with <c>--index &lt;row&gt; --result-out rows/row-&lt;row&gt;.csv</c>: the one-row seam, which writes its
    /// file atomically and trains nothing when the file already holds the finished row. After each row the task records
    /// its job id and exit code, so that collection can tell an error (exit code) from a kill (no record).</summary>
    public void WriteTaskFiles(SlurmManifest manifest, IReadOnlyList<string> program)
    {
        Directory.CreateDirectory(RowsFolder);
        Directory.CreateDirectory(LogsFolder);
        AtomicFile.Write(TasksFile, string.Concat(manifest.Tasks.Select(rows => string.Join(' ', rows) + "\n")));
        var command = string.Join(' ', program.Concat(manifest.TaskArguments).Select(Quote));
        var script = new StringBuilder()
            .Append("#!/bin/bash\n")
            .Append("# Written by `autobuild evaluate --slurm` (docs/label-collection.md); the job array runs it once per task.\n")
            .Append("set -u\n")
            .Append("results=").Append(Quote(Path)).Append('\n')
            .Append("rows=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$results/tasks.txt\")\n")
            .Append("[ -n \"$rows\" ] || { echo \"no rows for task $SLURM_ARRAY_TASK_ID in $results/tasks.txt\" >&2; exit 1; }\n")
            .Append("status=0\n")
            .Append("for row in $rows; do\n")
            .Append("  echo \"autobuild: job ${SLURM_ARRAY_JOB_ID:-?} task $SLURM_ARRAY_TASK_ID: row $row\" >&2\n")
            .Append("  ").Append(command).Append(" --index \"$row\" --result-out \"$results/rows/row-$row.csv\"\n")
            .Append("  code=$?\n")
            .Append("  echo \"${SLURM_ARRAY_JOB_ID:-?} $code\" > \"$results/rows/.row-$row.exit.tmp\" && mv -f \"$results/rows/.row-$row.exit.tmp\" \"$results/rows/row-$row.exit\"\n")
            .Append("  echo \"autobuild: row $row: exit code $code\" >&2\n")
            .Append("  [ \"$code\" -eq 0 ] || status=$code\n")
            .Append("done\n")
            .Append("exit $status\n");
        AtomicFile.Write(TaskScript, script.ToString());
    }

    /// <summary>The exit code recorded for <paramref name="row"/> by job <paramref name="jobId"/>, or null when that job
    /// recorded none (it was killed before the row's process ended, or has not reached the row).</summary>
    public int? ExitCodeOf(int row, string jobId)
    {
        try
        {
            var parts = File.Exists(ExitFile(row)) ? File.ReadAllText(ExitFile(row)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            return parts.Length == 2 && parts[0] == jobId && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
        }
        catch (IOException) { return null; }
    }

    /// <summary>The last line Slurm itself wrote into a task's log (<c>*** JOB 42 ON node CANCELLED AT ... DUE TO TIME
    /// LIMIT ***</c>), or the last AB diagnostic of autobuild-evaluate; null when there is neither (or no log).</summary>
    public static string? ReasonIn(string log)
    {
        try
        {
            if (!File.Exists(log)) return null;
            var lines = File.ReadAllLines(log);
            return lines.LastOrDefault(l => l.Contains("*** JOB", StringComparison.Ordinal) || l.Contains("*** STEP", StringComparison.Ordinal))?.Trim()
                   ?? lines.LastOrDefault(l => l.Contains(": error AB", StringComparison.Ordinal))?.Trim();
        }
        catch (IOException) { return null; }
    }

    /// <summary>A single-quoted shell word.</summary>
    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Training.Slurm;

/// <summary>What one `autobuild evaluate --slurm` or `--collect` run is asked to do.</summary>
/// <param name="Out">The labels CSV that finished rows are merged into.</param>
/// <param name="Results">The results folder on shared storage (default: <see cref="ResultsFolder.DefaultFor"/>).</param>
/// <param name="TaskArguments">The autobuild-evaluate arguments every task passes before <c>--index</c> (absolute paths).</param>
/// <param name="Submit">Submit (or resubmit) the tasks without a result; false: only collect and report.</param>
/// <param name="Wait">Follow the array in the queue until no task of it is pending or running, then collect.</param>
public sealed record SlurmRequest(string Spec, string Archs, string Out, string? Results, IReadOnlyList<string> TaskArguments,
    bool Submit, bool Wait, SlurmOptions Options);

/// <summary>
/// Label collection as a Slurm job array (docs/label-collection.md). Every task trains its rows with the one-row seam
/// (<see cref="LabelCollection.WriteRowFile"/> through `autobuild-evaluate --index`), one result file per row in the
/// results folder; collecting merges those files into the labels CSV with <see cref="LabelCollection.Merge"/>. State
/// lives only in the results folder (<see cref="SlurmManifest"/>) and in the queue, so every run is stateless and
/// idempotent: a task that left the queue without its result file failed, and only such tasks are submitted again.
/// </summary>
public sealed class SlurmLabelCollection
{
    private readonly LabelCollection _collection;
    private readonly SlurmRequest _request;
    private readonly ResultsFolder _folder;
    private readonly TextWriter _log;

    public SlurmLabelCollection(LabelCollection collection, SlurmRequest request, TextWriter log)
    {
        _collection = collection; _request = request; _log = log;
        _folder = new ResultsFolder(request.Results ?? ResultsFolder.DefaultFor(request.Out));
    }

    /// <summary>Collects, reports, (re)submits what has no result and is not queued, optionally waits and collects again.
    /// Throws <see cref="EvaluationException"/>: AB6011 for tasks that ended without their rows and are not submitted
    /// again, AB6009/AB6010 for Slurm, AB6012 for a results folder of another collection.</summary>
    public void Run()
    {
        var manifest = Manifest();
        if (_request.Wait && !_request.Submit) Follow(manifest);
        var tasks = Survey(manifest);
        if (_request.Submit)
        {
            var again = tasks.Where(t => t.State is Failed or NotSubmitted).ToList();
            foreach (var failed in again.Where(t => t.State == Failed)) _log.WriteLine(FailureOf(failed, Severity.Warning, "; submitting it again"));
            if (again.Count > 0) manifest = SubmitTasks(manifest, again.Select(t => t.Task).ToList());
            else _log.WriteLine(tasks.All(t => t.State == Finished) ? "slurm: every row is finished; nothing to submit" : "slurm: nothing to submit; the remaining tasks are still queued");
            if (!_request.Wait) return;
            Follow(manifest);
            tasks = Survey(manifest);
        }
        var missing = tasks.Where(t => t.State is Failed or NotSubmitted).ToList();
        if (missing.Count > 0)
            throw new EvaluationException(missing.Select(t => FailureOf(t, Severity.Error,
                _request.Submit ? "; run the same command again to resubmit it" : "; run the same command with --slurm instead of --collect to resubmit it")).ToList());
    }

    private const string Finished = "FINISHED", Failed = "FAILED", NotSubmitted = "NOT SUBMITTED";

    /// <summary>One task of the array: its rows without a result, the Slurm id of its last attempt ("17_3") and what became of it.</summary>
    private sealed record TaskStatus(int Task, IReadOnlyList<int> Unfinished, string? JobTask, string? JobId, string State);

    /// <summary>The manifest of the results folder; a new one (not yet written) when the folder has none; AB6012 when it
    /// was written for another spec, architectures CSV, output, seed or recipe.</summary>
    private SlurmManifest Manifest()
    {
        var rows = _collection.DistinctRows();
        var perTask = _request.Options.RowsPerTask;
        var fresh = new SlurmManifest
        {
            Spec = Path.GetFullPath(_request.Spec), Archs = Path.GetFullPath(_request.Archs), Out = Path.GetFullPath(_request.Out),
            Recipe = _collection.Recipe, Seed = _collection.Options.Seed, ToolVersion = EvaluationRow.CurrentToolVersion,
            Architectures = Digest(), TaskArguments = _request.TaskArguments,
            Tasks = Enumerable.Range(0, (rows.Count + perTask - 1) / perTask).Select(t => (IReadOnlyList<int>)rows.Skip(t * perTask).Take(perTask).ToArray()).ToArray(),
        };
        var existing = _folder.ReadManifest();
        if (existing is null) return fresh;
        if (existing.Difference(fresh) is string other)
            throw EvaluationException.At(EvaluationCodes.ResultsMismatch,
                $"this results folder collects labels of another run ({other}); give another --results folder, or the same settings", _folder.ManifestFile);
        return existing;
    }

    /// <summary>A digest of every row's architecture id in order: a changed architectures CSV would make the stored
    /// task → rows map train other architectures.</summary>
    private string Digest()
    {
        var ids = string.Join('\n', Enumerable.Range(0, _collection.Count).Select(i => _collection.ArchitectureOf(i).Id));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)));
    }

    /// <summary>Reads the queue first, then the result files (a task that leaves the queue in between has already
    /// written its file), merges every finished row into the output and says what became of each task.</summary>
    private IReadOnlyList<TaskStatus> Survey(SlurmManifest manifest)
    {
        var queue = manifest.Submissions.Count > 0 ? SlurmCommands.Queue(_folder.ManifestFile) : new Dictionary<string, string>();
        var unfinished = _collection.Merge(_request.Out, Enumerable.Range(0, _collection.Count).Select(_folder.RowFile)).ToHashSet();
        var tasks = new List<TaskStatus>();
        for (var t = 0; t < manifest.Tasks.Count; t++)
        {
            var rows = manifest.Tasks[t];
            var open = rows.Where(unfinished.Contains).ToArray();
            var last = manifest.LastSubmissionOf(t);
            var jobTask = last is null ? null : last.JobId + "_" + t.ToString(CultureInfo.InvariantCulture);
            var state = open.Length == 0 ? Finished : jobTask is null ? NotSubmitted : queue.TryGetValue(jobTask, out var s) ? s : Failed;
            tasks.Add(new TaskStatus(t, open, jobTask, last?.JobId, state));
        }
        var queued = tasks.Where(t => t.State is not (Finished or Failed or NotSubmitted)).ToList();
        _log.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "slurm: {0} rows, {1} finished; {2} tasks: {3} finished, {4} running, {5} pending, {6} ended without a result, {7} not submitted; merged into {8}",
            _collection.Count, _collection.Count - unfinished.Count, tasks.Count, tasks.Count(t => t.State == Finished),
            queued.Count(t => IsRunning(t.State)), queued.Count(t => !IsRunning(t.State)), tasks.Count(t => t.State == Failed),
            tasks.Count(t => t.State == NotSubmitted), Path.GetFullPath(_request.Out)));
        return tasks;
    }

    private static bool IsRunning(string state) => state is "RUNNING" or "COMPLETING" or "CONFIGURING" or "STAGE_OUT";

    /// <summary>AB6011 for a task without its result, located at its Slurm log: the job id, the rows, and why when the
    /// task said so (its exit code, Slurm's own CANCELLED/TIME LIMIT line, or autobuild-evaluate's diagnostic).</summary>
    private Diagnostic FailureOf(TaskStatus task, Severity severity, string advice)
    {
        var rows = string.Join(", ", task.Unfinished.Select(r => $"row {r} ({_collection.ArchitectureOf(r).Id})"));
        if (task.JobId is null)
            return new Diagnostic(EvaluationCodes.TaskFailed, severity, $"{rows}: no result in {_folder.RowsFolder} and no Slurm submission recorded{advice}",
                SourceLocation.File(_folder.RowFile(task.Unfinished[0])));
        var log = _folder.LogFile(task.JobId, task.Task);
        var code = task.Unfinished.Select(r => _folder.ExitCodeOf(r, task.JobId)).FirstOrDefault(c => c is not null);
        var why = code is int c ? $"autobuild-evaluate exited with code {c}" : "it ended without finishing (cancelled, time limit, node failure or out of memory)";
        var said = ResultsFolder.ReasonIn(log);
        return new Diagnostic(EvaluationCodes.TaskFailed, severity,
            $"Slurm task {task.JobTask} has no result for {rows}: {why}{(said is null ? "" : $": {said}")}; log {log}{advice}",
            SourceLocation.File(log));
    }

    private SlurmManifest SubmitTasks(SlurmManifest manifest, IReadOnlyList<int> tasks)
    {
        _folder.WriteTaskFiles(manifest, ThisProgram());
        var array = ArrayList(tasks) + (_request.Options.ArrayParallel is int k ? "%" + k.ToString(CultureInfo.InvariantCulture) : "");
        var arguments = new List<string>
        {
            "--job-name=autobuild-evaluate", "--array=" + array,
            "--output=" + Path.Combine(_folder.LogsFolder, "slurm-%A_%a.out"),
        };
        arguments.AddRange(_request.Options.SbatchArguments());
        arguments.Add(_folder.TaskScript);
        var jobId = SlurmCommands.Submit(arguments, _folder.ManifestFile);
        var next = manifest with { Submissions = manifest.Submissions.Append(new SlurmSubmission(jobId, tasks, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), arguments)).ToList() };
        _folder.WriteManifest(next);
        _log.WriteLine($"slurm: submitted job {jobId}: {tasks.Count} task(s), --array={array}; results in {_folder.Path}");
        return next;
    }

    /// <summary>Polls the queue until no task of any submission is pending or running, printing a progress line
    /// whenever the counts change. A failing squeue (a busy controller) is retried a few times.</summary>
    private void Follow(SlurmManifest manifest)
    {
        if (manifest.Submissions.Count == 0) return;
        var last = "";
        for (var failures = 0; ;)
        {
            IReadOnlyDictionary<string, string> queue;
            try { queue = SlurmCommands.Queue(_folder.ManifestFile); failures = 0; }
            catch (EvaluationException e) when (e.Diagnostics[0].Code == EvaluationCodes.SlurmFailed && ++failures < 5)
            {
                _log.WriteLine($"slurm: {e.Diagnostics[0].Message}; trying again");
                Thread.Sleep(TimeSpan.FromSeconds(_request.Options.PollSeconds));
                continue;
            }
            var states = Enumerable.Range(0, manifest.Tasks.Count)
                .Select(t => manifest.LastSubmissionOf(t) is { } s && queue.TryGetValue(s.JobId + "_" + t.ToString(CultureInfo.InvariantCulture), out var state) ? state : null)
                .ToArray();
            var running = states.Count(s => s is not null && IsRunning(s));
            var pending = states.Count(s => s is not null) - running;
            var ended = manifest.Tasks.Count - running - pending;
            var withRows = Enumerable.Range(0, manifest.Tasks.Count).Count(t => states[t] is null && manifest.Tasks[t].All(r => File.Exists(_folder.RowFile(r))));
            const int width = 20;
            var line = string.Format(CultureInfo.InvariantCulture, "slurm: [{0}{1}] {2}/{3} tasks ended ({4} with their rows), {5} running, {6} pending",
                new string('#', ended * width / manifest.Tasks.Count), new string('.', width - ended * width / manifest.Tasks.Count),
                ended, manifest.Tasks.Count, withRows, running, pending);
            if (line != last) _log.WriteLine(line);
            last = line;
            if (running + pending == 0) return;
            Thread.Sleep(TimeSpan.FromSeconds(_request.Options.PollSeconds));
        }
    }

    /// <summary>Array indices as sbatch's compact list: 0-3,7,9-10.</summary>
    internal static string ArrayList(IReadOnlyList<int> tasks)
    {
        var sorted = tasks.Distinct().Order().ToArray();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>How tasks start this very program, by absolute path (a compute node sees the same shared file system):
    /// the dotnet host running it plus autobuild-evaluate.dll, or its own executable when it was started as one.</summary>
    private static IReadOnlyList<string> ThisProgram()
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "autobuild-evaluate.dll");
        if (!File.Exists(tool))
            throw EvaluationException.At(EvaluationCodes.ToolMissing, "cannot find autobuild-evaluate.dll beside this program; the tasks run it", tool);
        var self = Environment.ProcessPath;
        if (self is null) return ["dotnet", tool];
        return Path.GetFileNameWithoutExtension(self) == "dotnet" ? [self, tool] : [self];
    }
}

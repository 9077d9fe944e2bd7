using System.Text.Json;
using System.Text.RegularExpressions;
using AutoBuild.Slurm.Tests.Infrastructure;

namespace AutoBuild.Slurm.Tests;

/// <summary>`autobuild evaluate --slurm` on a real Slurm (one node on 127.0.0.1, <see cref="LocalSlurm"/>): a job array
/// on the digits space, one task killed mid-run, collection reporting it, resubmission completing it, and the merged
/// labels equal to a local run of the same seed.</summary>
public sealed partial class SlurmLabelCollectionTests(LocalSlurm slurm) : IClassFixture<LocalSlurm>
{
    /// <summary>The measured columns that differ between two runs of the same seed: they are wall-clock measurements.</summary>
    private static readonly string[] s_timings = ["train_seconds", "latency_ms"];

    [SlurmFact]
    public void A_killed_task_is_reported_with_its_job_id_and_log_resubmitted_alone_and_the_merge_equals_a_local_run()
    {
        var work = Directory.CreateTempSubdirectory("autobuild-slurm-test-").FullName;
        try
        {
            var archs = Autobuild.Archs(work, 4); // 5 rows, 4 architectures: 4 tasks
            var labels = Path.Combine(work, "labels.csv");
            var results = Path.Combine(work, "labels.slurm");
            string[] slurmRun = ["evaluate", Autobuild.Spec, "--archs", archs, .. Autobuild.Recipe, "--out", labels, "--poll", "0.5"];

            var submitted = Autobuild.Run([.. slurmRun, "--slurm", "--array-parallel", "2", "--time", "30"], slurm.Environment);
            Assert.True(submitted.Exit == 0, submitted.Err);
            var job = Submitted().Match(submitted.Err).Groups[1].Value;
            Assert.Contains($"submitted job {job}: 4 task(s), --array=0-3%2", submitted.Err);

            // Cancel task 1 while it runs, before it has written its row. Its evaluate process is stopped first, so the
            // check that it has no row cannot race the process finishing it (a digits task trains in seconds).
            var target = $"{job}_1";
            slurm.WaitFor(() => slurm.StopTask(job, 1) > 0, $"{target}'s evaluate process to run", TimeSpan.FromMinutes(5));
            Assert.Contains(target + " RUNNING", slurm.Run("squeue", "--noheader", "--array", "--format=%i %T").Out);
            Assert.False(File.Exists(Path.Combine(results, "rows", "row-1.csv")), "task 1 finished before it could be cancelled");
            Assert.Equal(0, slurm.Run("scancel", target).Exit);

            var collected = Autobuild.Run([.. slurmRun, "--collect", "--wait"], slurm.Environment);
            var log = Path.Combine(results, "logs", $"slurm-{job}_1.out");
            Assert.True(collected.Exit == 1, collected.Err);
            Assert.Contains($"{log}: error AB6011: Slurm task {target} has no result for row 1 (", collected.Err);
            Assert.Contains("CANCELLED", collected.Err);
            Assert.Contains("4 tasks: 3 finished, 0 running, 0 pending, 1 ended without a result", collected.Err);
            Assert.False(File.Exists(Path.Combine(results, "rows", "row-1.csv")));
            var partial = Autobuild.Cells(labels);
            var valAcc = Array.IndexOf(partial[0], "val_acc");
            Assert.All(partial, row => Assert.Equal(partial[0].Length, row.Length)); // no partial row
            Assert.Equal([false, true, false, false, false], partial.Skip(1).Select(r => r[valAcc].Length == 0).ToArray());

            var resubmitted = Autobuild.Run([.. slurmRun, "--slurm", "--wait"], slurm.Environment);
            Assert.True(resubmitted.Exit == 0, resubmitted.Err);
            Assert.Contains($"{log}: warning AB6011: Slurm task {target}", resubmitted.Err);
            Assert.Matches(@"submitted job \d+: 1 task\(s\), --array=1;", resubmitted.Err);
            var resubmittedJob = Submitted().Match(resubmitted.Err).Groups[1].Value;
            Assert.Contains("5 rows, 5 finished; 4 tasks: 4 finished", resubmitted.Err);

            // The state lives in the results folder: the task -> rows map (the duplicate row 4 has no task of its own),
            // seed and recipe, and both submissions with their sbatch resources.
            using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "manifest.json"))))
            {
                var root = manifest.RootElement;
                Assert.Equal("[[0],[1],[2],[3]]", root.GetProperty("tasks").GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
                Assert.Equal(0, root.GetProperty("seed").GetInt32());
                Assert.StartsWith("data=digits;epochs=1;", root.GetProperty("recipe").GetString());
                var submissions = root.GetProperty("submissions").EnumerateArray().ToArray();
                Assert.Equal([job, resubmittedJob], submissions.Select(e => e.GetProperty("jobId").GetString()));
                Assert.Equal([1], submissions[1].GetProperty("tasks").EnumerateArray().Select(e => e.GetInt32()));
                Assert.Contains("--time=30", submissions[0].GetProperty("sbatch").EnumerateArray().Select(e => e.GetString()));
            }

            // Idempotent: again, nothing is submitted and the labels keep their bytes.
            var merged = File.ReadAllBytes(labels);
            var again = Autobuild.Run([.. slurmRun, "--slurm"], slurm.Environment);
            Assert.True(again.Exit == 0, again.Err);
            Assert.Contains("every row is finished; nothing to submit", again.Err);
            Assert.DoesNotContain("submitted job", again.Err);
            Assert.Equal(merged, File.ReadAllBytes(labels));
            Assert.Equal(0, Autobuild.Run([.. slurmRun, "--collect"], slurm.Environment).Exit);
            Assert.Equal(merged, File.ReadAllBytes(labels));

            // Another seed on the same results folder: the folder belongs to the first collection.
            var otherSeed = Autobuild.Run([.. slurmRun, "--collect", "--seed", "1"], slurm.Environment);
            Assert.Equal(1, otherSeed.Exit);
            Assert.Contains($"{Path.Combine(results, "manifest.json")}: error AB6012: this results folder collects labels of another run (seed 0", otherSeed.Err);

            var local = Path.Combine(work, "local.csv");
            var localRun = Autobuild.Run(["evaluate", Autobuild.Spec, "--archs", archs, .. Autobuild.Recipe, "--out", local]);
            Assert.True(localRun.Exit == 0, localRun.Err);
            AssertSameLabels(local, labels);
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    /// <summary>Equal header, row order and every field but the two timing columns.</summary>
    internal static void AssertSameLabels(string expected, string actual)
    {
        var (e, a) = (Autobuild.Cells(expected), Autobuild.Cells(actual));
        Assert.Equal(e[0], a[0]);
        Assert.Equal(e.Length, a.Length);
        var timing = s_timings.Select(c => Array.IndexOf(e[0], c)).ToHashSet();
        Assert.DoesNotContain(-1, timing);
        for (var row = 1; row < e.Length; row++)
            for (var column = 0; column < e[0].Length; column++)
                if (!timing.Contains(column)) Assert.True(e[row][column] == a[row][column], $"row {row}, {e[0][column]}: {e[row][column]} locally, {a[row][column]} merged");
                else Assert.NotEmpty(a[row][column]);
    }

    [GeneratedRegex(@"submitted job (\d+):")]
    private static partial Regex Submitted();
}

using AutoBuild.Slurm.Tests.Infrastructure;

namespace AutoBuild.Slurm.Tests;

/// <summary>The parts of cluster label collection that need no scheduler: option checks, a missing `sbatch`, and
/// collecting the one-row files of any job runner (a Kubernetes Indexed Job writes the same files) with the recipe
/// checked.</summary>
public sealed class CollectionWithoutSlurmTests
{
    [Theory]
    [InlineData("--slurm|--time|1h", "--time must be a Slurm time limit")]
    [InlineData("--slurm|--array-parallel|0", "--array-parallel must be at least 1 (got 0)")]
    [InlineData("--slurm|--partition|a b", "--partition must be a partition name")]
    [InlineData("--slurm|--gres|gpu:1 --wrap=x", "--gres must be a Slurm resource list")]
    [InlineData("--slurm|--rows-per-task|0", "--rows-per-task must be at least 1")]
    [InlineData("--slurm|--poll|0", "--poll must be 0.2 to 3600 seconds")]
    [InlineData("--slurm|--collect", "--slurm submits and collects, --collect only collects")]
    [InlineData("--partition|p", "need --slurm")]
    [InlineData("--wait", "--wait and --results need --slurm or --collect")]
    [InlineData("--collect|--index|0", "--index trains one row here")]
    public void Bad_cluster_options_are_located_AB6005_with_exit_1(string options, string message)
    {
        var work = Directory.CreateTempSubdirectory("autobuild-slurm-options-").FullName;
        try
        {
            var archs = Path.Combine(work, "archs.csv");
            File.WriteAllText(archs, "arch\n1|16|conv3|-|1|32|conv3|-\n");
            var run = Autobuild.Run(["evaluate", Autobuild.Spec, "--archs", archs, "--data", "digits", .. options.Split('|')]);
            Assert.Equal(1, run.Exit);
            Assert.StartsWith($"{archs}: error AB6005: ", run.Err);
            Assert.Contains(message, run.Err);
            Assert.DoesNotContain("   at ", run.Err); // no stack trace
            Assert.False(Directory.Exists(Path.Combine(work, "archs.slurm")));
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    [Fact]
    public void Without_sbatch_on_PATH_submitting_is_AB6009_with_exit_1()
    {
        var work = Directory.CreateTempSubdirectory("autobuild-slurm-nosbatch-").FullName;
        try
        {
            var archs = Path.Combine(work, "archs.csv");
            File.WriteAllText(archs, "arch\n1|16|conv3|-|1|32|conv3|-\n");
            var run = Autobuild.Run(["evaluate", Autobuild.Spec, "--archs", archs, "--data", "digits", "--slurm"],
                new Dictionary<string, string> { ["PATH"] = work });
            Assert.Equal(1, run.Exit);
            Assert.Contains("error AB6009: cannot run `sbatch`", run.Err);
            Assert.Contains("Slurm's client commands (sbatch, squeue) on PATH", run.Err);
            Assert.DoesNotContain("   at ", run.Err);
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    [Fact]
    public void One_row_files_of_any_job_runner_merge_like_a_local_run_and_a_row_of_another_seed_is_AB6006()
    {
        var work = Directory.CreateTempSubdirectory("autobuild-collect-").FullName;
        try
        {
            var archs = Autobuild.Archs(work, 2); // 3 rows, 2 architectures
            var results = Path.Combine(work, "results");
            var labels = Path.Combine(work, "labels.csv");
            string[] collect = ["evaluate", Autobuild.Spec, "--archs", archs, .. Autobuild.Recipe, "--out", labels, "--collect", "--results", results];
            string RowFile(int row) => Path.Combine(results, "rows", $"row-{row}.csv");
            (int Exit, string Out, string Err) Task(int row, params string[] more) =>
                Autobuild.Run(["evaluate", Autobuild.Spec, "--archs", archs, .. Autobuild.Recipe, .. more, "--index", row.ToString(), "--result-out", RowFile(row)]);
            Directory.CreateDirectory(Path.Combine(results, "rows"));

            // As an Indexed Job would: one task per row, --index from the completion index; row 1 not yet done.
            Assert.Equal(0, Task(0).Exit);
            var incomplete = Autobuild.Run(collect);
            Assert.Equal(1, incomplete.Exit);
            Assert.Contains($"{RowFile(1)}: error AB6011: row 1 (", incomplete.Err);
            Assert.Contains("no result in", incomplete.Err);
            Assert.DoesNotContain("row 2 (", incomplete.Err); // row 2 is row 0's architecture: merged from row 0's file

            Assert.Equal(0, Task(1).Exit);
            var complete = Autobuild.Run(collect);
            Assert.True(complete.Exit == 0, complete.Err);
            Assert.Contains("3 rows, 3 finished", complete.Err);
            var local = Path.Combine(work, "local.csv");
            Assert.Equal(0, Autobuild.Run(["evaluate", Autobuild.Spec, "--archs", archs, .. Autobuild.Recipe, "--out", local]).Exit);
            SlurmLabelCollectionTests.AssertSameLabels(local, labels);

            // A row measured with another seed never enters the labels: AB6006 at its line in its file.
            File.Delete(labels);
            File.Delete(RowFile(1));
            Assert.Equal(0, Task(1, "--seed", "3").Exit);
            var mixed = Autobuild.Run(collect);
            Assert.Equal(1, mixed.Exit);
            Assert.Contains($"{RowFile(1)}(2,1): error AB6006: this row was measured with seed 3", mixed.Err);
        }
        finally { Directory.Delete(work, recursive: true); }
    }
}

using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoBuild.Training;
using AutoBuild.Training.Slurm;
using AutoBuild.Training.NativeGlue;
using static TorchSharp.torch;

namespace AutoBuild.Evaluate;

/// <summary><c>autobuild-evaluate &lt;spec&gt; --archs &lt;csv&gt; --data &lt;dataset&gt; [--out &lt;csv&gt;] [--epochs E --batch B --lr R
/// --weight-decay W --seed S --threads T --device cpu|cuda|auto --latency-runs N] [--index I [--result-out &lt;csv&gt;]]
/// [--slurm|--collect [--wait] [--results DIR] [--partition P --time T --cpus-per-task C --gres G --array-parallel K --rows-per-task R]]</c>
/// (docs/evaluate.md). Exit codes as `autobuild`: 0 success, 1 bad input (diagnostics printed), 2 internal failure.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var spec = new Argument<string>("spec") { Description = "The search-space spec (YAML)." };
        var archs = new Option<string>("--archs") { Description = "The architectures CSV (from `autobuild sample`, or any labels CSV).", Required = true };
        var data = new Option<string>("--data") { Description = "'digits' (built-in 8x8 digits), an image CSV, or a folder with train.csv and val.csv.", Required = true };
        var output = new Option<string?>("--out") { Description = "Where the measured CSV goes (default: the --archs file, filled in place)." };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs per architecture.", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 64 };
        var lr = new Option<double>("--lr") { Description = "Initial learning rate (SGD, Nesterov momentum 0.9, cosine schedule).", DefaultValueFactory = _ => 0.05 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Weight decay.", DefaultValueFactory = _ => 5e-4 };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights and batch order.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads (results are reproducible for the same seed and thread count).", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, or auto (cuda when available).", DefaultValueFactory = _ => "cpu" };
        var latencyRuns = new Option<int>("--latency-runs") { Description = "Forward passes of one image whose median is latency_ms.", DefaultValueFactory = _ => 20 };
        var index = new Option<int?>("--index") { Description = "Train only this data row (0-based) and write it as a one-row CSV (one job-array task)." };
        var resultOut = new Option<string?>("--result-out") { Description = "With --index: write the one-row CSV here (atomically) instead of to standard output." };
        var slurm = new Option<bool>("--slurm") { Description = "Submit one Slurm job array (sbatch), one task per architecture; re-run to collect and resubmit what failed (docs/label-collection.md)." };
        var collect = new Option<bool>("--collect") { Description = "Merge the finished rows of the results folder into the output and report missing or failed tasks; submits nothing." };
        var wait = new Option<bool>("--wait") { Description = "With --slurm or --collect: follow the array in the queue until it ends, then collect." };
        var results = new Option<string?>("--results") { Description = "The results folder on shared storage (default: the output's name with .slurm)." };
        var partition = new Option<string?>("--partition") { Description = "sbatch --partition." };
        var time = new Option<string?>("--time") { Description = "sbatch --time: each task's time limit." };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "sbatch --cpus-per-task." };
        var gres = new Option<string?>("--gres") { Description = "sbatch --gres, e.g. gpu:1 (with --device cuda)." };
        var parallel = new Option<int?>("--array-parallel") { Description = "At most this many tasks run at once (--array=...%K)." };
        var perTask = new Option<int>("--rows-per-task") { Description = "Architectures one task trains (chunks; default 1).", DefaultValueFactory = _ => 1 };
        var poll = new Option<double>("--poll") { Description = "Seconds between two looks at the queue with --wait.", DefaultValueFactory = _ => 15 };
        var root = new RootCommand("autobuild-evaluate: trains each architecture of a CSV with TorchSharp and fills in val_acc, train_seconds, latency_ms and params.")
        {
            spec, archs, data, output, epochs, batch, lr, weightDecay, seed, threads, device, latencyRuns, index, resultOut,
            slurm, collect, wait, results, partition, time, cpus, gres, parallel, perTask, poll,
        };
        root.SetAction(pr =>
        {
            var options = new TrainingOptions
            {
                Epochs = pr.GetValue(epochs), BatchSize = pr.GetValue(batch), LearningRate = pr.GetValue(lr),
                WeightDecay = pr.GetValue(weightDecay), Seed = pr.GetValue(seed),
            };
            var cluster = new ClusterArguments(pr.GetValue(slurm), pr.GetValue(collect), pr.GetValue(wait), pr.GetValue(results), new SlurmOptions
            {
                Partition = pr.GetValue(partition), Time = pr.GetValue(time), CpusPerTask = pr.GetValue(cpus), Gres = pr.GetValue(gres),
                ArrayParallel = pr.GetValue(parallel), RowsPerTask = pr.GetValue(perTask), PollSeconds = pr.GetValue(poll),
            }, new Option[] { partition, time, cpus, gres, parallel, perTask }.Any(o => pr.GetResult(o) is { Implicit: false }));
            return Run(pr.GetValue(spec)!, pr.GetValue(archs)!, pr.GetValue(data)!, pr.GetValue(output), options, pr.GetValue(threads),
                pr.GetValue(device)!, pr.GetValue(latencyRuns), pr.GetValue(index), pr.GetValue(resultOut), cluster);
        });
        try
        {
            // ProcessTerminationTimeout = null: a SIGTERM (Slurm's scancel, a time limit, a node drain) ends the process
            // at once. System.CommandLine's default would cancel a token nobody reads and let training run on for
            // its grace period, so a task cancelled near its end still wrote its row. Rows are written atomically, so
            // an immediate exit leaves no partial row.
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"autobuild-evaluate: error AB9001: internal failure: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(e);
            return 2;
        }
    }

    private static int Run(string spec, string archs, string data, string? output, TrainingOptions options, int threads, string device,
        int latencyRuns, int? index, string? resultOut, ClusterArguments cluster)
    {
        try
        {
            cluster.Check(index is not null, archs);
            if (threads < 1) throw EvaluationException.At(EvaluationCodes.BadOption, $"--threads must be at least 1 (got {threads})", archs);
            if (latencyRuns < 1) throw EvaluationException.At(EvaluationCodes.BadOption, $"--latency-runs must be at least 1 (got {latencyRuns})", archs);
            if (resultOut is not null && index is null) throw EvaluationException.At(EvaluationCodes.BadOption, "--result-out needs --index", archs);
            if (device is not ("cpu" or "cuda" or "auto")) throw EvaluationException.At(EvaluationCodes.BadOption, $"--device must be cpu, cuda or auto (got '{device}')", archs);
            LibTorchGlue.EnsureLoadable();
            set_num_threads(threads);
            var collection = LabelCollection.Open(spec, archs, data, options);
            if (device == "cuda" && !cuda.is_available())
                throw EvaluationException.At(EvaluationCodes.BadOption, "--device cuda, but libtorch has no CUDA here (reference a CUDA TorchSharp package, docs/torchsharp.md)", archs);
            collection.Device = device == "cpu" ? CPU : device == "cuda" ? CUDA : Trainer.DefaultDevice;
            collection.LatencyRuns = latencyRuns;
            if (index is int i)
            {
                if (!collection.WriteRowFile(i, resultOut, Console.Out))
                    Console.Error.WriteLine($"evaluate: {resultOut} already holds row {i}, finished with this recipe; nothing to do");
                return 0;
            }
            if (cluster.Slurm || cluster.Collect)
            {
                // Every task trains with exactly these settings; paths absolute, because tasks start elsewhere.
                var taskArguments = new[]
                {
                    Path.GetFullPath(spec), "--archs", Path.GetFullPath(archs), "--data", File.Exists(data) || Directory.Exists(data) ? Path.GetFullPath(data) : data,
                    "--epochs", Invariant(options.Epochs), "--batch", Invariant(options.BatchSize), "--lr", Invariant(options.LearningRate),
                    "--weight-decay", Invariant(options.WeightDecay), "--seed", Invariant(options.Seed), "--threads", Invariant(threads),
                    "--device", device, "--latency-runs", Invariant(latencyRuns),
                };
                var request = new SlurmRequest(spec, archs, output ?? archs, cluster.Results, taskArguments, cluster.Slurm, cluster.Wait, cluster.Options);
                new SlurmLabelCollection(collection, request, Console.Error).Run();
                return 0;
            }
            var summary = collection.Run(output ?? archs, Console.Error);
            Console.Error.WriteLine($"evaluate: {summary.Trained} trained, {summary.Skipped} already finished, {summary.Rows} rows in {Path.GetFullPath(output ?? archs)}");
            return 0;
        }
        catch (EvaluationException e)
        {
            foreach (var d in e.Diagnostics) Console.Error.WriteLine(d.ToString());
            return 1;
        }
    }

    private static string Invariant(IFormattable value) => value.ToString(value is double ? "R" : null, CultureInfo.InvariantCulture);

    /// <summary>The label-collection mode options: <c>--slurm</c> (submit and resubmit), <c>--collect</c> (merge and
    /// report only), <c>--wait</c>, <c>--results</c> and the sbatch resources (<paramref name="ResourcesGiven"/>: any of them
    /// on the command line).</summary>
    private sealed record ClusterArguments(bool Slurm, bool Collect, bool Wait, string? Results, SlurmOptions Options, bool ResourcesGiven)
    {
        public void Check(bool oneRow, string where)
        {
            void Require(bool ok, string message)
            {
                if (!ok) throw EvaluationException.At(EvaluationCodes.BadOption, message, where);
            }
            Require(!(Slurm && Collect), "--slurm submits and collects, --collect only collects: give one of them");
            Require(!(oneRow && (Slurm || Collect)), "--index trains one row here (it is what each task runs); it does not go with --slurm or --collect");
            Require(Slurm || !ResourcesGiven, "--partition, --time, --cpus-per-task, --gres, --array-parallel and --rows-per-task need --slurm");
            Require(Slurm || Collect || (!Wait && Results is null), "--wait and --results need --slurm or --collect");
            Options.Check(where);
        }
    }
}

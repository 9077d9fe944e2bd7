using System;
using System.CommandLine;
using System.IO;
using AutoBuild.Training;
using AutoBuild.Training.NativeGlue;
using static TorchSharp.torch;

namespace AutoBuild.Evaluate;

/// <summary><c>autobuild-evaluate &lt;spec&gt; --archs &lt;csv&gt; --data &lt;dataset&gt; [--out &lt;csv&gt;] [--epochs E --batch B --lr R
/// --weight-decay W --seed S --threads T --device cpu|cuda|auto --latency-runs N] [--index I [--result-out &lt;csv&gt;]]</c>
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
        var root = new RootCommand("autobuild-evaluate: trains each architecture of a CSV with TorchSharp and fills in val_acc, train_seconds, latency_ms and params.")
        {
            spec, archs, data, output, epochs, batch, lr, weightDecay, seed, threads, device, latencyRuns, index, resultOut,
        };
        root.SetAction(pr =>
        {
            var options = new TrainingOptions
            {
                Epochs = pr.GetValue(epochs), BatchSize = pr.GetValue(batch), LearningRate = pr.GetValue(lr),
                WeightDecay = pr.GetValue(weightDecay), Seed = pr.GetValue(seed),
            };
            return Run(pr.GetValue(spec)!, pr.GetValue(archs)!, pr.GetValue(data)!, pr.GetValue(output), options, pr.GetValue(threads),
                pr.GetValue(device)!, pr.GetValue(latencyRuns), pr.GetValue(index), pr.GetValue(resultOut));
        });
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"autobuild-evaluate: error AB9001: internal failure: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(e);
            return 2;
        }
    }

    private static int Run(string spec, string archs, string data, string? output, TrainingOptions options, int threads, string device,
        int latencyRuns, int? index, string? resultOut)
    {
        try
        {
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
}

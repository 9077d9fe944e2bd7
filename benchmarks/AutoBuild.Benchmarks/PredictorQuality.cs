using System.Diagnostics;
using System.Globalization;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Predictor;

namespace AutoBuild.Benchmarks;

/// <summary>NAS-Bench-201 predictor quality: for each N, sample N labelled cells uniformly (per seed), train with the
/// given options (defaults = the product's), and measure Kendall τ / Spearman of the predictions on all the unlabelled
/// rest. Options: --n 50,100,200,424,1000 --seeds 5 --target c10v_valid_acc_200ep --gnn --hidden --layers --epochs
/// --steps --batch --lr --wd --lambda --pooling --activation.</summary>
public static class PredictorQuality
{
    public static int Run(Args args)
    {
        var sizes = args.Ints("n", "50,100,200,424,1000");
        var seeds = args.Int("seeds", 5);
        var column = args.Get("target", "c10v_valid_acc_200ep");
        var options = Options(args);
        var space = Nb201.Space();
        var encoder = new GraphEncoder(space);
        var (archs, targets) = Nb201.Load(space, column);
        var graphs = archs.Select(encoder.Encode).ToArray();

        Console.WriteLine($"# Predictor quality on NAS-Bench-201 ({column}), {archs.Length:N0} cells");
        Console.WriteLine();
        Console.WriteLine($"Options: gnn {options.Gnn}, hidden {options.Hidden}, layers {options.Layers}, epochs {(options.Epochs == 0 ? $"auto ({options.AutoSteps} steps)" : options.Epochs.ToString(CultureInfo.InvariantCulture))}, " +
                          $"batch {options.Batch}, lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)}, wd {options.WeightDecay.ToString(CultureInfo.InvariantCulture)}, " +
                          $"lambda {options.Lambda.ToString(CultureInfo.InvariantCulture)}, scaling {options.TargetScaling}, pooling {options.Pooling}, activation {options.Activation}; {seeds} seeds.");
        Console.WriteLine();
        Console.WriteLine("| N | Kendall τ (rest) | Spearman (rest) | precision@5% (rest) | held-out Spearman | last-hop norm Spearman (rest) | train s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var n in sizes)
        {
            var taus = new List<double>(); var rhos = new List<double>(); var precs = new List<double>(); var held = new List<double>(); var hop = new List<double>(); var secs = new List<double>();
            for (var seed = 0; seed < seeds; seed++)
            {
                var rng = new Random(1000 + seed);
                var order = Enumerable.Range(0, archs.Length).OrderBy(_ => rng.Next()).ToArray();
                var labelled = order.Take(n).ToArray();
                var rest = order.Skip(n).ToArray();
                options.Seed = seed;
                var clock = Stopwatch.StartNew();
                var trained = PredictorTrainer.Train(encoder.Schema, labelled.Select(i => graphs[i]).ToArray(), labelled.Select(i => targets[i]).ToArray(), options);
                secs.Add(clock.Elapsed.TotalSeconds);
                var predicted = trained.Predict(rest.Select(i => graphs[i]).ToArray());
                var truth = rest.Select(i => targets[i]).ToArray();
                taus.Add(RankStatistics.Kendall(truth, predicted));
                rhos.Add(RankStatistics.Spearman(truth, predicted));
                precs.Add(RankStatistics.PrecisionAtTop(truth, predicted, 0.05));
                held.Add(trained.Metrics.Spearman);
                hop.Add(RankStatistics.Spearman(truth, trained.GraphNorms(rest.Select(i => graphs[i]).ToArray(), trained.Hops - 1)));
            }
            Console.WriteLine($"| {n} | {Fmt(taus)} | {Fmt(rhos)} | {Fmt(precs)} | {Fmt(held)} | {Fmt(hop)} | {secs.Average():F1} |");
        }
        return 0;
    }

    internal static string Fmt(List<double> x)
    {
        var mean = x.Average();
        var sd = x.Count > 1 ? Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1)) : 0;
        return string.Format(CultureInfo.InvariantCulture, "{0:F3} ± {1:F3}", mean, sd);
    }

    internal static PredictorOptions Options(Args args)
    {
        var o = new PredictorOptions();
        o.Gnn = Enum.Parse<GnnKind>(args.Get("gnn", o.Gnn.ToString()), ignoreCase: true);
        o.Hidden = args.Int("hidden", o.Hidden);
        o.Layers = args.Int("layers", o.Layers);
        o.Epochs = args.Int("epochs", o.Epochs);
        o.AutoSteps = args.Int("steps", o.AutoSteps);
        o.Batch = args.Int("batch", o.Batch);
        o.LearningRate = args.Double("lr", o.LearningRate);
        o.WeightDecay = args.Double("wd", o.WeightDecay);
        o.Lambda = args.Double("lambda", o.Lambda);
        o.Pooling = Enum.Parse<ReadoutKind>(args.Get("pooling", o.Pooling.ToString()), ignoreCase: true);
        o.Activation = Enum.Parse<AutoBuild.Learning.Numerics.Nonlinearity>(args.Get("activation", o.Activation.ToString()), ignoreCase: true);
        o.TargetScaling = Enum.Parse<TargetScaling>(args.Get("scaling", o.TargetScaling.ToString()), ignoreCase: true);
        o.TestFraction = args.Double("test-fraction", o.TestFraction);
        return o;
    }
}

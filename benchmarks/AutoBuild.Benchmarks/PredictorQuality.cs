using System.Diagnostics;
using System.Globalization;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Predictor;

namespace AutoBuild.Benchmarks;

/// <summary>NAS-Bench-201 predictor quality: for each N, sample N labelled cells uniformly (per seed), train with the
/// given options (defaults = the product's), and measure Kendall τ / Spearman of the predictions on all the unlabelled
/// rest. Options: --n 50,100,200,424,1000 --seeds 5 --target c10v_valid_acc_200ep --gnn --hidden --layers --epochs
/// --steps --batch --lr --wd --lambda --pooling --activation --cost-features (exact log params/FLOPs to the head).</summary>
public static class PredictorQuality
{
    public static int Run(Args args)
    {
        if (args.Get("bench", "nb201") == "planted-ofa") return RunPlanted(args);
        var sizes = args.Ints("n", "50,100,200,424,1000");
        var seeds = args.Int("seeds", 5);
        var column = args.Get("target", "c10v_valid_acc_200ep");
        var options = Options(args);
        var ensemble = args.Int("ensemble", 1);
        // the spec's space (examples/spaces/nas-bench-201.space.yaml, same decisions and values) has the network
        // template the exact cost features need; --space bench|spec chooses (default: spec with cost features)
        var space = args.Get("space", options.UseGraphFeatures ? "spec" : "bench") == "spec" ? QualityBench.Spec("nas-bench-201.space.yaml") : Nb201.Space();
        var encoder = new GraphEncoder(space, options.UseGraphFeatures);
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
                var truth = rest.Select(i => targets[i]).ToArray();
                if (ensemble > 1)
                {
                    // The build's evidence: K cross-fitted members, their mean predicts.
                    var mean = EnsembleMean(encoder.Schema, labelled.Select(i => graphs[i]).ToArray(), labelled.Select(i => targets[i]).ToArray(), ensemble, options,
                        rest.Select(i => graphs[i]).ToArray());
                    secs.Add(clock.Elapsed.TotalSeconds);
                    taus.Add(RankStatistics.Kendall(truth, mean)); rhos.Add(RankStatistics.Spearman(truth, mean)); precs.Add(RankStatistics.PrecisionAtTop(truth, mean, 0.05));
                    held.Add(double.NaN); hop.Add(double.NaN);
                    continue;
                }
                var trained = PredictorTrainer.Train(encoder.Schema, labelled.Select(i => graphs[i]).ToArray(), labelled.Select(i => targets[i]).ToArray(), options);
                secs.Add(clock.Elapsed.TotalSeconds);
                var predicted = trained.Predict(rest.Select(i => graphs[i]).ToArray());
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

    /// <summary>--bench planted-ofa: N noisy rows of the planted OFA-shaped space per seed (the quality benchmark's
    /// labels), scored against the noiseless truth of 3,000 other draws of the sampler.</summary>
    private static int RunPlanted(Args args)
    {
        var sizes = args.Ints("n", "1000,3000");
        var seeds = args.Int("seeds", 3);
        var options = Options(args);
        var planted = Planted.PlantedSpaces.OfaLike();
        var encoder = new GraphEncoder(planted.Space, options.UseGraphFeatures);
        Console.WriteLine($"# Predictor quality on the planted OFA space; max steps {options.MaxAutoSteps}, anneal {options.AnnealWhenCut}; {seeds} seeds");
        Console.WriteLine();
        Console.WriteLine("| N | Kendall τ (rest) | Spearman (rest) | precision@5% (rest) | held-out Spearman | epochs | train s | train CPU s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var n in sizes)
        {
            var taus = new List<double>(); var rhos = new List<double>(); var precs = new List<double>(); var held = new List<double>(); var secs = new List<double>(); var cpus = new List<double>();
            var epochs = 0;
            for (var seed = 0; seed < seeds; seed++)
            {
                var rows = planted.Sample(n, 1_000 * n + seed);
                var labelled = new HashSet<AutoBuild.Runtime.Architecture>(rows.Select(r => r.Architecture));
                var random = new Random(4242 + seed);
                var rest = new List<AutoBuild.Runtime.Architecture>();
                while (rest.Count < 3000) { var a = planted.Draw(random); if (labelled.Add(a)) rest.Add(a); }
                options.Seed = seed;
                var clock = Stopwatch.StartNew();
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var trained = PredictorTrainer.Train(encoder.Schema, rows.Select(r => encoder.Encode(r.Architecture)).ToArray(), rows.Select(r => r.Values[0]).ToArray(), options);
                secs.Add(clock.Elapsed.TotalSeconds);
                cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
                epochs = trained.Options.Epochs;
                var predicted = trained.Predict(rest.Select(encoder.Encode).ToArray());
                var truth = rest.Select(planted.Accuracy.Value).ToArray();
                taus.Add(RankStatistics.Kendall(truth, predicted));
                rhos.Add(RankStatistics.Spearman(truth, predicted));
                precs.Add(RankStatistics.PrecisionAtTop(truth, predicted, 0.05));
                held.Add(trained.Metrics.Spearman);
            }
            Console.WriteLine($"| {n} | {Fmt(taus)} | {Fmt(rhos)} | {Fmt(precs)} | {Fmt(held)} | {epochs} | {secs.Average():F1} | {cpus.Average():F1} |");
        }
        return 0;
    }

    /// <summary>The mean prediction of <paramref name="k"/> cross-fitted members trained as a build trains them
    /// (folds, seeds), side by side.</summary>
    private static double[] EnsembleMean(FeatureSchema schema, EncodedGraph[] graphs, double[] targets, int k, PredictorOptions options, EncodedGraph[] rest)
    {
        var fold = AutoBuild.Learning.Build.Evidence.Folds(targets.Length, k, options.Seed)!;
        var jobs = Enumerable.Range(0, k).Select(f => (Func<TrainedPredictor>)(() =>
        {
            var o = options.Clone();
            o.Seed = options.Seed + 7919 * (f + 1);
            return AutoBuild.Learning.Build.Evidence.TrainMember(schema, graphs, targets, fold, f, o);
        })).ToList();
        var members = AutoBuild.Learning.Build.ConcurrentTrainings.Run(jobs);
        var mean = new double[rest.Length];
        foreach (var m in members) { var p = m.Predict(rest); for (var i = 0; i < mean.Length; i++) mean[i] += p[i] / k; }
        return mean;
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
        o.MaxAutoSteps = args.Int("max-steps", o.MaxAutoSteps);
        o.AnnealWhenCut = args.Get("anneal", o.AnnealWhenCut ? "true" : "false") == "true";
        o.UseGraphFeatures = args.Get("cost-features", "false") == "true";
        return o;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec;
using AutoBuild.Learning.Build;
using AutoBuild.Learning.Predictor;
using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks;

/// <summary><c>quality</c>: end-to-end build quality with zero extra evaluations. For each N and seed, N labelled
/// architectures are drawn uniformly from a benchmark table, <c>autobuild build</c> runs in process, and the true
/// accuracy of best[0] (looked up in the table), the best labelled architecture's, and the predictor's Kendall τ and
/// Spearman ρ on every unlabelled architecture are recorded. Writes Markdown tables to benchmarks/results/.</summary>
public static class Quality
{
    private sealed record Dataset(string Name, string Title, string Spec, string Data, string Target, string? Test, string? PoolColumn, int[] Ns);

    private sealed record Outcome(double BestValid, double? BestTest, double LabelledValid, double? LabelledTest, double Kendall, double Spearman,
        string Method, double Seconds);

    private static int Ensemble;
    // --variants: selection variants evaluated on each build's trained predictor (name → true valid per run).
    private static bool Variants;
    private static string? CellMethodName;
    private static readonly SortedDictionary<string, List<double>> VariantScores = new(StringComparer.Ordinal);

    public static int Run(Args args)
    {
        var seeds = args.Int("seeds", 10);
        var only = args.Get("bench", "nb201,nb-macro").Split(',');
        var epochs = args.Int("epochs", 0);
        var topK = args.Int("top-k", 0);
        Ensemble = args.Int("ensemble", 0);
        Variants = args.Get("variants", "false") == "true";
        CellMethodName = args.Get("cell-method", "") is { Length: > 0 } m ? m : null;
        var outDir = args.Get("out", Path.Combine(Args.RepoRoot, "benchmarks", "results"));
        var datasets = new[]
        {
            new Dataset("nb201", "NAS-Bench-201 (CIFAR-10 valid, 200 epochs)", "nas-bench-201.space.yaml",
                Path.Combine(Args.DataDir, "nas-bench-201", "nb201_all.csv.gz"), "c10v_valid_acc_200ep", "c10v_test_acc_200ep", null,
                args.Ints("n-nb201", "50,100,200,424,1000")),
            new Dataset("nb-macro", "NAS-Bench-Macro (CIFAR-10, mean of 3 runs; canonical rows)", "nas-bench-macro.space.yaml",
                Path.Combine(Args.DataDir, "nas-bench-macro", "nas_bench_macro_cifar10.csv.gz"), "mean_acc", null, "is_canonical",
                args.Ints("n-nb-macro", "50,100,200")),
        };
        Directory.CreateDirectory(outDir);
        foreach (var d in datasets.Where(d => only.Contains(d.Name)))
        {
            var table = RunDataset(d, seeds, epochs, topK);
            var path = Path.Combine(outDir, $"quality-{d.Name}.md");
            File.WriteAllText(path, table);
            Console.WriteLine(table);
            Console.WriteLine($"wrote {path}");
        }
        return 0;
    }

    private static string RunDataset(Dataset d, int seeds, int epochs, int topK)
    {
        var specPath = Path.Combine(Args.RepoRoot, "examples", "spaces", d.Spec);
        var spec = SpecCompiler.CompileFile(specPath);
        var space = spec.Space ?? throw new InvalidOperationException(string.Join("\n", spec.Diagnostics));
        var text = d.Data.EndsWith(".gz", StringComparison.Ordinal)
            ? new StreamReader(new GZipStream(File.OpenRead(d.Data), CompressionMode.Decompress)).ReadToEnd()
            : File.ReadAllText(d.Data);
        var all = LabelsReader.Read(space, Path.GetFileName(d.Data), text, TargetExpression.Parse(d.Target));
        var table = all.Labels ?? throw new InvalidOperationException(string.Join("\n", all.Diagnostics));
        var lines = text.Split('\n').Where(l => l.Length > 0).ToArray(); // header + one line per data row
        var valid = new Dictionary<Architecture, double>();
        var test = new Dictionary<Architecture, double>();
        var testColumn = d.Test is null ? null : table.Metric(d.Test);
        for (var i = 0; i < table.Architectures.Count; i++)
        {
            valid[table.Architectures[i]] = table.Targets![i];
            if (testColumn?[i] is double t) test[table.Architectures[i]] = t;
        }
        // The pool labels are drawn from (and τ is measured on): every row, or the rows with PoolColumn == 1.
        var pool = Enumerable.Range(0, table.Rows.Count).Where(r => d.PoolColumn is null || table.Cell(r, d.PoolColumn) == "1").ToArray();
        var optimum = pool.Max(r => table.Targets![table.RowArchitecture[r]]);

        var sb = new StringBuilder();
        sb.Append("## ").Append(d.Title).Append("\n\n");
        sb.Append(string.Format(CultureInfo.InvariantCulture,
            "Target `{0}`; {1} seeds per N; labels drawn uniformly from {2} rows; τ/ρ on all the other rows of that pool. " +
            "Optimum of the pool: {3:F2}. Predictor and construction at their defaults{4}.\n\n",
            d.Target, seeds, pool.Length, optimum, epochs > 0 ? $" except --epochs {epochs}" : ""));
        sb.Append(d.Test is null
            ? "| N | best[0] true acc | best labelled acc | Kendall τ | Spearman ρ | method | s/run |\n|---|---|---|---|---|---|---|\n"
            : "| N | best[0] valid | best[0] test | best labelled valid | best labelled test | Kendall τ | Spearman ρ | method | s/run |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var n in d.Ns)
        {
            var outcomes = new List<Outcome>();
            for (var seed = 0; seed < seeds; seed++)
            {
                var o = RunOne(d, space, table, lines, pool, valid, test, n, seed, epochs, topK);
                outcomes.Add(o);
                Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} N={1} seed={2}: best[0] {3:F2} (labelled {4:F2}) tau {5:F3} {6} {7:F1}s",
                    d.Name, n, seed, o.BestValid, o.LabelledValid, o.Kendall, o.Method, o.Seconds));
            }
            foreach (var (name, xs) in VariantScores)
                Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "variant {0} N={1}: {2:F2} ± {3:F2} [{4}]", name, n, xs.Average(),
                    Math.Sqrt(xs.Sum(x => (x - xs.Average()) * (x - xs.Average())) / Math.Max(1, xs.Count - 1)), string.Join(" ", xs.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))));
            VariantScores.Clear();
            string Ms(IEnumerable<double> xs)
            {
                var a = xs.ToArray();
                var m = a.Average();
                var s = Math.Sqrt(a.Sum(x => (x - m) * (x - m)) / Math.Max(1, a.Length - 1));
                return string.Format(CultureInfo.InvariantCulture, "{0:F2} ± {1:F2}", m, s);
            }
            string M3(IEnumerable<double> xs) => xs.Average().ToString("F3", CultureInfo.InvariantCulture);
            var methods = string.Join(", ", outcomes.GroupBy(o => o.Method).Select(g => g.Key));
            var secs = outcomes.Average(o => o.Seconds).ToString("F1", CultureInfo.InvariantCulture);
            sb.Append(d.Test is null
                ? $"| {n} | {Ms(outcomes.Select(o => o.BestValid))} | {Ms(outcomes.Select(o => o.LabelledValid))} | {M3(outcomes.Select(o => o.Kendall))} | {M3(outcomes.Select(o => o.Spearman))} | {methods} | {secs} |\n"
                : $"| {n} | {Ms(outcomes.Select(o => o.BestValid))} | {Ms(outcomes.Select(o => o.BestTest!.Value))} | {Ms(outcomes.Select(o => o.LabelledValid))} | {Ms(outcomes.Select(o => o.LabelledTest!.Value))} | {M3(outcomes.Select(o => o.Kendall))} | {M3(outcomes.Select(o => o.Spearman))} | {methods} | {secs} |\n");
        }
        sb.Append("\n").Append("Values are mean ± standard deviation over seeds; s/run is the wall time of one whole build on a shared machine.\n");
        return sb.ToString();
    }

    private static Outcome RunOne(Dataset d, SearchSpace space, LabelSet table, string[] lines, int[] pool,
        Dictionary<Architecture, double> valid, Dictionary<Architecture, double> test, int n, int seed, int epochs, int topK)
    {
        // Uniform sample of N rows of the pool (partial Fisher–Yates with a per-(N, seed) generator).
        var rng = new Random(1_000 * n + seed);
        var idx = (int[])pool.Clone();
        for (var i = 0; i < n; i++) { var j = i + rng.Next(idx.Length - i); (idx[i], idx[j]) = (idx[j], idx[i]); }
        var chosen = idx.Take(n).OrderBy(i => i).ToArray();
        var csv = new StringBuilder(lines[0]).Append('\n');
        foreach (var r in chosen) csv.Append(lines[r + 1].TrimEnd('\r')).Append('\n');
        var labels = LabelsReader.Read(space, $"{d.Name}-{n}-{seed}.csv", csv.ToString(), TargetExpression.Parse(d.Target)).Labels!;

        var options = new BuildOptions { Target = d.Target, Seed = seed };
        if (epochs > 0) options.Epochs = epochs;
        if (topK > 0) options.TopK = topK;
        if (Ensemble > 0) options.Ensemble = Ensemble;
        if (CellMethodName is not null) options.CellMethod = CellMethodName == "prune" ? CellMethod.Prune : CellMethod.TrustRegion;
        var clock = Stopwatch.StartNew();
        var outcome = BuildPipeline.Run(space, "benchmark", labels, options);
        var seconds = clock.Elapsed.TotalSeconds;
        var result = outcome.Result ?? throw new InvalidOperationException(string.Join("\n", outcome.Diagnostics));

        var best = space.Parse(result.Best[0].Arch);
        var bestLabelled = space.Parse(result.BestLabelled!.Arch);
        var labelled = new HashSet<Architecture>(labels.Architectures);
        if (Variants) EvaluateVariants(space, labels, result, outcome.Predict!, valid, seed);
        var rest = pool.Select(r => table.Architectures[table.RowArchitecture[r]]).Where(a => !labelled.Contains(a)).Distinct().ToArray();
        var predicted = outcome.Predict!(rest);
        var truth = rest.Select(a => valid[a]).ToArray();
        return new Outcome(valid[best], test.TryGetValue(best, out var bt) ? bt : null, valid[bestLabelled],
            test.TryGetValue(bestLabelled, out var lt) ? lt : null,
            RankStatistics.Kendall(truth, predicted), RankStatistics.Spearman(truth, predicted), result.Best[0].Method, seconds);
    }

    private static void EvaluateVariants(SearchSpace space, LabelSet labels, AutoBuild.Spec.Results.AutoBuildResult result,
        Func<IReadOnlyList<Architecture>, double[]> predict, Dictionary<Architecture, double> valid, int seed)
    {
        var measured = new Dictionary<Architecture, double>();
        for (var i = 0; i < labels.Architectures.Count; i++) measured[labels.Architectures[i]] = labels.Targets![i];
        var ranked = AutoBuild.Learning.Scoring.Importance.RankValues(space, result.Importance);
        // Two extra predictors on every label (as --ensemble does) for the mean − c·spread variants.
        var encoder = new AutoBuild.Learning.Graphs.GraphEncoder(space);
        var graphs = labels.Architectures.Select(encoder.Encode).ToArray();
        var members = Enumerable.Range(1, 2).Select(m => AutoBuild.Learning.Predictor.PredictorTrainer.Train(encoder.Schema, graphs, labels.Targets!,
            new PredictorOptions { Seed = seed + 7919 * m, TestFraction = 0 })).ToArray();
        foreach (var keep in new[] { 0, 3 })
        {
            var allowed = keep == 0 ? null : ranked.Select(r => r?.Take(keep).ToArray()).ToArray();
            foreach (var radius in new[] { 1, 2, 3 })
            {
                var o = new AutoBuild.Learning.Search.TrustRegionOptions { Anchors = 5, Radius = radius };
                var cands = AutoBuild.Learning.Search.TrustRegion.Candidates(space, labels.Architectures, labels.Targets!, o, allowed);
                var p0 = predict(cands);
                var cg = cands.Select(encoder.Encode).ToArray();
                var ps = new[] { p0 }.Concat(members.Select(m => m.Predict(cg))).ToArray();
                var mean = Enumerable.Range(0, cands.Count).Select(i => ps.Average(p => p[i])).ToArray();
                var sd = Enumerable.Range(0, cands.Count).Select(i => Math.Sqrt(ps.Sum(p => (p[i] - mean[i]) * (p[i] - mean[i])) / (ps.Length - 1))).ToArray();
                // Local offset: the prediction's gain over the nearest anchor, added to that anchor's measurement.
                var index = cands.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i);
                var anchors = Enumerable.Range(0, labels.Architectures.Count).OrderByDescending(i => labels.Targets![i])
                    .ThenBy(i => labels.Architectures[i].ToString(), StringComparer.Ordinal).Take(o.Anchors).Select(i => labels.Architectures[i]).ToList();
                double[] Offset(double[] score) => cands.Select((a, i) =>
                {
                    var near = anchors.OrderBy(x => Enumerable.Range(0, a.Choices.Count).Count(d => a[d] != x[d])).First();
                    return measured[near] + score[i] - score[index[near]];
                }).ToArray();
                foreach (var (tag, score) in new[] { ("e1", p0), ("e3", mean), ("e3-1sd", mean.Select((m, i) => m - sd[i]).ToArray()),
                    ("e3-2sd", mean.Select((m, i) => m - 2 * sd[i]).ToArray()), ("e1-offset", Offset(p0)), ("e3-offset", Offset(mean)) })
                    foreach (var margin in new[] { 0.0, 0.5 })
                    {
                        var best = AutoBuild.Learning.Search.TrustRegion.Rank(cands, score, measured, margin)[0].Architecture;
                        var name = string.Format(CultureInfo.InvariantCulture, "top{0}-r{1}-{2}-m{3}", keep, radius, tag, margin);
                        if (!VariantScores.TryGetValue(name, out var list)) VariantScores[name] = list = new List<double>();
                        list.Add(valid[best]);
                    }
            }
        }
    }
}

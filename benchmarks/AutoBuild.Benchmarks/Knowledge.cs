using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using AutoBuild.Benchmarks.Planted;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec.Results;
using AutoBuild.Spec;
using AutoBuild.Learning.Build;
using AutoBuild.Learning.Predictor;
using AutoBuild.Learning.Scoring;
using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks;

/// <summary><c>knowledge</c> (issue 10): does the build's knowledge match the truth? For each benchmark, N and seed, N
/// labelled architectures are drawn, <c>autobuild build</c> runs in process, and its importance, module scores and
/// feature read-out are compared with the true marginal mean of every (decision, value): over the whole table for
/// NAS-Bench-201 / NAS-Bench-Macro, exact for the planted-truth spaces.</summary>
public static class Knowledge
{
    /// <summary>One benchmark: its space, how to draw N labels, and the truth per metric ([0] target, [1] latency or null).</summary>
    private sealed record Bench(string Name, SearchSpace Space, Func<int, int, string> Labels, string Target, string? Latency,
        double[][] Truth, double[][]? LatencyTruth, Func<Architecture, double?> TrueValue, double Optimum);

    private sealed record Outcome(double Spearman, double PairAgreement, double? DepthOrder, double? ModuleDepthOrder, double ModulePairAgreement,
        double? FeaturePairAgreement, double? LatencySpearman, double? BestTrue, double Seconds, double TopValue,
        double OldSpearman, double OldPairAgreement, double? OldDepthOrder, double OldTopValue, int PrunedDiffer);

    private static bool Verbose;

    public static int Run(Args args)
    {
        Verbose = args.Get("verbose", "false") == "true";
        var seeds = args.Int("seeds", 5);
        var firstSeed = args.Int("first-seed", 0);
        var only = args.Get("bench", "nb201,nb-macro,planted-ofa,planted-cell").Split(',');
        var epochs = args.Int("epochs", 0);
        var sb = new StringBuilder();
        sb.Append("| benchmark | N | Spearman (importance, truth) | value-pair order | depth order | depth order (module scores) | value-pair order (module scores) | feature read-out order | latency Spearman | best[0] true (optimum) | s/run |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var name in only)
        {
            var bench = Load(name, args.Get("label-depths", "planted"));
            foreach (var n in args.Ints("n-" + name, name.StartsWith("planted", StringComparison.Ordinal) ? "1000" : "100"))
            {
                var outcomes = new List<Outcome>();
                for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
                {
                    var o = RunOne(bench, n, seed, epochs);
                    outcomes.Add(o);
                    Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture,
                        "{0} N={1} seed={2}: spearman {3:F3} pairs {4:F3} depth {5} top-value {12:F3} module-depth {6} module-pairs {7:F3} features {8} latency {9} best[0] {10} {11:F1}s" +
                        " | mixed (session 13): spearman {13:F3} pairs {14:F3} depth {15} top-value {16:F3} | decisions whose top-3 differ {17}",
                        name, n, seed, o.Spearman, o.PairAgreement, Opt(o.DepthOrder), Opt(o.ModuleDepthOrder), o.ModulePairAgreement,
                        Opt(o.FeaturePairAgreement), Opt(o.LatencySpearman), Opt(o.BestTrue), o.Seconds, o.TopValue,
                        o.OldSpearman, o.OldPairAgreement, Opt(o.OldDepthOrder), o.OldTopValue, o.PrunedDiffer));
                }
                sb.Append(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} | {8} | {10} ({11:F2}) | {9:F1} |\n",
                    name, n, Ms(outcomes.Select(o => (double?)o.Spearman)), Ms(outcomes.Select(o => (double?)o.PairAgreement)),
                    Ms(outcomes.Select(o => o.DepthOrder)), Ms(outcomes.Select(o => o.ModuleDepthOrder)), Ms(outcomes.Select(o => (double?)o.ModulePairAgreement)),
                    Ms(outcomes.Select(o => o.FeaturePairAgreement)), Ms(outcomes.Select(o => o.LatencySpearman)), outcomes.Average(o => o.Seconds),
                    Ms(outcomes.Select(o => o.BestTrue), "F2"), bench.Optimum));
            }
        }
        Console.WriteLine(sb.ToString());
        return 0;
    }

    private static string Opt(double? x) => x is double v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static string Ms(IEnumerable<double?> xs, string format = "F3")
    {
        var a = xs.OfType<double>().ToArray();
        if (a.Length == 0) return "–";
        var m = a.Average();
        var s = Math.Sqrt(a.Sum(x => (x - m) * (x - m)) / Math.Max(1, a.Length - 1));
        return m.ToString(format, CultureInfo.InvariantCulture) + " ± " + s.ToString(format, CultureInfo.InvariantCulture);
    }

    private static Outcome RunOne(Bench b, int n, int seed, int epochs)
    {
        var csv = b.Labels(n, seed);
        var labels = LabelsReader.Read(b.Space, $"{b.Name}-{n}-{seed}.csv", csv, TargetExpression.Parse(b.Target));
        var set = labels.Labels ?? throw new InvalidOperationException(string.Join("\n", labels.Diagnostics));
        var options = new BuildOptions { Target = b.Target, Seed = seed, LatencyColumn = b.Latency };
        if (epochs > 0) options.Epochs = epochs;
        var clock = Stopwatch.StartNew();
        var outcome = BuildPipeline.Run(b.Space, "benchmark", set, options);
        var seconds = clock.Elapsed.TotalSeconds;
        var result = outcome.Result ?? throw new InvalidOperationException(string.Join("\n", outcome.Diagnostics));

        var space = b.Space;
        if (Verbose)
            foreach (var e in result.Importance)
            {
                var d = space.IndexOfDecision(e.Decision);
                Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0}={1}: score {2:F3} truth {3:F3}", e.Decision, e.Value, e.Score, b.Truth[d][space.Decisions[d].IndexOf(e.Value)]));
            }
        if (Verbose && space.CanEnumerate(20000))
        {
            // Diagnosis: the conditional mean of the predictions over the whole space, against the truth.
            var all = space.Enumerate().ToList();
            var pr = outcome.Predict!(all);
            var cm = result.Importance.Select(e =>
            {
                var d = space.IndexOfDecision(e.Decision); var v = space.Decisions[d].IndexOf(e.Value);
                return Enumerable.Range(0, all.Count).Where(i => all[i][d] == v).Average(i => pr[i]);
            }).ToArray();
            var tr = result.Importance.Select(e => b.Truth[space.IndexOfDecision(e.Decision)][space.Decisions[space.IndexOfDecision(e.Decision)].IndexOf(e.Value)]).ToArray();
            Console.Error.WriteLine($"  whole-space conditional mean of predictions: spearman {RankStatistics.Spearman(cm, tr):F3}; min prediction {pr.Min():F1}, predictions < 30: {pr.Count(x => x < 30)}");
        }
        var moduleImportance = Importance.FromModules(space, outcome.Modules);
        var depth = Enumerable.Range(0, space.Decisions.Count).Where(d => space.Decisions[d].Role == DecisionRole.Depth && space.Decisions[d].Values.Count > 1).ToArray();
        var old = outcome.ImportanceBy?.Invoke(ImportanceMode.Mixed) ?? result.Importance;
        if (outcome.ImportanceBy is { } by)
            foreach (var mode in Enum.GetValues<ImportanceMode>())
            {
                var m = by(mode);
                Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "  mode {0}: spearman {1:F3} pairs {2:F3} depth {3} top-value {4:F3} top-3 differ from mixed {5}",
                    mode, Spearman(space, m, b.Truth), PairAgreement(space, m, b.Truth, Enumerable.Range(0, space.Decisions.Count)),
                    depth.Length == 0 ? "-" : Opt(OrderAgreement(space, m, b.Truth, depth)), TopValueAgreement(space, m, b.Truth), PrunedDiffer(space, m, old)));
            }
        return new Outcome(
            Spearman(space, result.Importance, b.Truth),
            PairAgreement(space, result.Importance, b.Truth, Enumerable.Range(0, space.Decisions.Count)),
            depth.Length == 0 ? null : OrderAgreement(space, result.Importance, b.Truth, depth),
            depth.Length == 0 ? null : OrderAgreement(space, moduleImportance, b.Truth, depth),
            PairAgreement(space, moduleImportance, b.Truth, Enumerable.Range(0, space.Decisions.Count)),
            FeatureAgreement(space, result.FeatureImportance, b.Truth),
            b.LatencyTruth is null ? null : Spearman(space, result.LatencyImportance, b.LatencyTruth),
            b.TrueValue(space.Parse(result.Best[0].Arch)),
            seconds,
            TopValueAgreement(space, result.Importance, b.Truth),
            Spearman(space, old, b.Truth),
            PairAgreement(space, old, b.Truth, Enumerable.Range(0, space.Decisions.Count)),
            depth.Length == 0 ? null : OrderAgreement(space, old, b.Truth, depth),
            TopValueAgreement(space, old, b.Truth),
            PrunedDiffer(space, result.Importance, old));
    }

    private static double Score(SearchSpace space, IReadOnlyList<ImportanceEntry> entries, int d, int v) =>
        entries.FirstOrDefault(e => e.Decision == space.Decisions[d].Name && e.Value == space.Decisions[d].Values[v])?.Score ?? double.NaN;

    /// <summary>Spearman over every (decision, value) that has both a score and a true marginal mean.</summary>
    private static double Spearman(SearchSpace space, IReadOnlyList<ImportanceEntry> entries, double[][] truth)
    {
        var pairs = entries.Select(e => (e.Score, Truth: truth[space.IndexOfDecision(e.Decision)][space.Decisions[space.IndexOfDecision(e.Decision)].IndexOf(e.Value)]))
            .Where(p => !double.IsNaN(p.Truth) && !double.IsNaN(p.Score)).ToArray();
        return RankStatistics.Spearman(pairs.Select(p => p.Score).ToArray(), pairs.Select(p => p.Truth).ToArray());
    }

    /// <summary>Share of the value pairs within a decision that the scores order as the truth does (pairs with equal truth skipped).</summary>
    private static double PairAgreement(SearchSpace space, IReadOnlyList<ImportanceEntry> entries, double[][] truth, IEnumerable<int> decisions)
    {
        int agree = 0, total = 0;
        foreach (var d in decisions)
            for (var v = 0; v < truth[d].Length; v++)
                for (var w = v + 1; w < truth[d].Length; w++)
                {
                    if (double.IsNaN(truth[d][v]) || double.IsNaN(truth[d][w]) || truth[d][v] == truth[d][w]) continue;
                    double sv = Score(space, entries, d, v), sw = Score(space, entries, d, w);
                    if (double.IsNaN(sv) || double.IsNaN(sw)) continue;
                    total++;
                    if (Math.Sign(sv - sw) == Math.Sign(truth[d][v] - truth[d][w])) agree++;
                }
        return total == 0 ? double.NaN : (double)agree / total;
    }

    /// <summary>Share of the decisions (with a score and a truth for every value) whose highest-scoring value is the truly best one.</summary>
    private static double TopValueAgreement(SearchSpace space, IReadOnlyList<ImportanceEntry> entries, double[][] truth)
    {
        int agree = 0, total = 0;
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            var scores = Enumerable.Range(0, truth[d].Length).Select(v => Score(space, entries, d, v)).ToArray();
            if (truth[d].Length < 2 || scores.Any(double.IsNaN) || truth[d].Any(double.IsNaN)) continue;
            total++;
            if (truth[d][Array.IndexOf(scores, scores.Max())] == truth[d].Max()) agree++;
        }
        return total == 0 ? double.NaN : (double)agree / total;
    }

    /// <summary>Decisions whose ranked top values (what a cell search keeps, <see cref="BuildOptions.DefaultDecisionTopK"/>) differ between two importances.</summary>
    private static int PrunedDiffer(SearchSpace space, IReadOnlyList<ImportanceEntry> a, IReadOnlyList<ImportanceEntry> b)
    {
        var (ra, rb) = (Importance.RankValues(space, a), Importance.RankValues(space, b));
        return Enumerable.Range(0, space.Decisions.Count).Count(d =>
            !(ra[d] ?? Array.Empty<int>()).Take(BuildOptions.DefaultDecisionTopK).SequenceEqual((rb[d] ?? Array.Empty<int>()).Take(BuildOptions.DefaultDecisionTopK)));
    }

    /// <summary>Share of the given decisions whose whole value order matches the truth.</summary>
    private static double OrderAgreement(SearchSpace space, IReadOnlyList<ImportanceEntry> entries, double[][] truth, int[] decisions) =>
        decisions.Count(d => PairAgreement(space, entries, truth, new[] { d }) == 1.0) / (double)decisions.Length;

    /// <summary>The read-out per feature value against the truth averaged over the decisions that carry it (what the
    /// read-out claims to summarise): share of value pairs within a feature ordered as the truth.</summary>
    private static double? FeatureAgreement(SearchSpace space, IReadOnlyList<FeatureImportance> features, double[][] truth)
    {
        int agree = 0, total = 0;
        var encoder = new AutoBuild.Learning.Graphs.GraphEncoder(space);
        foreach (var group in features.GroupBy(f => f.Feature))
        {
            var decisions = Enumerable.Range(0, space.Decisions.Count).Where(d => encoder.CategoricalFeatureOf(d) == group.Key).ToArray();
            double True(string value) => decisions.Select(d => space.Decisions[d].IndexOf(value) is var v and >= 0 ? truth[d][v] : double.NaN)
                .Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Average();
            var list = group.ToArray();
            for (var i = 0; i < list.Length; i++)
                for (var j = i + 1; j < list.Length; j++)
                {
                    double ti = True(list[i].Value), tj = True(list[j].Value);
                    if (double.IsNaN(ti) || double.IsNaN(tj) || ti == tj) continue;
                    total++;
                    if (Math.Sign(list[i].Score - list[j].Score) == Math.Sign(ti - tj)) agree++;
                }
        }
        return total == 0 ? null : (double)agree / total;
    }

    // ---- Benchmarks.

    private static Bench Load(string name, string labelDepths) => name switch
    {
        "nb201" => Table(name, "nas-bench-201.space.yaml", Path.Combine(Args.DataDir, "nas-bench-201", "nb201_all.csv.gz"), "c10v_valid_acc_200ep", null),
        "nb-macro" => Table(name, "nas-bench-macro.space.yaml", Path.Combine(Args.DataDir, "nas-bench-macro", "nas_bench_macro_cifar10.csv.gz"), "mean_acc", "is_canonical"),
        _ => Planted(PlantedSpaces.ByName(name), labelDepths),
    };

    private static Bench Planted(PlantedSpace p, string labelDepths) =>
        new(p.Name, p.Space, (n, seed) => labelDepths == "planted" ? p.ToCsv(p.Sample(n, seed))
                : p.ToCsv(p.Architectures(n, seed, labelDepths).Select(a => new PlantedRow(a, p.NoisyMeasurement(a))).ToArray()), p.TargetColumn, p.LatencyColumn, p.Accuracy.MarginalMeans, p.Latency.MarginalMeans,
            a => p.Accuracy.Value(a), p.Accuracy.OptimumValue);

    /// <summary>A benchmark table: labels are N rows drawn uniformly from the pool (every row, or those with
    /// <paramref name="poolColumn"/> = 1); the truth is the mean target of the pool's rows per (decision, value).</summary>
    private static Bench Table(string name, string spec, string data, string target, string? poolColumn)
    {
        var compiled = SpecCompiler.CompileFile(Path.Combine(Args.RepoRoot, "examples", "spaces", spec));
        var space = compiled.Space ?? throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics));
        var text = data.EndsWith(".gz", StringComparison.Ordinal)
            ? new StreamReader(new GZipStream(File.OpenRead(data), CompressionMode.Decompress)).ReadToEnd()
            : File.ReadAllText(data);
        var table = LabelsReader.Read(space, Path.GetFileName(data), text, TargetExpression.Parse(target)).Labels
            ?? throw new InvalidOperationException($"cannot read {data}");
        var lines = text.Split('\n').Where(l => l.Length > 0).ToArray(); // header + one line per row
        var pool = Enumerable.Range(0, table.Rows.Count).Where(r => poolColumn is null || table.Cell(r, poolColumn) == "1").ToArray();
        var sums = space.Decisions.Select(d => new double[d.Values.Count]).ToArray();
        var counts = space.Decisions.Select(d => new int[d.Values.Count]).ToArray();
        foreach (var r in pool)
        {
            var a = table.Architectures[table.RowArchitecture[r]];
            var y = table.Targets![table.RowArchitecture[r]];
            for (var d = 0; d < sums.Length; d++) if (a[d] >= 0) { sums[d][a[d]] += y; counts[d][a[d]]++; }
        }
        var truth = sums.Select((s, d) => s.Select((x, v) => counts[d][v] > 0 ? x / counts[d][v] : double.NaN).ToArray()).ToArray();
        string Labels(int n, int seed)
        {
            // Uniform sample of N pool rows (partial Fisher–Yates, as the quality benchmark draws them).
            var rng = new Random(1_000 * n + seed);
            var idx = (int[])pool.Clone();
            for (var i = 0; i < n; i++) { var j = i + rng.Next(idx.Length - i); (idx[i], idx[j]) = (idx[j], idx[i]); }
            var csv = new StringBuilder(lines[0].TrimEnd('\r')).Append('\n');
            foreach (var r in idx.Take(n).OrderBy(i => i)) csv.Append(lines[r + 1].TrimEnd('\r')).Append('\n');
            return csv.ToString();
        }
        var value = new Dictionary<Architecture, double>();
        foreach (var r in pool) value[table.Architectures[table.RowArchitecture[r]]] = table.Targets![table.RowArchitecture[r]];
        return new Bench(name, space, Labels, target, null, truth, null, a => value.TryGetValue(a, out var y) ? y : null, value.Values.Max());
    }
}

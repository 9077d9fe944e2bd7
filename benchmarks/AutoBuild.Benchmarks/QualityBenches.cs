using System.Globalization;
using System.IO.Compression;
using AutoBuild.Benchmarks.Planted;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec;
using AutoBuild.Learning.Build;
using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks;

/// <summary>A budget variant of a quality benchmark: how it changes the build options and how the truth says
/// whether an architecture really fits.</summary>
public sealed record BudgetVariant(string Name, Action<BuildOptions> Apply, Func<Architecture, bool> Fits);

/// <summary>One space of the <c>quality</c> benchmark: labels are drawn from <see cref="Draw"/> (uniform over
/// the table's rows, or the planted sampler), <see cref="Measure"/> gives the metrics a measurement would write
/// into the labels (target first, then latency when there is one), <see cref="Truth"/> the value the tables report.</summary>
public sealed class QualityBench
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required SearchSpace Space { get; init; }
    public required string Target { get; init; }
    public string? LatencyColumn { get; init; }
    public required Func<Architecture, double> Truth { get; init; }
    public required Func<Architecture, double[]> Measure { get; init; }
    /// <summary>Distinct labelled architectures for a seed (the initial labels).</summary>
    public required Func<int, int, IReadOnlyList<Architecture>> Draw { get; init; }
    /// <summary>A random architecture of the search distribution (random search, REA's mutations stay in the space).</summary>
    public required Func<Random, Architecture> Random { get; init; }
    public required double Optimum { get; init; }
    /// <summary>When set (<c>--replicates true</c>, session 17), each architecture is measured as several rows, one per
    /// training run (the target of each; other metrics as <see cref="Measure"/>), with a <c>run</c> column numbering them
    /// (docs/labels.md, "Replicates"); the truth stays <see cref="Truth"/>.</summary>
    public Func<Architecture, double[]>? Runs { get; init; }
    public List<BudgetVariant> Variants { get; } = new();

    /// <summary>A labels CSV: one column per decision (inactive empty), then the metric columns; when
    /// <paramref name="predicted"/> holds measured candidates, also the product's candidate column
    /// (<see cref="LabelsReader.PredictedColumn"/>) with what the build that proposed each predicted for it, as
    /// <c>autobuild build --candidates-out</c> writes it (empty for the initial labels).</summary>
    public string Csv(IEnumerable<Architecture> architectures, IReadOnlyDictionary<Architecture, double>? predicted = null)
    {
        var columns = new List<string> { Target };
        if (LatencyColumn is not null) columns.Add(LatencyColumn);
        var provenance = predicted is { Count: > 0 };
        if (Runs is not null) columns.Add("run");
        if (provenance) columns.Add(LabelsReader.PredictedColumn);
        var sb = new System.Text.StringBuilder();
        sb.AppendJoin(',', Space.Decisions.Select(d => d.Name).Concat(columns)).Append('\n');
        foreach (var a in architectures)
        {
            var metrics = Measure(a);
            var runs = Runs?.Invoke(a) ?? [metrics[0]];
            for (var r = 0; r < runs.Length; r++)
            {
                for (var d = 0; d < Space.Decisions.Count; d++) sb.Append(a[d] >= 0 ? Space.Decisions[d].Values[a[d]] : "").Append(',');
                sb.AppendJoin(',', metrics.Select((v, i) => (i == 0 ? runs[r] : v).ToString("R", CultureInfo.InvariantCulture)));
                if (Runs is not null) sb.Append(',').Append((r + 1).ToString(CultureInfo.InvariantCulture));
                if (provenance) sb.Append(',').Append(predicted!.TryGetValue(a, out var p) ? AutoBuild.Learning.Build.BuildOutput.FormatPredicted(p) : "");
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    public LabelSet Labels(IEnumerable<Architecture> architectures, string name, IReadOnlyDictionary<Architecture, double>? predicted = null) =>
        LabelsReader.Read(Space, name, Csv(architectures, predicted), TargetExpression.Parse(Target)).Labels
        ?? throw new InvalidOperationException("benchmark labels do not read");

    // ---- The spaces.

    /// <param name="latencyDevice">The NAS-Bench-201 hardware column of the latency budget: <c>edgegpu</c>
    /// (c10_edgegpu_latency, the default) or another device of nb201_hw_dev.csv.gz, e.g. <c>raspi4</c> (c10_raspi4_latency).</param>
    /// <param name="target">The column the labels measure (default the 3-run mean of CIFAR-10 valid accuracy); the
    /// truth stays that mean unless <paramref name="truth"/> names another column. A one-run column
    /// (c10v_valid_acc_200ep_1seed) measures with real training noise; a 12-epoch CIFAR-100 or ImageNet16-120 column
    /// (with the same truth column) is data the product was not tuned on.</param>
    public static QualityBench Nb201(string latencyDevice = "edgegpu", string target = "c10v_valid_acc_200ep", string? truth = null)
    {
        truth ??= target == "c10v_valid_acc_200ep_1seed" ? "c10v_valid_acc_200ep" : target;
        var space = Spec("nas-bench-201.space.yaml");
        var rows = ReadCsv(Path.Combine(Args.DataDir, "nas-bench-201", "nb201_all.csv.gz"));
        var hw = ReadCsv(Path.Combine(Args.DataDir, "nas-bench-201", "nb201_hw_dev.csv.gz"));
        var latencyColumn = $"c10_{latencyDevice}_latency";
        if (hw.Count > 0 && !hw[0].ContainsKey(latencyColumn))
            throw new ArgumentException($"nb201_hw_dev.csv.gz has no column {latencyColumn} (--latency-device {latencyDevice})");
        var latencyByString = hw.ToDictionary(r => r["arch_str"], r => Num(r[latencyColumn]), StringComparer.Ordinal);
        var valid = new Dictionary<Architecture, double>();
        var measured = new Dictionary<Architecture, double>();
        var latency = new Dictionary<Architecture, double>();
        foreach (var r in rows)
        {
            var a = space.Parse(r["arch_str"]);
            valid[a] = Num(r[truth]);
            measured[a] = Num(r[target]);
            latency[a] = latencyByString[r["arch_str"]];
        }
        var pool = valid.Keys.ToArray();
        var bench = new QualityBench
        {
            Name = "nb201", Title = target == "c10v_valid_acc_200ep" ? "NAS-Bench-201 (CIFAR-10 valid accuracy, 200 epochs)" : $"NAS-Bench-201 (labels {target}, truth {truth})", Space = space, Target = "acc", LatencyColumn = "latency",
            Truth = a => valid[a], Measure = a => new[] { measured[a], latency[a] }, Draw = (n, seed) => Uniform(pool, n, 1_000 * n + seed),
            Random = r => pool[r.Next(pool.Length)], Optimum = valid.Values.Max(),
        };
        var p30 = Percentile(pool.Select(a => (double)space.Params(a)), 0.3);
        bench.Variants.Add(new BudgetVariant("params ≤ p30", o => o.MaxParams = p30, a => space.Params(a) <= p30));
        var l30 = Percentile(latency.Values, 0.3);
        var deviceName = latencyDevice switch { "edgegpu" => "edge-GPU", "raspi4" => "Raspberry Pi 4", _ => latencyDevice };
        bench.Variants.Add(new BudgetVariant($"{deviceName} latency ≤ p30", o => { o.MaxLatency = l30; o.LatencyColumn = "latency"; }, a => latency[a] <= l30));
        return bench;
    }

    /// <param name="replicates">Label each architecture with its three CIFAR-10 runs as three rows (a <c>run</c> column,
    /// docs/labels.md "Replicates") instead of one row of their mean; the truth stays the 3-run mean.</param>
    public static QualityBench NbMacro(bool replicates = false)
    {
        var space = Spec("nas-bench-macro.space.yaml");
        var rows = ReadCsv(Path.Combine(Args.DataDir, "nas-bench-macro", "nas_bench_macro_cifar10.csv.gz"));
        var acc = new Dictionary<Architecture, double>();
        var runsOf = new Dictionary<Architecture, double[]>();
        var canonical = new List<Architecture>();
        foreach (var r in rows)
        {
            var choices = space.Decisions.Select(d => d.IndexOf(r[d.Name])).ToArray();
            var a = space.Create(choices);
            acc[a] = Num(r["mean_acc"]);
            runsOf[a] = [Num(r["test_acc_run1"]), Num(r["test_acc_run2"]), Num(r["test_acc_run3"])];
            if (r["is_canonical"] == "1") canonical.Add(a);
        }
        var pool = canonical.ToArray();
        var all = acc.Keys.ToArray();
        var bench = new QualityBench
        {
            Name = "nb-macro", Title = replicates ? "NAS-Bench-Macro (CIFAR-10, labels: the 3 runs as rows, truth their mean)" : "NAS-Bench-Macro (CIFAR-10, mean of 3 runs)", Space = space, Target = "acc",
            Truth = a => acc[a], Measure = a => new[] { acc[a] }, Draw = (n, seed) => Uniform(pool, n, 1_000 * n + seed),
            Random = r => all[r.Next(all.Length)], Optimum = pool.Max(a => acc[a]),
            Runs = replicates ? a => runsOf[a] : null,
        };
        var f30 = Percentile(pool.Select(a => (double)space.Flops(a)), 0.3);
        bench.Variants.Add(new BudgetVariant("FLOPs ≤ p30", o => o.MaxFlops = f30, a => space.Flops(a) <= f30));
        return bench;
    }

    /// <summary>A planted-truth space: the labels are drawn with the sampler's distribution; every measurement (the
    /// initial labels and the candidates of each round) is the noiseless value, or with <paramref name="labelNoise"/>
    /// the noiseless value plus the sampler's noise (fixed per architecture, like a table). The truth is always noiseless.</summary>
    public static QualityBench Planted(string name, bool labelNoise = false, string labelDepths = "planted")
    {
        var planted = PlantedSpaces.ByName(name);
        var space = planted.Space;
        var sample = Enumerable.Range(0, 2000).Select(i => planted.Draw(new Random(77 + i))).ToArray();
        var bench = new QualityBench
        {
            Name = name, Title = $"{name} (planted truth: {planted.Description})", Space = space, Target = planted.TargetColumn, LatencyColumn = planted.LatencyColumn,
            Truth = planted.Accuracy.Value,
            Measure = labelNoise ? a => planted.NoisyMeasurement(a) : a => new[] { planted.Accuracy.Value(a), planted.Latency.Value(a) },
            Draw = (n, seed) => planted.Architectures(n, 1_000 * n + seed, labelDepths).ToArray(),
            Random = planted.Draw, Optimum = planted.Accuracy.OptimumValue,
        };
        var p30 = Percentile(sample.Select(a => (double)(name == "planted-ofa" ? space.Flops(a) : space.Params(a))), 0.3);
        bench.Variants.Add(name == "planted-ofa"
            ? new BudgetVariant("FLOPs ≤ p30", o => o.MaxFlops = p30, a => space.Flops(a) <= p30)
            : new BudgetVariant("params ≤ p30", o => o.MaxParams = p30, a => space.Params(a) <= p30));
        var l30 = Percentile(sample.Select(planted.Latency.Value), 0.3);
        bench.Variants.Add(new BudgetVariant("latency ≤ p30", o => { o.MaxLatency = l30; o.LatencyColumn = planted.LatencyColumn; }, a => planted.Latency.Value(a) <= l30));
        return bench;
    }

    internal static SearchSpace Spec(string file)
    {
        var spec = SpecCompiler.CompileFile(Path.Combine(Args.RepoRoot, "examples", "spaces", file));
        return spec.Space ?? throw new InvalidOperationException(string.Join("\n", spec.Diagnostics));
    }

    private static Architecture[] Uniform(Architecture[] pool, int n, int seed)
    {
        // Partial Fisher–Yates with a per-(N, seed) generator.
        var rng = new Random(seed);
        var idx = (Architecture[])pool.Clone();
        for (var i = 0; i < n; i++) { var j = i + rng.Next(idx.Length - i); (idx[i], idx[j]) = (idx[j], idx[i]); }
        return idx.Take(n).ToArray();
    }

    public static double Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[(int)Math.Floor(q * (sorted.Length - 1))];
    }

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = path.EndsWith(".gz", StringComparison.Ordinal)
            ? new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress)) : new StreamReader(path);
        var header = reader.ReadLine()!.Split(',');
        var rows = new List<Dictionary<string, string>>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) row[header[i]] = f[i];
            rows.Add(row);
        }
        return rows;
    }
}

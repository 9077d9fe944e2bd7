using System.Globalization;
using AutoBuild.Spec.Results;

namespace AutoBuild.Reports.Tests;

/// <summary>
/// Realistic build results for report tests, made from the real benchmark tables in data/: labelled
/// points, costs and measured targets are real; importance and module scores are the real mean targets of the
/// labelled architectures having a choice (what a good predictor's scores approximate); predictions are the true
/// values with a seeded error, so the predictor-quality charts look like a real run's.
/// </summary>
internal static class ReportFixtures
{
    public static string RepoRoot => AutoBuild.Tests.Shared.RepoData.RepoRoot;

    public static string DataDir => AutoBuild.Tests.Shared.RepoData.File();

    private static readonly string[] Nb201Edges = { "edge_01", "edge_02", "edge_12", "edge_03", "edge_13", "edge_23" };
    private static readonly string[] Nb201Ops = { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" };

    private sealed record Row(string Arch, string[] Choices, double Target, long Params, long Flops, double? Latency);

    /// <summary>NAS-Bench-201 (cell space), 100 labelled architectures, no budget, with edge-GPU latency.</summary>
    public static AutoBuildResult Nb201(int labelledCount = 100, int seed = 201)
    {
        var latency = ReadCsv(Path.Combine(DataDir, "nas-bench-201", "nb201_hw_dev.csv.gz"))
            .ToDictionary(r => r["arch_str"], r => D(r["c10_edgegpu_latency"]), StringComparer.Ordinal);
        var all = ReadCsv(Path.Combine(DataDir, "nas-bench-201", "nb201_all.csv.gz"))
            .Select(r => new Row(r["arch_str"], Nb201Edges.Select(e => r[e]).ToArray(), D(r["c10v_valid_acc_200ep"]),
                (long)Math.Round(D(r["params_m_c10"]) * 1e6), (long)Math.Round(D(r["flops_m_c10"]) * 1e6), latency[r["arch_str"]]))
            .ToList();
        var rng = new Random(seed);
        var labelled = Sample(all, labelledCount, rng);
        var result = Common("NasBench201", "cell", "c10v_valid_acc_200ep", seed, all.Count, labelled, Nb201Edges, rng);
        result.Predictor.TrainSeconds = 0;
        result.Warnings.Add("labels.csv: warning AB3001: only 100 labelled architectures for a space of 15,625: module scores of rare choices rest on few examples.");

        // Modules: the incoming edges of each node of the cell, scored by the mean target of labelled cells having them.
        for (var node = 1; node <= 3; node++)
        {
            var edges = Enumerable.Range(0, Nb201Edges.Length).Where(i => Nb201Edges[i][^1] - '0' == node).ToArray();
            var combos = Combinations(edges.Length, Nb201Ops.Length);
            var scored = combos.Select(c => (Ops: c, Rows: labelled.Where(r => edges.Select((e, k) => r.Choices[e] == Nb201Ops[c[k]]).All(b => b)).ToList()))
                .Where(x => x.Rows.Count > 0)
                .Select(x => (x.Ops, Score: x.Rows.Average(r => r.Target)))
                .OrderByDescending(x => x.Score).ThenBy(x => string.Join(",", x.Ops)).Take(8).ToList();
            for (var k = 0; k < scored.Count; k++)
            {
                var m = new ModuleScore { Stage = "node" + node, Hops = edges.Length, Rank = k + 1, Score = scored[k].Score };
                for (var e = 0; e < edges.Length; e++) m.Decisions[Nb201Edges[edges[e]]] = Nb201Ops[scored[k].Ops[e]];
                result.Modules.Add(m);
            }
        }
        foreach (var op in Nb201Ops)
        {
            var having = labelled.Where(r => r.Choices.Contains(op)).ToList();
            result.FeatureImportance.Add(new FeatureImportance { Feature = "op", Value = op, Score = having.Count == 0 ? 0 : Math.Abs(having.Average(r => r.Target) - 60) / 10 });
        }

        // Built: the cells with the highest summed importance (what prune+exhaustive ranks first), predicted with a small error.
        var imp = result.Importance.ToDictionary(e => (e.Decision, e.Value), e => e.Score);
        var ranked = all.OrderByDescending(r => Nb201Edges.Select((e, i) => imp.GetValueOrDefault((e, r.Choices[i]), 0)).Sum()).ThenBy(r => r.Arch, StringComparer.Ordinal).Take(5).ToList();
        AddBest(result, ranked, "prune+exhaustive", Nb201Edges, labelled, rng);

        // The fixed NB201 skeleton around the cell.
        var blocks = new List<(string Stage, string Label, string Shape)> { ("stem", "conv3x3", "16x32x32") };
        foreach (var (c, size, i) in new[] { (16, 32, 1), (32, 16, 2), (64, 8, 3) })
        {
            if (i > 1) blocks.Add(("stage" + i, "resblock s2", c + "x" + size + "x" + size));
            for (var k = 1; k <= 5; k++) blocks.Add(("stage" + i, "cell", c + "x" + size + "x" + size));
        }
        blocks.Add(("head", "BN + ReLU", "64x8x8"));
        blocks.Add(("head", "global pool", "64"));
        blocks.Add(("head", "linear", "10"));
        for (var i = 0; i < blocks.Count; i++)
            result.Blocks.Add(new BlockInfo { Index = i, Stage = blocks[i].Stage, Layer = blocks[i].Label == "cell" ? 1 : 0, Label = blocks[i].Label, OutShape = blocks[i].Shape });
        return result;
    }

    private static readonly string[] MacroLayers = Enumerable.Range(0, 8).Select(i => "layer" + i).ToArray();
    private static readonly string[] MacroOps = { "id", "mb3_k3", "mb6_k5" };
    private static readonly int[][] MacroStages = { new[] { 0, 1 }, new[] { 2, 3, 4 }, new[] { 5, 6, 7 } };

    /// <summary>NAS-Bench-Macro (macro space), 200 labelled canonical architectures, a FLOPs budget of 60 M that binds.</summary>
    public static AutoBuildResult NasBenchMacro(int labelledCount = 200, int seed = 7, double maxFlops = 60e6)
    {
        var all = ReadCsv(Path.Combine(DataDir, "nas-bench-macro", "nas_bench_macro_cifar10.csv.gz"))
            .Where(r => r["is_canonical"] == "1")
            .Select(r => new Row(r["arch"], MacroLayers.Select(l => r[l]).ToArray(), D(r["mean_acc"]), long.Parse(r["params"], CultureInfo.InvariantCulture),
                long.Parse(r["flops"], CultureInfo.InvariantCulture), null))
            .ToList();
        var rng = new Random(seed);
        var labelled = Sample(all, labelledCount, rng);
        var result = Common("NasBenchMacro", "macro", "mean_acc", seed, 6561, labelled, MacroLayers, rng);
        result.Constraints.MaxFlops = maxFlops;
        result.Predictor.TrainSeconds = 4.72;

        var moduleScore = new Dictionary<(int Stage, string Ops), double>();
        for (var s = 0; s < MacroStages.Length; s++)
        {
            var layers = MacroStages[s];
            var scored = Combinations(layers.Length, MacroOps.Length)
                .Select(c => (Ops: c, Rows: labelled.Where(r => layers.Select((l, k) => r.Choices[l] == MacroOps[c[k]]).All(b => b)).ToList()))
                .Where(x => x.Rows.Count > 0)
                .Select(x => (x.Ops, Score: x.Rows.Average(r => r.Target)))
                .OrderByDescending(x => x.Score).ThenBy(x => string.Join(",", x.Ops)).ToList();
            foreach (var (ops, score) in scored) moduleScore[(s, string.Join(",", ops))] = score;
            for (var k = 0; k < Math.Min(6, scored.Count); k++)
            {
                var m = new ModuleScore { Stage = "s" + (s + 1), Hops = layers.Length - 1, Rank = k + 1, Score = scored[k].Score };
                for (var l = 0; l < layers.Length; l++) m.Decisions[MacroLayers[layers[l]]] = MacroOps[scored[k].Ops[l]];
                result.Modules.Add(m);
            }
        }
        foreach (var (feature, values) in new[] { ("op", MacroOps), ("stage", new[] { "s1", "s2", "s3" }) })
            for (var v = 0; v < values.Length; v++)
                result.FeatureImportance.Add(new FeatureImportance { Feature = feature, Value = values[v], Score = 0.4 + 0.3 * v + 0.05 * feature.Length });

        // Built: the best-scoring stage modules whose network fits the FLOPs budget (the knapsack's answer, by brute force here).
        double ScoreOf(Row r) => Enumerable.Range(0, MacroStages.Length)
            .Sum(s => moduleScore.GetValueOrDefault((s, string.Join(",", MacroStages[s].Select(l => Array.IndexOf(MacroOps, r.Choices[l])))), 0));
        var ranked = all.Where(r => r.Flops <= maxFlops).OrderByDescending(ScoreOf).ThenBy(r => r.Arch, StringComparer.Ordinal).Take(3).ToList();
        AddBest(result, ranked, "construct-constrained", MacroLayers, labelled, rng);
        for (var i = 0; i < ranked.Count; i++) result.Best[i].Score = ScoreOf(ranked[i]);

        // Blocks of the built network, each coloured by the importance of its op at its layer.
        var built = ranked[0];
        var imp = result.Importance.ToDictionary(e => (e.Decision, e.Value), e => e.Score);
        var index = 0;
        result.Blocks.Add(new BlockInfo { Index = index++, Stage = "stem", Label = "conv3x3", OutShape = "32x32x32" });
        var channels = new[] { 64, 128, 256 };
        var sizes = new[] { 16, 8, 4 };
        for (var s = 0; s < MacroStages.Length; s++)
            for (var l = 0; l < MacroStages[s].Length; l++)
            {
                var op = built.Choices[MacroStages[s][l]];
                var label = op switch { "mb3_k3" => "MB3 k3", "mb6_k5" => "MB6 k5", _ => l == 0 ? "id (conv1x1 s2)" : "identity" };
                result.Blocks.Add(new BlockInfo
                {
                    Index = index++, Stage = "s" + (s + 1), Layer = l + 1, Label = label, OutShape = channels[s] + "x" + sizes[s] + "x" + sizes[s],
                    Score = imp.GetValueOrDefault((MacroLayers[MacroStages[s][l]], op)),
                });
            }
        result.Blocks.Add(new BlockInfo { Index = index++, Stage = "head", Label = "conv1x1", OutShape = "1280x4x4" });
        result.Blocks.Add(new BlockInfo { Index = index++, Stage = "head", Label = "global pool", OutShape = "1280" });
        result.Blocks.Add(new BlockInfo { Index = index, Stage = "head", Label = "linear", OutShape = "10" });
        return result;
    }

    private static AutoBuildResult Common(string space, string kind, string target, int seed, int spaceSize, List<Row> labelled, string[] decisions, Random rng)
    {
        var r = new AutoBuildResult
        {
            Space = space, Kind = kind, Namespace = "Examples.Vision", Target = target, Seed = seed, Tool = "autobuild 0.1.0",
            SpecHash = "3f1c9a0d5e7b2c4a8f6e1d0b9c8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a",
            LabelsHash = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
            SpaceSize = spaceSize.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var l in labelled) r.Labelled.Add(new LabelledPoint { Arch = l.Arch, Target = l.Target, Params = l.Params, Flops = l.Flops, Latency = l.Latency });
        var best = labelled.OrderByDescending(l => l.Target).First();
        r.BestLabelled = Ranked(best, "labelled", 1, decisions, best.Target - 0.4, best.Target);

        for (var d = 0; d < decisions.Length; d++)
            foreach (var group in labelled.GroupBy(l => l.Choices[d]).OrderBy(g => g.Key, StringComparer.Ordinal))
                r.Importance.Add(new ImportanceEntry { Decision = decisions[d], Value = group.Key, Score = group.Average(x => x.Target), Count = group.Count() });

        // Held out: every fifth labelled architecture, predicted with a seeded error that shrinks towards the mean.
        var test = labelled.Where((_, i) => i % 5 == 0).ToList();
        var mean = labelled.Average(l => l.Target);
        foreach (var t in test)
            r.Predictor.HeldOut.Add(new HeldOutPoint { Arch = t.Arch, Measured = t.Target, Predicted = mean + 0.8 * (t.Target - mean) + Normal(rng) * 1.1 });
        var p = r.Predictor;
        p.Gnn = "graphconv"; p.Hidden = 64; p.Layers = 3; p.Epochs = 200; p.Batch = 32; p.LearningRate = 0.001; p.Lambda = 0.5;
        p.TrainSize = labelled.Count - test.Count;
        p.TestSize = test.Count;
        p.TestSpearman = Spearman(p.HeldOut.Select(h => h.Measured).ToList(), p.HeldOut.Select(h => h.Predicted).ToList());
        p.TestKendall = Kendall(p.HeldOut.Select(h => h.Measured).ToList(), p.HeldOut.Select(h => h.Predicted).ToList());
        p.TestPrecisionTop5 = 0.5;
        p.TestMae = p.HeldOut.Average(h => Math.Abs(h.Predicted - h.Measured));
        p.HopSpearman.AddRange(new[] { 0.41, 0.63, 0.72, p.TestSpearman });
        return r;
    }

    private static void AddBest(AutoBuildResult result, List<Row> ranked, string method, string[] decisions, List<Row> labelled, Random rng)
    {
        for (var i = 0; i < ranked.Count; i++)
        {
            var isLabelled = labelled.Any(l => l.Arch == ranked[i].Arch);
            result.Best.Add(Ranked(ranked[i], method, i + 1, decisions, ranked[i].Target + 0.3 + 0.2 * Normal(rng), isLabelled ? ranked[i].Target : null));
        }
    }

    private static RankedArchitecture Ranked(Row row, string method, int rank, string[] decisions, double predicted, double? measured)
    {
        var a = new RankedArchitecture
        {
            Rank = rank, Method = method, Arch = row.Arch, Id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(row.Arch)))[..12].ToLowerInvariant(),
            Predicted = Math.Round(predicted, 4), Measured = measured, Params = row.Params, Flops = row.Flops, Latency = row.Latency,
        };
        for (var d = 0; d < decisions.Length; d++) a.Decisions[decisions[d]] = row.Choices[d];
        return a;
    }

    private static List<Row> Sample(List<Row> all, int n, Random rng)
    {
        var picked = new SortedSet<int>();
        while (picked.Count < Math.Min(n, all.Count)) picked.Add(rng.Next(all.Count));
        return picked.Select(i => all[i]).ToList();
    }

    private static List<int[]> Combinations(int positions, int values)
    {
        var list = new List<int[]>();
        var total = (int)Math.Pow(values, positions);
        for (var k = 0; k < total; k++)
        {
            var c = new int[positions];
            for (int p = positions - 1, x = k; p >= 0; p--, x /= values) c[p] = x % values;
            list.Add(c);
        }
        return list;
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<Dictionary<string, string>>> Tables = new(StringComparer.Ordinal);

    /// <summary>The rows of a (gzipped) CSV file, read once per test run.</summary>
    private static List<Dictionary<string, string>> ReadCsv(string path) => Tables.GetOrAdd(path, p => AutoBuild.Tests.Shared.RepoData.Read(p).ToList());

    private static double[] Ranks(IReadOnlyList<double> v)
    {
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return ranks;
    }

    private static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var ra = Ranks(a);
        var rb = Ranks(b);
        var ma = ra.Average();
        var mb = rb.Average();
        var cov = ra.Zip(rb, (x, y) => (x - ma) * (y - mb)).Sum();
        return cov / Math.Sqrt(ra.Sum(x => (x - ma) * (x - ma)) * rb.Sum(y => (y - mb) * (y - mb)));
    }

    private static double Kendall(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        long concordant = 0, discordant = 0;
        for (var i = 0; i < a.Count; i++)
            for (var j = i + 1; j < a.Count; j++)
            {
                var s = Math.Sign(a[i] - a[j]) * Math.Sign(b[i] - b[j]);
                if (s > 0) concordant++;
                else if (s < 0) discordant++;
            }
        return (concordant - discordant) / (double)Math.Max(1, a.Count * (a.Count - 1) / 2);
    }
}

using System.Diagnostics;
using System.Globalization;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Numerics;
using AutoBuild.Learning.Predictor;

namespace AutoBuild.Benchmarks;

/// <summary>Predictor training speed on 2,700 OFA-MobileNetV3 architectures (GraphConv, 4 layers, batch 128) at hidden
/// 128 and 32: seconds per epoch, peak memory, and module scoring (root-node norms of all 36,855 stage modules).
/// Options: --epochs 20 (per configuration) --hidden 128,32. The target is synthetic (training speed does not depend on
/// it). A same-run GEMM floor (the epoch's matrix products alone at the measured GEMM rate) makes timings comparable on
/// a shared machine.</summary>
public static class PredictorSpeed
{
    public static int Run(Args args)
    {
        var epochs = args.Int("epochs", 20);
        var hiddens = args.Ints("hidden", "128,32");
        var profile = args.Get("profile", "false") == "true";
        var batch = args.Int("batch", 128);
        var profiles = new List<(int, IReadOnlyList<(string Op, double Seconds)>)>();
        var checksums = new List<(int Hidden, ulong Sum)>();
        var (space, source) = Ofa.Load();
        var encoder = new GraphEncoder(space);
        var rng = new Random(12345);
        var archs = Enumerable.Range(0, 3000).Select(_ => space.Sample(rng)).ToArray();
        var graphs = archs.Select(encoder.Encode).ToArray();
        // A smooth synthetic target: bigger kernels/expansions and more layers help, resolution helps.
        var fc = encoder.Schema.Categorical.Count;
        var targets = graphs.Select(g => g.Categorical.Where((_, i) => i % fc >= 2).Sum() * 0.01 + g.NodeCount * 0.02 + g.Continuous.Sum() * 0.1).ToArray();
        var nodes = graphs.Take(2700).Sum(g => g.NodeCount);

        Console.WriteLine($"# Predictor training speed, OFA-MobileNetV3 ({Environment.ProcessorCount} cores, shared machine)");
        Console.WriteLine();
        Console.WriteLine($"Space: {source}; features: {string.Join(", ", encoder.Schema.Categorical.Select(f => $"{f.Name}({f.Cardinality})").Concat(encoder.Schema.Continuous))}.");
        Console.WriteLine();
        Console.WriteLine($"3,000 sampled architectures (2,700 train / 300 held out, {nodes:N0} training nodes), GraphConv, 4 layers, batch {batch}, {epochs} epochs per row.");
        Console.WriteLine();
        Console.WriteLine("| hidden | s/epoch | CPU s/epoch | 200 epochs (s, extrapolated) | GEMM floor s/epoch | epoch / floor | peak GC heap MB | peak working set MB | module norms, all stage modules (s) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var hidden in hiddens)
        {
            GC.Collect();
            var options = new PredictorOptions { Gnn = GnnKind.GraphConv, Hidden = hidden, Layers = 4, Batch = batch, Epochs = epochs, LearningRate = 1e-3, Seed = 1, Profile = profile };
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var epochSeconds = new List<double>();
            var last = 0.0;
            var progress = new SyncProgress(p => { epochSeconds.Add(p.Seconds - last); last = p.Seconds; });
            var trained = PredictorTrainer.Train(encoder.Schema, graphs, targets, options, progress);
            var cpuPerEpoch = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / epochs;
            var perEpoch = epochSeconds.Skip(1).DefaultIfEmpty(epochSeconds[0]).Average(); // first epoch includes JIT
            if (profile) profiles.Add((hidden, trained.Network.Tape.TimeByOpType().ToArray()));
            var heap = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
            var peakHeap = Math.Max(heap, GC.GetTotalMemory(false));
            var workingSet = Process.GetCurrentProcess().PeakWorkingSet64;
            checksums.Add((hidden, Checksum(trained, graphs)));

            var context = archs[0];
            // The product's own module enumeration (root = last layer, hops = layers - 1).
            var stageModules = AutoBuild.Learning.Scoring.ModuleEnumerator.StageModules(space, encoder, context).SelectMany(s => s).ToArray();
            var modules = stageModules.Select(m => m.Graph).ToArray();
            var hops = stageModules.Select(m => m.Hops).ToArray();
            var roots = stageModules.Select(m => m.Root).ToArray();
            trained.NodeNorms(modules.Take(100).ToArray(), roots.Take(100).ToArray(), hops.Take(100).ToArray()); // warm-up
            trained.Network.Tape.ResetProfile();
            var clock = Stopwatch.StartNew();
            trained.NodeNorms(modules, roots, hops);
            var scoring = clock.Elapsed.TotalSeconds;
            if (profile) profiles.Add((-hidden, trained.Network.Tape.TimeByOpType()));

            var floor = GemmFloor(nodes, encoder.Schema.Categorical.Count + encoder.Schema.Continuous.Count, hidden);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F3} | {8:F3} | {2:F1} | {3:F3} | {4:F2} | {5:F0} | {6:F0} | {7:F3} ({9:N0} modules) |",
                hidden, perEpoch, perEpoch * 200, floor, perEpoch / floor, peakHeap / 1048576.0, workingSet / 1048576.0, scoring, cpuPerEpoch, modules.Length));
        }
        Console.WriteLine();
        // Speed work must not change answers: the same options give the same checksum before and after a change.
        Console.WriteLine("Checksum of the trained weights and predictions (speed changes must leave it unchanged): "
            + string.Join(", ", checksums.Select(c => $"hidden {c.Hidden} {c.Sum:x16}")));
        foreach (var (hidden, ops) in profiles)
        {
            Console.WriteLine();
            Console.WriteLine((hidden > 0 ? $"Time per op type, hidden {hidden} (s over {epochs} epochs): " : $"Time per op type in module scoring, hidden {-hidden} (s): ") + string.Join(", ", ops.Select(p => string.Format(CultureInfo.InvariantCulture, "{0} {1:F2}", p.Op, p.Seconds))));
        }
        return 0;
    }

    /// <summary>Seconds the epoch's GraphConv matrix products (forward, weight and input gradients of the node-level
    /// linears) take at the GEMM rate measured now on a batch-sized product.</summary>
    private static double GemmFloor(int nodes, int features, int hidden)
    {
        var rows = nodes * 128 / 2700;
        var (a, b, c) = GemmRate.Operands(rows, hidden);
        const int reps = 200;
        var (wall, _) = GemmRate.Time(() => Gemm.Multiply(a, b, c, rows, hidden, hidden, false), warmup: 20, reps);
        var flopsPerSecond = 2.0 * rows * hidden * hidden * reps / wall;
        var flops = 3 * 2.0 * nodes * (2.0 * features * hidden + 3 * 2.0 * hidden * hidden);
        return flops / flopsPerSecond;
    }

    /// <summary>FNV-1a over the bits of every parameter and of the predictions for all graphs (which also read the
    /// batch-norm running statistics).</summary>
    private static ulong Checksum(TrainedPredictor trained, IReadOnlyList<EncodedGraph> graphs)
    {
        var hash = 14695981039346656037UL;
        void Mix(ulong bits) { hash = (hash ^ bits) * 1099511628211UL; }
        foreach (var (_, tensor) in trained.Network.Parameters.Items)
            foreach (var v in tensor.Values) Mix(BitConverter.SingleToUInt32Bits(v));
        foreach (var p in trained.Predict(graphs)) Mix(BitConverter.DoubleToUInt64Bits(p));
        return hash;
    }

    /// <summary>IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Numerics.Tensors;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Graphs;

namespace AutoBuild.Learning.Predictor;

/// <summary>Held-out quality of a trained predictor (target units where noted).</summary>
public sealed class PredictorMetrics
{
    public int TrainSize { get; init; }
    public int TestSize { get; init; }
    public double Spearman { get; init; }
    public double Kendall { get; init; }
    /// <summary>Share of the true top 5 % of the held-out set that the prediction also puts in its top 5 %.</summary>
    public double PrecisionAtTop5 { get; init; }
    /// <summary>Mean absolute error in target units.</summary>
    public double Mae { get; init; }
    /// <summary>Per hop level 0..L: Spearman between held-out targets and the L1 norm of the pooled hop embedding.</summary>
    public IReadOnlyList<double> HopSpearman { get; init; } = Array.Empty<double>();
    /// <summary>Held-out (measured, predicted) pairs in target units, in label order.</summary>
    public IReadOnlyList<(double Measured, double Predicted)> TestPairs { get; init; } = Array.Empty<(double, double)>();
    /// <summary>Indices (into the training inputs, ascending) of the held-out labels, parallel to <see cref="TestPairs"/>.</summary>
    public IReadOnlyList<int> TestIndices { get; init; } = Array.Empty<int>();
}

/// <summary>Mean and standard deviation of a quantity over a population.</summary>
public readonly record struct Moments(double Mean, double Std, int Count);

/// <summary>The FE-MLP scalar of one categorical feature value: |Linear(Embedding(v))| (autobuild-method.md §4.2).</summary>
public readonly record struct FeatureScalar(string Feature, string Value, double Scalar);

/// <summary>A trained predictor: predictions in target units, node-embedding norms for module scoring, and the statistics
/// module scoring needs (§4.1). Evaluation is single-threaded per call except for the matrix products.</summary>
public sealed class TrainedPredictor
{
    private const int InferenceBatch = 1024;
    private readonly PredictorNetwork _net;
    private readonly Dictionary<(int, int), Moments> _stageDepth = new();

    private readonly TargetScale _scale;

    internal TrainedPredictor(FeatureSchema schema, PredictorNetwork net, PredictorOptions options, TargetScale scale)
    {
        Schema = schema; _net = net; Options = options; _scale = scale;
    }

    public FeatureSchema Schema { get; }
    internal PredictorNetwork Network => _net;
    /// <summary>The options used (with <see cref="PredictorOptions.Epochs"/> resolved).</summary>
    public PredictorOptions Options { get; }
    /// <summary>Mean and standard deviation of the raw training targets.</summary>
    public double TargetMean => _scale.Mean;
    public double TargetStd => _scale.Std;
    public PredictorMetrics Metrics { get; private set; } = new();
    /// <summary>Per hop level 0..L: mean/std of node-embedding L1 norms over all training nodes.</summary>
    public IReadOnlyList<Moments> HopMoments { get; private set; } = Array.Empty<Moments>();
    /// <summary>Wall-clock seconds of training (including the final statistics).</summary>
    public double TrainSeconds { get; private set; }
    /// <summary>AB3xxx warnings about the label set and the held-out quality.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; private set; } = Array.Empty<Diagnostic>();
    /// <summary>Hop levels: Layers + 1.</summary>
    public int Hops => _net.HopEmbeddings.Count;

    /// <summary>Raw-target moments of the training architectures whose stage <paramref name="stage"/> has
    /// <paramref name="depth"/> layers (macro spaces with a "stage" feature); false when none was seen.</summary>
    public bool TryStageDepthMoments(int stage, int depth, out Moments moments) => _stageDepth.TryGetValue((stage, depth), out moments);

    /// <summary>All per-(stage, depth) raw-target moments, ordered by stage then depth.</summary>
    public IReadOnlyList<(int Stage, int Depth, Moments Moments)> StageDepthMoments =>
        _stageDepth.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2).Select(p => (p.Key.Item1, p.Key.Item2, p.Value)).ToArray();

    /// <summary>Predicted targets, in target units.</summary>
    public double[] Predict(IReadOnlyList<EncodedGraph> graphs)
    {
        var result = new double[graphs.Count];
        ForEachBatch(graphs, (start, count) =>
        {
            _net.Tape.Forward(training: false);
            for (var b = 0; b < count; b++) result[start + b] = _scale.Inverse(_net.Prediction.Data[b]);
        });
        return result;
    }

    /// <summary>L1 norm of one node's embedding at <paramref name="hop"/> per graph: the root node
    /// (<paramref name="roots"/>[i], default the last node, which on a chain module sees the whole module after
    /// NodeCount − 1 hops). Runs only the layers up to that hop, in batches; this is the module-scoring kernel.</summary>
    public float[] NodeNorms(IReadOnlyList<EncodedGraph> graphs, int hop, IReadOnlyList<int>? roots = null)
    {
        if (hop < 0 || hop >= Hops) throw new ArgumentOutOfRangeException(nameof(hop));
        var result = new float[graphs.Count];
        ForEachBatch(graphs, (start, count) =>
        {
            var emb = _net.HopEmbeddings[hop];
            for (var b = 0; b < count; b++)
            {
                var g = graphs[start + b];
                var root = roots != null ? roots[start + b] : g.NodeCount - 1;
                result[start + b] = TensorPrimitives.SumOfMagnitudes(emb.Row(_net.Batch.GraphStart[b] + root));
            }
        }, hop);
        return result;
    }

    /// <summary>For every i, the L1 norm of node <paramref name="roots"/>[i]'s embedding at hop <paramref name="hops"/>[i] in
    /// <paramref name="graphs"/>[i]. Graphs are grouped by hop so each group runs only the layers it needs.</summary>
    public float[] NodeNorms(IReadOnlyList<EncodedGraph> graphs, IReadOnlyList<int> roots, IReadOnlyList<int> hops)
    {
        if (roots.Count != graphs.Count || hops.Count != graphs.Count) throw new ArgumentException("One root and one hop per graph are required.");
        var result = new float[graphs.Count];
        foreach (var group in Enumerable.Range(0, graphs.Count).GroupBy(i => hops[i]).OrderBy(g => g.Key))
        {
            var idx = group.ToArray();
            var norms = NodeNorms(idx.Select(i => graphs[i]).ToArray(), group.Key, idx.Select(i => roots[i]).ToArray());
            for (var k = 0; k < idx.Length; k++) result[idx[k]] = norms[k];
        }
        return result;
    }

    /// <summary>The raw-target moments module scores are rescaled with (§4.1): those of the training architectures whose
    /// stage <paramref name="stage"/> has <paramref name="depth"/> layers; for <paramref name="stage"/> &lt; 0, or a group of
    /// fewer than two architectures or without spread, those of all training targets.</summary>
    public Moments TargetMoments(int stage, int depth) =>
        stage >= 0 && _stageDepth.TryGetValue((stage, depth), out var m) && m.Count >= 2 && m.Std > 0
            ? m
            : new Moments(TargetMean, TargetStd, Metrics.TrainSize);

    /// <summary>The L1 norm of each graph's pooled hop-<paramref name="hop"/> embedding (the quantity the rank loss orders).</summary>
    public double[] GraphNorms(IReadOnlyList<EncodedGraph> graphs, int hop)
    {
        if (hop < 0 || hop >= Hops) throw new ArgumentOutOfRangeException(nameof(hop));
        return GraphNorms(graphs, hop, hop)[0];
    }

    /// <summary>Pooled-embedding L1 norms for hops <paramref name="firstHop"/>..<paramref name="lastHop"/> ([hop − firstHop][graph]),
    /// from one batched forward pass up to <paramref name="lastHop"/>.</summary>
    private double[][] GraphNorms(IReadOnlyList<EncodedGraph> graphs, int firstHop, int lastHop)
    {
        var result = new double[lastHop - firstHop + 1][];
        var pooled = new float[result.Length][];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = new double[graphs.Count];
            pooled[k] = new float[_net.HopEmbeddings[firstHop + k].Cols];
        }
        ForEachBatch(graphs, (start, count) =>
        {
            for (var k = 0; k < result.Length; k++)
            {
                var emb = _net.HopEmbeddings[firstHop + k];
                for (var b = 0; b < count; b++)
                {
                    Array.Clear(pooled[k]);
                    int from = _net.Batch.GraphStart[b], to = _net.Batch.GraphStart[b + 1];
                    for (var v = from; v < to; v++) TensorPrimitives.Add(pooled[k], emb.Row(v), pooled[k]);
                    var scale = Options.Pooling == ReadoutKind.Mean && to > from ? 1.0 / (to - from) : 1.0;
                    result[k][start + b] = TensorPrimitives.SumOfMagnitudes(pooled[k]) * scale;
                }
            }
        }, lastHop);
        return result;
    }

    /// <summary>Per hop level, the L1 norm of every node's embedding in one graph ([hop][node]); for drawings.</summary>
    public float[][] HopNodeNorms(EncodedGraph graph)
    {
        _net.Batch.Load(new[] { graph }, new[] { 0 });
        _net.ForwardToHop(Hops - 1);
        var result = new float[Hops][];
        for (var k = 0; k < Hops; k++)
        {
            result[k] = new float[graph.NodeCount];
            for (var v = 0; v < graph.NodeCount; v++) result[k][v] = TensorPrimitives.SumOfMagnitudes(_net.HopEmbeddings[k].Row(v));
        }
        return result;
    }

    /// <summary>For every categorical feature value, |Linear(Embedding(v))|: the value's contribution to the 0-hop norm.</summary>
    public IReadOnlyList<FeatureScalar> FeatureScalars()
    {
        var list = new List<FeatureScalar>();
        for (var f = 0; f < Schema.Categorical.Count; f++)
            for (var v = 0; v < Schema.Categorical[f].Cardinality; v++)
                list.Add(new FeatureScalar(Schema.Categorical[f].Name, Schema.Categorical[f].Labels[v], Math.Abs(_net.Features.CategoricalScalar(f, v))));
        return list;
    }

    private void ForEachBatch(IReadOnlyList<EncodedGraph> graphs, Action<int, int> read, int hop = -1)
    {
        var idx = new int[Math.Min(InferenceBatch, graphs.Count)];
        for (var start = 0; start < graphs.Count; start += InferenceBatch)
        {
            var count = Math.Min(InferenceBatch, graphs.Count - start);
            for (var b = 0; b < count; b++) idx[b] = start + b;
            _net.Batch.Load(graphs, idx.AsSpan(0, count));
            if (hop >= 0) _net.ForwardToHop(hop);
            read(start, count);
        }
    }

    internal void Finish(IReadOnlyList<EncodedGraph> graphs, double[] targets, int[] train, int[] test, Stopwatch clock)
    {
        // Hop moments over all training nodes.
        var sums = new double[Hops]; var squares = new double[Hops]; long nodes = 0;
        var trainGraphs = train.Select(i => graphs[i]).ToArray();
        ForEachBatch(trainGraphs, (start, count) =>
        {
            var n = _net.Batch.Nodes;
            nodes += n;
            for (var k = 0; k < Hops; k++)
                for (var v = 0; v < n; v++)
                {
                    double x = TensorPrimitives.SumOfMagnitudes(_net.HopEmbeddings[k].Row(v));
                    sums[k] += x; squares[k] += x * x;
                }
        }, Hops - 1);
        HopMoments = Enumerable.Range(0, Hops).Select(k =>
        {
            var m = sums[k] / Math.Max(1, nodes);
            var v = Math.Max(0, squares[k] / Math.Max(1, nodes) - m * m);
            return new Moments(m, Math.Sqrt(v), (int)nodes);
        }).ToArray();

        // Per-(stage, depth) raw-target moments.
        var stageFeature = -1;
        for (var f = 0; f < Schema.Categorical.Count; f++) if (Schema.Categorical[f].Name == "stage") stageFeature = f;
        if (stageFeature >= 0)
        {
            var groups = new Dictionary<(int, int), List<double>>();
            var fc = Schema.Categorical.Count;
            foreach (var i in train)
            {
                var depth = new Dictionary<int, int>();
                for (var v = 0; v < graphs[i].NodeCount; v++)
                {
                    var s = graphs[i].Categorical[v * fc + stageFeature];
                    depth[s] = depth.TryGetValue(s, out var d) ? d + 1 : 1;
                }
                foreach (var p in depth)
                {
                    if (!groups.TryGetValue((p.Key, p.Value), out var list)) groups[(p.Key, p.Value)] = list = new List<double>();
                    list.Add(targets[i]);
                }
            }
            foreach (var g in groups)
            {
                var m = g.Value.Average();
                var sd = g.Value.Count > 1 ? Math.Sqrt(g.Value.Sum(x => (x - m) * (x - m)) / (g.Value.Count - 1)) : 0;
                _stageDepth[g.Key] = new Moments(m, sd, g.Value.Count);
            }
        }

        // Held-out metrics.
        var testGraphs = test.Select(i => graphs[i]).ToArray();
        var predicted = Predict(testGraphs);
        var measured = test.Select(i => targets[i]).ToArray();
        var hopSpearman = new double[Hops];
        if (test.Length > 1)
        {
            var hopNorms = GraphNorms(testGraphs, 0, Hops - 1); // all hops in one pass, not one forward per hop
            for (var k = 0; k < Hops; k++) hopSpearman[k] = RankStatistics.Spearman(measured, hopNorms[k]);
        }
        Metrics = new PredictorMetrics
        {
            TrainSize = train.Length,
            TestSize = test.Length,
            Spearman = RankStatistics.Spearman(measured, predicted),
            Kendall = RankStatistics.Kendall(measured, predicted),
            PrecisionAtTop5 = RankStatistics.PrecisionAtTop(measured, predicted, 0.05),
            Mae = test.Length > 0 ? measured.Zip(predicted, (a, b) => Math.Abs(a - b)).Average() : 0,
            HopSpearman = hopSpearman,
            TestPairs = measured.Zip(predicted, (a, b) => (a, b)).ToArray(),
            TestIndices = test,
        };
        Diagnostics = PredictorTrainer.Assess(Options, graphs.Count, Metrics);
        TrainSeconds = clock.Elapsed.TotalSeconds;
    }
}

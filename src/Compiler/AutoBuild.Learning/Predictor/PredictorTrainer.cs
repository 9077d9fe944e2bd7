using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Spec.Results;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Predictor;

/// <summary>Trains the AutoBuild predictor (autobuild-method.md §2–§3).</summary>
public static class PredictorTrainer
{
    /// <summary>Fewer labels than this draw warning AB3001.</summary>
    public const int SmallLabelSet = 50;
    /// <summary>A held-out Spearman below this draws warning AB3002.</summary>
    public const double WeakCorrelation = 0.5;

    /// <summary>Trains on <paramref name="graphs"/> with raw <paramref name="targets"/> (higher = better is not assumed).
    /// A deterministic, seeded fraction is held out for <see cref="TrainedPredictor.Metrics"/>; targets are standardised with
    /// the training moments. Same inputs and seed give bit-identical weights on the same machine.</summary>
    public static TrainedPredictor Train(FeatureSchema schema, IReadOnlyList<EncodedGraph> graphs, double[] targets,
        PredictorOptions? options = null, IProgress<TrainingProgress>? progress = null)
    {
        if (schema == null) throw new ArgumentNullException(nameof(schema));
        if (graphs.Count != targets.Length) throw new ArgumentException("One target per graph is required.", nameof(targets));
        if (graphs.Count < 2) throw new ArgumentException("At least two labelled architectures are needed to train.", nameof(graphs));
        if (targets.Any(t => double.IsNaN(t) || double.IsInfinity(t))) throw new ArgumentException("Targets must be finite.", nameof(targets));
        var o = (options ?? new PredictorOptions()).Clone();
        if (o.Hidden < 1 || o.Layers < 0 || o.Batch < 2 || o.LearningRate <= 0 || o.TestFraction < 0 || o.TestFraction >= 1
            || o.Activation is not (Nonlinearity.ReLU or Nonlinearity.LeakyReLU))
            throw new ArgumentException("Invalid predictor options.", nameof(options));
        var clock = Stopwatch.StartNew();

        // Deterministic split.
        var rng = new Random(o.Seed);
        var order = Enumerable.Range(0, graphs.Count).ToArray();
        Shuffle(order, rng);
        var testCount = o.TestFraction > 0 ? Math.Min(graphs.Count - 2, Math.Max(1, (int)Math.Round(o.TestFraction * graphs.Count))) : 0;
        var test = order.Take(testCount).OrderBy(i => i).ToArray();
        var train = order.Skip(testCount).OrderBy(i => i).ToArray();

        var scale = new TargetScale(o.TargetScaling, train.Select(i => targets[i]).ToArray());
        var standardised = new float[targets.Length];
        for (var i = 0; i < targets.Length; i++) standardised[i] = (float)scale.Forward(targets[i]);

        var net = new PredictorNetwork(schema, o);
        StandardiseGlobals(net.Batch, train.Select(i => graphs[i]).ToArray());
        net.Tape.Profile = o.Profile;
        var optimiser = new AdamW(net.Parameters, o.LearningRate, o.WeightDecay);
        var batchSize = Math.Min(o.Batch, train.Length);
        var batchesPerEpoch = (train.Length + batchSize - 1) / batchSize;
        var (epochs, cut) = o.Epochs > 0 ? (o.Epochs, false) : AutoEpochs(o, batchesPerEpoch);
        o.Epochs = epochs;
        // A budget-cut training anneals its learning rate to zero (cosine over its steps) so that it ends as
        // settled as the full-length one would; an uncut one keeps the constant rate it always had.
        var schedule = cut && o.AnnealWhenCut ? new CosineSchedule(o.LearningRate, epochs * StepsPerEpoch(train.Length, batchSize)) : null;
        var perm = (int[])train.Clone();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            Shuffle(perm, rng);
            double loss = 0; var steps = 0;
            for (var start = 0; start < perm.Length; start += batchSize)
            {
                var count = Math.Min(batchSize, perm.Length - start);
                if (count < 2) continue; // a single graph has no rank and no batch statistics
                if (schedule is not null) optimiser.LearningRate = schedule.Next();
                net.Batch.Load(graphs, perm.AsSpan(start, count), standardised);
                net.Tape.Forward(training: true);
                net.Parameters.ZeroGrad();
                net.Tape.Backward();
                net.Parameters.ClipGradNorm(o.GradClip);
                optimiser.Step();
                loss += net.Tape.Loss(); steps++;
            }
            progress?.Report(new TrainingProgress(epoch, epochs, steps > 0 ? loss / steps : 0, clock.Elapsed.TotalSeconds));
        }

        var trained = new TrainedPredictor(schema, net, o, scale);
        trained.Finish(graphs, targets, train, test, clock);
        return trained;
    }

    /// <summary>Sets the batch's graph-level feature standardisation to the mean and standard deviation over the
    /// training graphs that carry the features (scale 1 when they do not vary, 0 when none carries them).</summary>
    private static void StandardiseGlobals(GraphBatch batch, IReadOnlyList<EncodedGraph> train)
    {
        for (var f = 0; f < batch.GlobalFeatures; f++)
        {
            var values = train.Where(g => g.Globals.Length == batch.GlobalFeatures).Select(g => (double)g.Globals[f]).ToArray();
            if (values.Length == 0) { batch.GlobalMean[f] = 0; batch.GlobalScale[f] = 0; continue; }
            var mean = values.Average();
            var sd = Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / values.Length);
            batch.GlobalMean[f] = (float)mean;
            batch.GlobalScale[f] = sd > 1e-12 ? (float)(1 / sd) : 1f;
        }
    }

    /// <summary>Automatic epochs: enough for about <see cref="PredictorOptions.AutoSteps"/> steps and at least 100,
    /// but at most <see cref="PredictorOptions.MaxAutoSteps"/> steps (at least one epoch); <c>cut</c> says the step
    /// budget gave fewer epochs than that (large label sets).</summary>
    internal static (int Epochs, bool Cut) AutoEpochs(PredictorOptions o, int batchesPerEpoch)
    {
        var wanted = Math.Max(100, (o.AutoSteps + batchesPerEpoch - 1) / batchesPerEpoch);
        var epochs = Math.Max(1, Math.Min(o.MaxAutoSteps / batchesPerEpoch, wanted));
        return (epochs, epochs < wanted);
    }

    /// <summary>Optimiser steps of one epoch: every batch but a trailing single graph (skipped in the loop).</summary>
    private static int StepsPerEpoch(int trainCount, int batchSize) => trainCount / batchSize + (trainCount % batchSize >= 2 ? 1 : 0);

    /// <summary>lr·½(1 + cos(π·t/T)) at steps t = 0..T−1: from the full rate down towards zero.</summary>
    private sealed class CosineSchedule(double rate, int steps)
    {
        private int _step;
        public double Next() => rate * 0.5 * (1 + Math.Cos(Math.PI * _step++ / steps));
    }

    internal static void Shuffle(int[] a, Random rng)
    {
        for (var i = a.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }

    internal static List<Diagnostic> Assess(PredictorOptions o, int labels, PredictorMetrics m)
    {
        var where = o.SourcePath != null ? SourceLocation.File(o.SourcePath) : SourceLocation.File("autobuild");
        var list = new List<Diagnostic>();
        if (labels < SmallLabelSet)
            list.Add(Diagnostic.Warning("AB3001", $"Only {labels} labelled architectures: the predictor may overfit and its module scores are unreliable; label at least {SmallLabelSet} (100+ recommended).", where));
        if (m.TestSize < PredictorInfo.MinTestSizeToJudge)
            list.Add(Diagnostic.Warning("AB3003", $"Only {m.TestSize} held-out architectures: the reported test correlations are not meaningful (the report gives no verdict on them); label more architectures ({(o.TestFraction * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} % of them are held out).", where));
        else if (m.Spearman < WeakCorrelation)
            list.Add(Diagnostic.Warning("AB3002", $"The predictor ranks held-out architectures poorly (Spearman {m.Spearman:F2} < {WeakCorrelation:F2}); its module scores and constructed architectures are unreliable. Label more architectures or check the target column.", where));
        return list;
    }
}

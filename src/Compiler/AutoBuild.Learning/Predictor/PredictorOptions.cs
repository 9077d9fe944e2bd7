using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Predictor;

/// <summary>The message-passing layer of the predictor.</summary>
public enum GnnKind
{
    /// <summary>k-GNN GraphConv with sum aggregation: W_rel·Σ_{j→i} x_j + b + W_root·x_i (the released AutoBuild models).</summary>
    GraphConv,
    /// <summary>GATv2 attention over in-neighbours and self (the reference code's default).</summary>
    GatV2,
    /// <summary>GIN: MLP(x_i + Σ_{j→i} x_j) with a two-layer MLP.</summary>
    Gin,
}

/// <summary>How node embeddings are read out (pooled) into the hop-level graph embeddings. Not a network's pooling
/// layer (that is <c>AutoBuild.Runtime.Plans.PoolKind</c>).</summary>
public enum ReadoutKind { Sum, Mean }

/// <summary>Predictor hyper-parameters. Defaults (GraphConv, hidden 64, 4 layers, batch 32, AdamW lr 3e-3, about 2,000
/// steps, λ = 1, quantile target scaling) were chosen with <c>dotnet run -c Release --project benchmarks/AutoBuild.Benchmarks
/// -- predictor-quality</c> on NAS-Bench-201 from 50 to 5,000 labels; see benchmarks/README.md for the measurements.</summary>
public sealed class PredictorOptions
{
    public GnnKind Gnn { get; set; } = GnnKind.GraphConv;
    /// <summary>Width of node embeddings at hops ≥ 1 and of the head.</summary>
    public int Hidden { get; set; } = 64;
    /// <summary>Message-passing layers L (hop levels 0..L).</summary>
    public int Layers { get; set; } = 4;
    /// <summary>Passes over the training set. 0 = automatic: enough epochs for about <see cref="AutoSteps"/> optimiser
    /// steps, at least 100, but no more than <see cref="MaxAutoSteps"/> steps (at least one epoch), so training time
    /// stops growing with the label count. The budget binds from about 2,100 labels (the 100-epoch minimum of a
    /// 90 % training split reaches 6,000 steps); a training it cuts anneals (<see cref="AnnealWhenCut"/>).</summary>
    public int Epochs { get; set; }
    /// <summary>Optimiser steps aimed at when <see cref="Epochs"/> is 0.</summary>
    public int AutoSteps { get; set; } = 2000;
    /// <summary>The most optimiser steps automatic epochs take (issue 16: 6,000, was 10,000; with annealing the
    /// cut training ranks NAS-Bench-201 and the planted OFA space at 3,000 labels as well as 100 constant-rate epochs
    /// did — benchmarks/README.md, "Session 6").</summary>
    public int MaxAutoSteps { get; set; } = 6_000;
    /// <summary>When <see cref="MaxAutoSteps"/> cuts the automatic epochs, the learning rate follows a cosine from
    /// <see cref="LearningRate"/> down to zero over the steps, so that the shorter training still ends settled;
    /// an uncut or explicit-epoch training keeps the constant rate (its results do not change).</summary>
    public bool AnnealWhenCut { get; set; } = true;
    /// <summary>Graphs per mini-batch (also the B of the soft-rank loss).</summary>
    public int Batch { get; set; } = 32;
    public double LearningRate { get; set; } = 3e-3;
    public double WeightDecay { get; set; } = 1e-5;
    /// <summary>Weight λ of the hop-level rank loss; 0 trains on MSE only.</summary>
    public double Lambda { get; set; } = 1.0;
    public ReadoutKind Pooling { get; set; } = ReadoutKind.Sum;
    /// <summary>How raw targets are mapped before regression (and back for predictions).</summary>
    public TargetScaling TargetScaling { get; set; } = TargetScaling.Quantile;
    /// <summary>Activation after batch norm and before the last head layer: ReLU or LeakyReLU.</summary>
    public Nonlinearity Activation { get; set; } = Nonlinearity.LeakyReLU;
    public int Seed { get; set; } = 12345;
    /// <summary>Fraction of the labels held out for the test metrics (deterministic by seed).</summary>
    public double TestFraction { get; set; } = 0.1;
    /// <summary>Global gradient-norm clip; 0 disables.</summary>
    public double GradClip { get; set; } = 5.0;
    /// <summary>Feed the graphs' graph-level features (<see cref="Graphs.FeatureSchema.Globals"/>: the exact cost
    /// model's log params and log FLOPs when the encoder attaches them), standardised over the training graphs, to
    /// the first head layer beside the pooled embedding. Off: the head sees the pooled embedding alone.</summary>
    public bool UseGraphFeatures { get; set; }
    /// <summary>File named in diagnostics (the labels CSV), or null.</summary>
    public string? SourcePath { get; set; }

    /// <summary>Benchmarks: weight of the regression errors of the better-than-average labels (each counts
    /// 1 + TopWeight·max(0, scaled target)); 0, the default, is the plain mean squared error.</summary>
    internal double TopWeight { get; set; }

    /// <summary>Benchmarks: accumulate time per op type.</summary>
    internal bool Profile { get; set; }

    internal PredictorOptions Clone() => (PredictorOptions)MemberwiseClone();
}

/// <summary>Reported after every epoch.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, double Loss, double Seconds);

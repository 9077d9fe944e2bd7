using System;
using System.Collections.Generic;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Predictor;

/// <summary>The predictor as a tape (autobuild-method.md §2–§3): FE-MLP with |·| (hop 0), L message-passing layers each
/// followed by batch norm, activation and (from layer 1 on) a residual; hop-level pooled embeddings; a regression head on
/// the last hop; MSE plus λ·mean over hops of (1 − Pearson(y, softrank(‖g_k‖₁)/B)).</summary>
internal sealed class PredictorNetwork
{
    private readonly Tape _tape = new();
    private readonly int[] _hopEnd;                  // ops to run for node embeddings up to hop k

    public PredictorNetwork(FeatureSchema schema, PredictorOptions options)
    {
        var rng = new Random(options.Seed);
        var globalCount = options.UseGraphFeatures ? schema.Globals.Count : 0;
        Batch = new GraphBatch(schema.Categorical.Count, schema.Continuous.Count, globalCount);
        var cards = new int[schema.Categorical.Count];
        for (var f = 0; f < cards.Length; f++) cards[f] = schema.Categorical[f].Cardinality;
        Features = _tape.Add(new FeatureEmbedding(Batch, cards, schema.Continuous.Count, Parameters, rng));
        var act = options.Activation;
        var hops = new List<Tensor> { _tape.Add(new Activation(Features.Output, Nonlinearity.Abs)).Output };
        _hopEnd = new int[options.Layers + 1];
        _hopEnd[0] = _tape.Ops.Count;
        var h = options.Hidden;
        for (var l = 0; l < options.Layers; l++)
        {
            var x = hops[l];
            var width = x.Cols;
            var name = $"gnn{l}";
            Tensor conv;
            switch (options.Gnn)
            {
                case GnnKind.GatV2:
                    var xl = _tape.Add(new Linear(x, Parameters, name + ".lin_l", width, h, bias: true, rng)).Output;
                    var xr = _tape.Add(new Linear(x, Parameters, name + ".lin_r", width, h, bias: true, rng)).Output;
                    conv = _tape.Add(new GatAttention(xl, xr, Batch, Parameters, name, h, rng)).Output;
                    break;
                case GnnKind.Gin:
                    var sum = _tape.Add(new Add(x, _tape.Add(new ScatterSum(x, Batch)).Output)).Output;
                    var hidden = _tape.Add(new Activation(_tape.Add(new Linear(sum, Parameters, name + ".mlp0", width, h, bias: true, rng)).Output, Nonlinearity.ReLU)).Output;
                    conv = _tape.Add(new Linear(hidden, Parameters, name + ".mlp1", h, h, bias: true, rng)).Output;
                    break;
                default:
                    conv = _tape.Add(new GraphConv(x, Batch, Parameters, name, width, h, rng)).Output;
                    break;
            }
            // batch norm, activation and (from layer 1 on) the residual, fused into one op; it is the only reader of conv
            var z = _tape.Add(new BatchNorm(conv, Parameters, name + ".bn", h, activation: act, residual: l > 0 ? x : null, onlyConsumer: true)).Output;
            hops.Add(z);
            _hopEnd[l + 1] = _tape.Ops.Count;
        }
        HopEmbeddings = hops;

        var rankWeight = (float)(options.Lambda / hops.Count);
        var pooled = new List<Tensor>();
        foreach (var hop in hops)
        {
            var g = _tape.Add(new Pool(hop, Batch, options.Pooling == ReadoutKind.Mean)).Output;
            pooled.Add(g);
            if (options.Lambda > 0)
            {
                var norm = _tape.Add(new RowL1Norm(g)).Output;
                var rank = _tape.Add(new SoftRank(norm, strength: 1f, scale: 0f)).Output;
                _tape.Add(new PearsonLoss(rank, Batch, rankWeight));
            }
        }
        // Head: L (+ graph-level features) → L → ReLU → L → L → act → Linear(→1)
        var p = pooled[pooled.Count - 1];
        p = _tape.Add(new Linear(p, Parameters, "head0", h, h, true, rng)).Output;
        if (globalCount > 0)
        {
            // graph-level features (the exact cost model's log params / FLOPs) join the pooled embedding here:
            // head0([g, c]) = W_g·g + W_c·c + b, so the node embeddings and module scoring do not see them
            var globals = _tape.Add(new GraphGlobals(Batch)).Output;
            var fromGlobals = _tape.Add(new Linear(globals, Parameters, "head0.globals", globalCount, h, bias: false, rng)).Output;
            p = _tape.Add(new Add(p, fromGlobals)).Output;
        }
        p = _tape.Add(new Linear(p, Parameters, "head1", h, h, true, rng)).Output;
        p = _tape.Add(new Activation(p, Nonlinearity.ReLU)).Output;
        p = _tape.Add(new Linear(p, Parameters, "head2", h, h, true, rng)).Output;
        p = _tape.Add(new Linear(p, Parameters, "head3", h, h, true, rng)).Output;
        p = _tape.Add(new Activation(p, act)).Output;
        Prediction = _tape.Add(new Linear(p, Parameters, "head4", h, 1, true, rng)).Output;
        _tape.Add(new MseLoss(Prediction, Batch) { TopWeight = (float)options.TopWeight });
    }

    public ParameterSet Parameters { get; } = new();
    public GraphBatch Batch { get; }
    public FeatureEmbedding Features { get; }
    public Tape Tape => _tape;
    /// <summary>Node embeddings per hop level 0..L (rows = batch nodes).</summary>
    public IReadOnlyList<Tensor> HopEmbeddings { get; }
    public Tensor Prediction { get; }

    /// <summary>Runs the forward pass in evaluation mode only as far as hop <paramref name="hop"/>'s node embeddings.</summary>
    public void ForwardToHop(int hop) => _tape.Forward(training: false, _hopEnd[hop]);
}

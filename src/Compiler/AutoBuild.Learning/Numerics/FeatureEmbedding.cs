using System;
using System.Runtime.CompilerServices;

namespace AutoBuild.Learning.Numerics;

/// <summary>The FE-MLP front (autobuild-method.md §2.1) before its |·|: one scalar per feature and node.
/// Categorical feature f: Linear(d_f→1)(Embedding_f[value]); continuous feature c: Linear(3→1)(Linear(1→3)(x)).
/// Output column f (then Fc + c).</summary>
public sealed class FeatureEmbedding : Op
{
    private readonly GraphBatch _batch;
    private readonly Tensor[] _table, _w, _b;         // per categorical feature
    private readonly Tensor[] _w1, _b1, _w2, _b2;     // per continuous feature
    private readonly float[] _hidden = new float[3];

    public FeatureEmbedding(GraphBatch batch, int[] cardinalities, int continuous, ParameterSet parameters, Random rng)
        : base(cardinalities.Length + continuous)
    {
        _batch = batch;
        var fc = cardinalities.Length;
        _table = new Tensor[fc]; _w = new Tensor[fc]; _b = new Tensor[fc];
        for (var f = 0; f < fc; f++)
        {
            var dim = EmbeddingSize(cardinalities[f]);
            _table[f] = parameters.Add($"fe.cat{f}.embedding", Math.Max(1, cardinalities[f]), dim);
            Init.Normal(_table[f], 1.0, rng);
            _w[f] = parameters.Add($"fe.cat{f}.weight", dim, 1);
            Init.Uniform(_w[f], dim, rng);
            _b[f] = parameters.Add($"fe.cat{f}.bias", 1, 1);
            Init.Uniform(_b[f], dim, rng);
        }
        _w1 = new Tensor[continuous]; _b1 = new Tensor[continuous]; _w2 = new Tensor[continuous]; _b2 = new Tensor[continuous];
        for (var c = 0; c < continuous; c++)
        {
            _w1[c] = parameters.Add($"fe.cont{c}.lin1.weight", 1, 3); Init.Uniform(_w1[c], 1, rng);
            _b1[c] = parameters.Add($"fe.cont{c}.lin1.bias", 1, 3); Init.Uniform(_b1[c], 1, rng);
            _w2[c] = parameters.Add($"fe.cont{c}.lin2.weight", 3, 1); Init.Uniform(_w2[c], 3, rng);
            _b2[c] = parameters.Add($"fe.cont{c}.lin2.bias", 1, 1); Init.Uniform(_b2[c], 3, rng);
        }
    }

    /// <summary>Embedding width of a categorical feature: 2..4, growing with its cardinality (the reference uses 2-3).</summary>
    public static int EmbeddingSize(int cardinality) => Math.Max(2, Math.Min(4, cardinality));

    /// <summary>The scalar emitted for value <paramref name="value"/> of categorical feature <paramref name="feature"/> (before |·|).</summary>
    public float CategoricalScalar(int feature, int value)
    {
        var row = _table[feature].Row(value);
        var s = _b[feature].Data[0];
        for (var k = 0; k < row.Length; k++) s += row[k] * _w[feature].Data[k];
        return s;
    }

    public override void Forward(bool training)
    {
        var n = _batch.Nodes; var fc = _table.Length; var fn = _w1.Length; var cols = fc + fn;
        Output.Resize(n, cols);
        var y = Output.Data;
        for (var i = 0; i < n; i++)
        {
            for (var f = 0; f < fc; f++) y[i * cols + f] = CategoricalScalar(f, _batch.Categorical[i * fc + f]);
            for (var c = 0; c < fn; c++)
            {
                var x = _batch.Continuous[i * fn + c];
                var s = _b2[c].Data[0];
                for (var k = 0; k < 3; k++) s += (_w1[c].Data[k] * x + _b1[c].Data[k]) * _w2[c].Data[k];
                y[i * cols + fc + c] = s;
            }
        }
    }

    // Feature outside, nodes inside: every gradient still receives its terms in node order (each feature has its own
    // parameters), with the feature's arrays in locals instead of looked up per node.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward()
    {
        var n = _batch.Nodes; var fc = _table.Length; var fn = _w1.Length; var cols = fc + fn;
        var gy = Output.GradData; var categorical = _batch.Categorical; var continuous = _batch.Continuous;
        for (var f = 0; f < fc; f++)
        {
            var table = _table[f].Data; var gTable = _table[f].GradData; var w = _w[f].Data; var gw = _w[f].GradData;
            var dim = _w[f].Length; var gb = _b[f].GradData[0];
            for (var i = 0; i < n; i++)
            {
                var g = gy[i * cols + f];
                if (g == 0) continue;
                var o = categorical[i * fc + f] * dim;
                for (var k = 0; k < dim; k++)
                {
                    gTable[o + k] += g * w[k];
                    gw[k] += g * table[o + k];
                }
                gb += g;
            }
            _b[f].GradData[0] = gb;
        }
        for (var c = 0; c < fn; c++)
        {
            float[] w1 = _w1[c].Data, b1 = _b1[c].Data, w2 = _w2[c].Data;
            float[] gw1 = _w1[c].GradData, gb1 = _b1[c].GradData, gw2 = _w2[c].GradData;
            var gb2 = _b2[c].GradData[0];
            for (var i = 0; i < n; i++)
            {
                var g = gy[i * cols + fc + c];
                var x = continuous[i * fn + c];
                for (var k = 0; k < 3; k++)
                {
                    _hidden[k] = w1[k] * x + b1[k];
                    gw2[k] += g * _hidden[k];
                    var gh = g * w2[k];
                    gw1[k] += gh * x;
                    gb1[k] += gh;
                }
                gb2 += g;
            }
            _b2[c].GradData[0] = gb2;
        }
    }
}

using System;

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

    public override void Backward()
    {
        var n = _batch.Nodes; var fc = _table.Length; var fn = _w1.Length; var cols = fc + fn;
        var gy = Output.GradData;
        for (var i = 0; i < n; i++)
        {
            for (var f = 0; f < fc; f++)
            {
                var g = gy[i * cols + f];
                if (g == 0) continue;
                var v = _batch.Categorical[i * fc + f];
                var row = _table[f].Row(v); var grow = _table[f].GradRow(v);
                for (var k = 0; k < row.Length; k++)
                {
                    grow[k] += g * _w[f].Data[k];
                    _w[f].GradData[k] += g * row[k];
                }
                _b[f].GradData[0] += g;
            }
            for (var c = 0; c < fn; c++)
            {
                var g = gy[i * cols + fc + c];
                var x = _batch.Continuous[i * fn + c];
                for (var k = 0; k < 3; k++)
                {
                    _hidden[k] = _w1[c].Data[k] * x + _b1[c].Data[k];
                    _w2[c].GradData[k] += g * _hidden[k];
                    var gh = g * _w2[c].Data[k];
                    _w1[c].GradData[k] += gh * x;
                    _b1[c].GradData[k] += gh;
                }
                _b2[c].GradData[0] += g;
            }
        }
    }
}

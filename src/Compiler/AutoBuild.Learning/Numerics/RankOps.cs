using System;

namespace AutoBuild.Learning.Numerics;

/// <summary>Pool-adjacent-violators for the decreasing isotonic regression argmin_v ||v − y||² s.t. v_0 ≥ v_1 ≥ … .
/// Writes the solution and, for each position, the index of its pooled block (blocks are contiguous, numbered
/// in order). Returns the number of blocks. Allocation-free given buffers of length n.</summary>
public static class Isotonic
{
    public static int Decreasing(ReadOnlySpan<float> y, Span<float> solution, Span<int> blockOf, Span<double> blockSum, Span<int> blockStart)
    {
        var n = y.Length;
        var blocks = 0;
        for (var i = 0; i < n; i++)
        {
            blockStart[blocks] = i;
            blockSum[blocks] = y[i];
            blocks++;
            // merge while the previous block's mean does not exceed the last one's (a violation of "decreasing")
            while (blocks > 1)
            {
                int lastLen = i + 1 - blockStart[blocks - 1], prevLen = blockStart[blocks - 1] - blockStart[blocks - 2];
                if (blockSum[blocks - 2] * lastLen > blockSum[blocks - 1] * prevLen) break;
                blockSum[blocks - 2] += blockSum[blocks - 1];
                blocks--;
            }
        }
        for (var b = 0; b < blocks; b++)
        {
            var end = b + 1 < blocks ? blockStart[b + 1] : n;
            var mean = (float)(blockSum[b] / (end - blockStart[b]));
            for (var i = blockStart[b]; i < end; i++) { solution[i] = mean; blockOf[i] = b; }
        }
        return blocks;
    }
}

/// <summary>Differentiable soft rank of a column vector [B,1] (torchsort, regularisation "l2", Blondel et al. 2020):
/// with z = θ/ε sorted descending into s and w = (B, B−1, …, 1), r = s − PAV_decreasing(s − w), unsorted, times
/// <see cref="Scale"/>. The largest θ gets rank ≈ B. Backward: g_z = g − blockmean_PAV(g) (in sorted order), g_θ = g_z/ε.</summary>
public sealed class SoftRank : Op
{
    private readonly Tensor _x;
    private int[] _perm = Array.Empty<int>(), _blockOf = Array.Empty<int>(), _blockStart = Array.Empty<int>();
    private float[] _keys = Array.Empty<float>(), _y = Array.Empty<float>(), _v = Array.Empty<float>(), _g = Array.Empty<float>();
    private double[] _blockSum = Array.Empty<double>();
    private int _blocks;

    public SoftRank(Tensor x, float strength = 1f, float scale = 1f) : base(1)
    {
        _x = x; Strength = strength; Scale = scale;
    }

    public float Strength { get; }
    /// <summary>Multiplies the ranks (AutoBuild uses 1/B; Pearson correlation is invariant to it). 0 means 1/B.</summary>
    public float Scale { get; }

    private float EffectiveScale(int n) => Scale == 0 ? 1f / n : Scale;

    public override void Forward(bool training)
    {
        var n = _x.Rows;
        Output.Resize(n, 1);
        if (_perm.Length < n)
        {
            _perm = new int[n]; _blockOf = new int[n]; _blockStart = new int[n];
            _keys = new float[n]; _y = new float[n]; _v = new float[n]; _g = new float[n]; _blockSum = new double[n];
        }
        for (var i = 0; i < n; i++) { _perm[i] = i; _keys[i] = -_x.Data[i] / Strength; }
        Array.Sort(_keys, _perm, 0, n);                      // ascending −z = descending z
        for (var k = 0; k < n; k++) _y[k] = -_keys[k] - (n - k);
        _blocks = Isotonic.Decreasing(_y.AsSpan(0, n), _v.AsSpan(0, n), _blockOf.AsSpan(0, n), _blockSum.AsSpan(0, n), _blockStart.AsSpan(0, n));
        var scale = EffectiveScale(n);
        for (var k = 0; k < n; k++) Output.Data[_perm[k]] = (-_keys[k] - _v[k]) * scale;
    }

    public override void Backward()
    {
        var n = _x.Rows; var scale = EffectiveScale(n);
        for (var k = 0; k < n; k++) _g[k] = Output.GradData[_perm[k]] * scale;
        for (var b = 0; b < _blocks; b++)
        {
            var end = b + 1 < _blocks ? _blockStart[b + 1] : n;
            var mean = 0.0;
            for (var k = _blockStart[b]; k < end; k++) mean += _g[k];
            var m = (float)(mean / (end - _blockStart[b]));
            for (var k = _blockStart[b]; k < end; k++) _x.GradData[_perm[k]] += (_g[k] - m) / Strength;
        }
    }
}

/// <summary>Loss 1 − Pearson(a, y) between a column [B,1] and the batch targets (autobuild-method.md §3).
/// A constant column has no correlation: loss 1, gradient 0.</summary>
public sealed class PearsonLoss : LossOp
{
    private readonly Tensor _a;
    private readonly GraphBatch _batch;
    private double _meanA, _meanY, _normA, _normY, _rho;

    public PearsonLoss(Tensor a, GraphBatch batch, float weight) : base(weight)
    {
        _a = a; _batch = batch;
    }

    /// <summary>Pearson correlation of the last forward pass.</summary>
    public double Correlation => _rho;

    public override void Forward(bool training)
    {
        var n = _a.Rows; var a = _a.Data; var y = _batch.Targets;
        Output.Resize(1, 1);
        _meanA = 0; _meanY = 0;
        for (var i = 0; i < n; i++) { _meanA += a[i]; _meanY += y[i]; }
        _meanA /= n; _meanY /= n;
        double cov = 0, va = 0, vy = 0;
        for (var i = 0; i < n; i++)
        {
            double da = a[i] - _meanA, dy = y[i] - _meanY;
            cov += da * dy; va += da * da; vy += dy * dy;
        }
        _normA = Math.Sqrt(va); _normY = Math.Sqrt(vy);
        _rho = _normA > 0 && _normY > 0 ? cov / (_normA * _normY) : 0;
        Value = 1 - _rho;
        Output.Data[0] = (float)Value;
    }

    public override void Backward()
    {
        if (!(_normA > 0 && _normY > 0)) return;
        var n = _a.Rows; var a = _a.Data; var y = _batch.Targets;
        var w = Weight * (Output.GradData[0] + 1); // + 1: this op is a root of the loss
        for (var i = 0; i < n; i++)
        {
            var drho = (y[i] - _meanY) / (_normA * _normY) - _rho * (a[i] - _meanA) / (_normA * _normA);
            _a.GradData[i] += (float)(-w * drho);
        }
    }
}

/// <summary>Mean squared error between a column [B,1] and the batch targets.</summary>
public sealed class MseLoss : LossOp
{
    private readonly Tensor _p;
    private readonly GraphBatch _batch;

    public MseLoss(Tensor prediction, GraphBatch batch, float weight = 1f) : base(weight)
    {
        _p = prediction; _batch = batch;
    }

    public override void Forward(bool training)
    {
        var n = _p.Rows;
        Output.Resize(1, 1);
        var sum = 0.0;
        if (TopWeight > 0)
        {
            var weights = 0.0;
            for (var i = 0; i < n; i++) { var d = (double)_p.Data[i] - _batch.Targets[i]; var w = TargetWeight(i); sum += w * d * d; weights += w; }
            _weightSum = weights;
            Value = sum / weights;
        }
        else
        {
            for (var i = 0; i < n; i++) { var d = (double)_p.Data[i] - _batch.Targets[i]; sum += d * d; }
            Value = sum / n;
        }
        Output.Data[0] = (float)Value;
    }

    public override void Backward()
    {
        var n = _p.Rows;
        var w = Weight * (Output.GradData[0] + 1);
        if (TopWeight > 0)
        {
            for (var i = 0; i < n; i++) _p.GradData[i] += (float)(w * 2f * TargetWeight(i) * (_p.Data[i] - _batch.Targets[i]) / _weightSum);
            return;
        }
        for (var i = 0; i < n; i++) _p.GradData[i] += w * 2f * (_p.Data[i] - _batch.Targets[i]) / n;
    }

    /// <summary>Weight of the targets above the mean (standardised targets &gt; 0): each graph's squared error counts
    /// 1 + TopWeight·max(0, target), normalised by the batch's total weight; 0 is the plain mean.</summary>
    public float TopWeight { get; init; }
    private double _weightSum = 1;
    private double TargetWeight(int i) => 1 + TopWeight * Math.Max(0f, _batch.Targets[i]);
}

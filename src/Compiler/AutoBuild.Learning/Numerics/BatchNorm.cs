using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoBuild.Learning.Numerics;

/// <summary>Batch normalisation over rows (nodes) per column, torch semantics: training uses the batch mean and
/// biased variance and updates running statistics (momentum 0.1, unbiased variance); evaluation uses the running ones.
/// Optionally fused with what follows it in a message-passing layer: y = act(BN(x)) (+ residual). Fused, it makes one
/// pass over the rows where BatchNorm, <see cref="Activation"/> and <see cref="Add"/> made three forward and five
/// backward, and it computes every element with the same operations in the same order as those three ops, so the
/// results are the same bits.</summary>
public sealed class BatchNorm : Op
{
    private readonly Tensor _x;
    private readonly Tensor? _residual;
    private readonly float[] _mean, _invStd, _sumG, _sumGx, _shift, _scale;
    private readonly float _below;            // the activation's slope for z ≤ 0 (ReLU 0, LeakyReLU its slope)
    private readonly bool _overwrite;
    private bool _lastTraining;

    public BatchNorm(Tensor x, ParameterSet parameters, string name, int cols, float momentum = 0.1f, float eps = 1e-5f,
        Nonlinearity activation = Nonlinearity.Identity, Tensor? residual = null, float slope = 0.01f, bool onlyConsumer = false) : base(cols)
    {
        if (activation == Nonlinearity.Abs) throw new ArgumentException("BatchNorm fuses Identity, ReLU or LeakyReLU only.", nameof(activation));
        if (residual != null && residual.Cols != cols) throw new ArgumentException($"BatchNorm {name}: residual has {residual.Cols} columns, expected {cols}.", nameof(residual));
        // The only consumer of x writes x's gradient (adding +0 where it added to a cleared one: the same bits).
        _overwrite = onlyConsumer;
        if (onlyConsumer) x.GradWrittenByConsumer = true;
        _x = x; _residual = residual; Momentum = momentum; Eps = eps; Kind = activation;
        _below = activation == Nonlinearity.LeakyReLU ? slope : 0f;
        Slope = slope;
        Gamma = parameters.Add(name + ".weight", 1, cols);
        Beta = parameters.Add(name + ".bias", 1, cols);
        Init.Fill(Gamma, 1f);
        RunningMean = new float[cols];
        RunningVar = new float[cols];
        RunningVar.AsSpan().Fill(1f);
        _mean = new float[cols]; _invStd = new float[cols]; _sumG = new float[cols]; _sumGx = new float[cols];
        _shift = new float[cols]; _scale = new float[cols];
    }

    public Tensor Gamma { get; }
    public Tensor Beta { get; }
    public float[] RunningMean { get; }
    public float[] RunningVar { get; }
    public float Momentum { get; }
    public float Eps { get; }
    /// <summary>The activation applied after normalising (Identity: none).</summary>
    public Nonlinearity Kind { get; }
    public float Slope { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(bool training)
    {
        var n = _x.Rows; var h = _x.Cols;
        Output.Resize(n, h);
        _lastTraining = training && n > 1;
        var x = _x.Data;
        if (_lastTraining)
        {
            Array.Clear(_mean); Array.Clear(_sumG);
            ColumnSums(x, n, h, null, _mean);
            for (var c = 0; c < h; c++) _mean[c] *= 1f / n;
            ColumnSums(x, n, h, _mean, _sumG);
            for (var c = 0; c < h; c++)
            {
                _invStd[c] = 1f / MathF.Sqrt(_sumG[c] / n + Eps);
                RunningMean[c] = (1 - Momentum) * RunningMean[c] + Momentum * _mean[c];
                RunningVar[c] = (1 - Momentum) * RunningVar[c] + Momentum * (_sumG[c] / (n - 1));
            }
        }
        else
        {
            RunningMean.CopyTo(_mean, 0);
            for (var c = 0; c < h; c++) _invStd[c] = 1f / MathF.Sqrt(RunningVar[c] + Eps);
        }
        // z = x·scale + shift with scale = γ·invStd, shift = β − mean·scale; y = act(z) (+ residual)
        for (var c = 0; c < h; c++) { _scale[c] = _invStd[c] * Gamma.Data[c]; _shift[c] = Beta.Data[c] - _mean[c] * _scale[c]; }
        var y = Output.Data; var res = _residual?.Data;
        var w = Vector<float>.Count;
        for (var r = 0; r < n; r++)
        {
            int o = r * h, c = 0;
            for (; c + w <= h; c += w)
            {
                var v = Activate(new Vector<float>(x, o + c) * new Vector<float>(_scale, c) + new Vector<float>(_shift, c));
                if (res != null) v += new Vector<float>(res, o + c);
                v.CopyTo(y, o + c);
            }
            for (; c < h; c++)
            {
                var v = Activate(x[o + c] * _scale[c] + _shift[c] + 0f);
                y[o + c] = res != null ? v + res[o + c] : v;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward()
    {
        var n = _x.Rows; var h = _x.Cols;
        var x = _x.Data; var g = Output.GradData; var gx = _x.GradData; var gres = _residual?.GradData;
        var w = Vector<float>.Count;
        Array.Clear(_sumG); Array.Clear(_sumGx);
        // Pass 1: the residual's gradient, and Σ gz and Σ gz·(x − mean) per column (rows in order), gz the gradient at
        // BN's output. Columns outside, rows inside: the two sums stay in registers.
        var c0 = 0;
        for (; c0 + w <= h; c0 += w)
        {
            var sumG = Vector<float>.Zero; var sumGx = Vector<float>.Zero; var mean = new Vector<float>(_mean, c0);
            for (var o = c0; o < n * h; o += h)
            {
                var gy = new Vector<float>(g, o);
                if (gres != null) (new Vector<float>(gres, o) + gy).CopyTo(gres, o);
                var xv = new Vector<float>(x, o);
                var gz = GradAtNorm(xv, gy, c0);
                sumG += gz;
                sumGx += gz * (xv - mean);
            }
            sumG.CopyTo(_sumG, c0); sumGx.CopyTo(_sumGx, c0);
        }
        for (var c = c0; c < h; c++)
            for (var o = c; o < n * h; o += h)
            {
                if (gres != null) gres[o] += g[o];
                var gz = GradAtNorm(x[o], g[o], c);
                _sumG[c] += gz;
                _sumGx[c] += gz * (x[o] - _mean[c]);
            }
        for (var c = 0; c < h; c++)
        {
            Gamma.GradData[c] += _sumGx[c] * _invStd[c];                    // Σ g·x̂
            Beta.GradData[c] += _sumG[c];
            _scale[c] = Gamma.Data[c] * _invStd[c];
        }
        // Pass 2. Training: gx += scale·gz + (x − mean)·D + E, D = −scale·invStd²·Σgz(x−mean)/n, E = −scale·Σgz/n − mean·D.
        // Evaluation (statistics fixed): gx += scale·gz, i.e. D = E = 0 in the same expressions.
        for (var c = 0; c < h; c++)
        {
            var d = _lastTraining ? -_scale[c] * _invStd[c] * _invStd[c] * _sumGx[c] / n : 0f;
            _sumG[c] = _lastTraining ? -_scale[c] * _sumG[c] / n - _mean[c] * d : 0f;
            _sumGx[c] = d;
        }
        for (var r = 0; r < n; r++)
        {
            int o = r * h, c = 0;
            for (; c + w <= h; c += w)
            {
                var v = GradAtNorm(new Vector<float>(x, o + c), new Vector<float>(g, o + c), c) * new Vector<float>(_scale, c)
                    + new Vector<float>(_sumG, c) + (_overwrite ? Vector<float>.Zero : new Vector<float>(gx, o + c));
                if (_lastTraining) v += new Vector<float>(x, o + c) * new Vector<float>(_sumGx, c);
                v.CopyTo(gx, o + c);
            }
            for (; c < h; c++)
            {
                gx[o + c] = GradAtNorm(x[o + c], g[o + c], c) * _scale[c] + _sumG[c] + (_overwrite ? 0f : gx[o + c]);
                if (_lastTraining) gx[o + c] += x[o + c] * _sumGx[c];
            }
        }
    }

    // The activation as Activation computes it: max(z, 0) for ReLU (NaN kept), max(z, slope·z) for LeakyReLU.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<float> Activate(Vector<float> z) => Kind switch
    {
        Nonlinearity.ReLU => Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<float>.Zero) | ~Vector.Equals(z, z), z, Vector<float>.Zero),
        Nonlinearity.LeakyReLU => Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<float>.Zero), z, z * Slope),
        _ => z,
    };

    private float Activate(float z) => Kind switch
    {
        Nonlinearity.ReLU => z > 0 || float.IsNaN(z) ? z : 0f,
        Nonlinearity.LeakyReLU => z > 0 ? z : z * Slope,
        _ => z,
    };

    /// <summary>The gradient at BN's output z (recomputed from x, as in the forward pass) given the gradient at y:
    /// act'(z)·gy added to a zero gradient, as the separate Activation op did (+0 also makes a −0 the +0 it gave).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<float> GradAtNorm(Vector<float> x, Vector<float> gy, int c)
    {
        if (Kind == Nonlinearity.Identity) return _residual != null ? gy + Vector<float>.Zero : gy;
        var z = x * new Vector<float>(_scale, c) + new Vector<float>(_shift, c);
        var d = Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<float>.Zero), Vector<float>.One, new Vector<float>(_below));
        return d * gy + Vector<float>.Zero;
    }

    private float GradAtNorm(float x, float gy, int c)
    {
        if (Kind == Nonlinearity.Identity) return _residual != null ? gy + 0f : gy;
        var z = x * _scale[c] + _shift[c] + 0f;
        return (z > 0 ? 1f : _below) * gy + 0f;
    }

    /// <summary>acc[c] += Σ over rows r, in order, of x[r, c] (mean null) or (x[r, c] − mean[c])². Columns outside and
    /// rows inside, two vectors at a time, so the sums stay in registers (the same sums, in the same order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnSums(float[] x, int n, int h, float[]? mean, float[] acc)
    {
        var w = Vector<float>.Count; var c = 0; var end = n * h;
        for (; c + 2 * w <= h; c += 2 * w)
        {
            var a0 = new Vector<float>(acc, c); var a1 = new Vector<float>(acc, c + w);
            var m0 = mean != null ? new Vector<float>(mean, c) : default; var m1 = mean != null ? new Vector<float>(mean, c + w) : default;
            if (mean == null)
                for (var o = c; o < end; o += h) { a0 += new Vector<float>(x, o); a1 += new Vector<float>(x, o + w); }
            else
                for (var o = c; o < end; o += h)
                {
                    var d0 = new Vector<float>(x, o) - m0; var d1 = new Vector<float>(x, o + w) - m1;
                    a0 += d0 * d0; a1 += d1 * d1;
                }
            a0.CopyTo(acc, c); a1.CopyTo(acc, c + w);
        }
        for (; c + w <= h; c += w)
        {
            var a = new Vector<float>(acc, c); var m = mean != null ? new Vector<float>(mean, c) : default;
            if (mean == null)
                for (var o = c; o < end; o += h) a += new Vector<float>(x, o);
            else
                for (var o = c; o < end; o += h) { var d = new Vector<float>(x, o) - m; a += d * d; }
            a.CopyTo(acc, c);
        }
        for (; c < h; c++)
            for (var o = c; o < end; o += h)
            {
                if (mean == null) { acc[c] += x[o]; continue; }
                var d = x[o] - mean[c];
                acc[c] += d * d;
            }
    }
}

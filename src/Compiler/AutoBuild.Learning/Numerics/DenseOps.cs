using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoBuild.Learning.Numerics;

/// <summary>y = x·W (+ b), W stored [in, out].</summary>
public sealed class Linear : Op
{
    private readonly Tensor _x;
    private float[] _scratch = Array.Empty<float>();

    public Linear(Tensor x, ParameterSet parameters, string name, int inputs, int outputs, bool bias, Random rng) : base(outputs)
    {
        if (x.Cols != inputs) throw new ArgumentException($"Linear {name}: input has {x.Cols} columns, expected {inputs}.");
        _x = x;
        Weight = parameters.Add(name + ".weight", inputs, outputs);
        Init.Uniform(Weight, inputs, rng);
        if (bias)
        {
            Bias = parameters.Add(name + ".bias", 1, outputs);
            Init.Uniform(Bias, inputs, rng);
        }
    }

    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override void Forward(bool training)
    {
        var n = _x.Rows; var k = Weight.Rows; var m = Weight.Cols;
        Output.Resize(n, m);
        Gemm.Multiply(_x.Data, Weight.Data, Output.Data, n, k, m, accumulate: false);
        if (Bias != null)
            for (var r = 0; r < n; r++) TensorPrimitives.Add(Output.Row(r), Bias.Values, Output.Row(r));
    }

    public override void Backward()
    {
        var n = _x.Rows; var k = Weight.Rows; var m = Weight.Cols;
        Gemm.MultiplyTransposedA(_x.Data, Output.GradData, Weight.GradData, n, k, m, accumulate: true);
        Gemm.MultiplyTransposedB(Output.GradData, Weight.Data, _x.GradData, n, m, k, accumulate: true, ref _scratch);
        if (Bias != null)
            for (var r = 0; r < n; r++) TensorPrimitives.Add(Bias.Grad, Output.GradRow(r), Bias.Grad);
    }
}

/// <summary>y = a + b (same shape): the residual connection and GraphConv's two terms.</summary>
public sealed class Add : Op
{
    private readonly Tensor _a, _b;

    public Add(Tensor a, Tensor b) : base(a.Cols)
    {
        _a = a; _b = b;
    }

    public override void Forward(bool training)
    {
        Output.Resize(_a.Rows, _a.Cols);
        TensorPrimitives.Add(_a.Values, _b.Values, Output.Values);
    }

    public override void Backward()
    {
        TensorPrimitives.Add(_a.Grad, Output.Grad, _a.Grad);
        TensorPrimitives.Add(_b.Grad, Output.Grad, _b.Grad);
    }
}

/// <summary>The element-wise functions of <see cref="Activation"/> (the predictor's; a network's activation layers
/// are <c>AutoBuild.Runtime.Plans.ActivationKind</c>).</summary>
public enum Nonlinearity { Identity, ReLU, LeakyReLU, Abs }

/// <summary>Element-wise ReLU, LeakyReLU (slope 0.01, torch's default) or |x|.</summary>
public sealed class Activation : Op
{
    private readonly Tensor _x;

    public Activation(Tensor x, Nonlinearity kind, float slope = 0.01f) : base(x.Cols)
    {
        _x = x; Kind = kind; Slope = slope;
    }

    public Nonlinearity Kind { get; }
    public float Slope { get; }

    public override void Forward(bool training)
    {
        Output.Resize(_x.Rows, _x.Cols);
        var x = _x.Values; var y = Output.Values;
        switch (Kind)
        {
            case Nonlinearity.ReLU: TensorPrimitives.Max(x, 0f, y); break;
            case Nonlinearity.Abs: TensorPrimitives.Abs(x, y); break;
            case Nonlinearity.LeakyReLU:
                // max(x, slope·x) for 0 < slope < 1
                TensorPrimitives.Multiply(x, Slope, y);
                TensorPrimitives.Max(x, y, y);
                break;
            default: x.CopyTo(y); break;
        }
    }

    public override void Backward()
    {
        var x = _x.Values; var gy = Output.Grad; var gx = _x.Grad;
        if (Kind == Nonlinearity.Identity)
        {
            TensorPrimitives.Add(gx, gy, gx);
            return;
        }
        // derivative: 1 where x > 0; else 0 (ReLU), slope (LeakyReLU), -1 / 0 (Abs at x < 0 / x = 0)
        var below = Kind switch { Nonlinearity.ReLU => 0f, Nonlinearity.Abs => -1f, _ => Slope };
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<float>.One; var low = new Vector<float>(below); var zero = Vector<float>.Zero;
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
            {
                var xv = new Vector<float>(x.Slice(i));
                var d = Vector.ConditionalSelect(Vector.GreaterThan(xv, zero), one, Vector.ConditionalSelect(Vector.LessThan(xv, zero), low, Kind == Nonlinearity.Abs ? zero : low));
                (new Vector<float>(gx.Slice(i)) + d * new Vector<float>(gy.Slice(i))).CopyTo(gx.Slice(i));
            }
        }
        for (; i < x.Length; i++)
        {
            var d = x[i] > 0 ? 1f : x[i] < 0 || Kind != Nonlinearity.Abs ? below : 0f;
            gx[i] += d * gy[i];
        }
    }
}

/// <summary>Batch normalisation over rows (nodes) per column, torch semantics: training uses the batch mean and
/// biased variance and updates running statistics (momentum 0.1, unbiased variance); evaluation uses the running ones.</summary>
public sealed class BatchNorm : Op
{
    private readonly Tensor _x;
    private readonly float[] _mean, _invStd, _sumG, _sumGx, _scratch, _scale;
    private bool _lastTraining;

    public BatchNorm(Tensor x, ParameterSet parameters, string name, int cols, float momentum = 0.1f, float eps = 1e-5f) : base(cols)
    {
        _x = x; Momentum = momentum; Eps = eps;
        Gamma = parameters.Add(name + ".weight", 1, cols);
        Beta = parameters.Add(name + ".bias", 1, cols);
        Init.Fill(Gamma, 1f);
        RunningMean = new float[cols];
        RunningVar = new float[cols];
        RunningVar.AsSpan().Fill(1f);
        _mean = new float[cols]; _invStd = new float[cols]; _sumG = new float[cols]; _sumGx = new float[cols];
        _scratch = new float[cols]; _scale = new float[cols];
    }

    public Tensor Gamma { get; }
    public Tensor Beta { get; }
    public float[] RunningMean { get; }
    public float[] RunningVar { get; }
    public float Momentum { get; }
    public float Eps { get; }

    public override void Forward(bool training)
    {
        var n = _x.Rows; var h = _x.Cols;
        Output.Resize(n, h);
        _lastTraining = training && n > 1;
        var x = _x.Data;
        if (_lastTraining)
        {
            Array.Clear(_mean); Array.Clear(_sumG);
            for (var r = 0; r < n; r++) AddRow(x, r * h, _mean);
            TensorPrimitives.Multiply(_mean, 1f / n, _mean);
            for (var r = 0; r < n; r++) AddSquaredDeviation(x, r * h, _mean, _sumG);
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
        // y = x·scale + shift with scale = γ·invStd, shift = β − mean·scale
        for (var c = 0; c < h; c++) { _scale[c] = _invStd[c] * Gamma.Data[c]; _scratch[c] = Beta.Data[c] - _mean[c] * _scale[c]; }
        var y = Output.Data;
        for (var r = 0; r < n; r++) Affine(x, r * h, _scale, _scratch, y, null);
    }

    public override void Backward()
    {
        var n = _x.Rows; var h = _x.Cols;
        var x = _x.Data; var g = Output.GradData; var gx = _x.GradData;
        Array.Clear(_sumG); Array.Clear(_sumGx);
        for (var r = 0; r < n; r++)
        {
            AddRow(g, r * h, _sumG);
            AddProductWithDeviation(g, x, r * h, _mean, _sumGx);         // Σ g·(x − mean)
        }
        for (var c = 0; c < h; c++)
        {
            Gamma.GradData[c] += _sumGx[c] * _invStd[c];                    // Σ g·x̂
            Beta.GradData[c] += _sumG[c];
            _scale[c] = Gamma.Data[c] * _invStd[c];
        }
        if (_lastTraining)
        {
            // gx += scale·g + (x − mean)·D + E,  D = −scale·invStd²·Σg(x−mean)/n,  E = −scale·Σg/n − mean·D
            for (var c = 0; c < h; c++)
            {
                var d = -_scale[c] * _invStd[c] * _invStd[c] * _sumGx[c] / n;
                _sumGx[c] = d;
                _sumG[c] = -_scale[c] * _sumG[c] / n - _mean[c] * d;
            }
            for (var r = 0; r < n; r++) { Affine(g, r * h, _scale, _sumG, gx, gx); AddScaledRow(x, r * h, _sumGx, gx); }
        }
        else
        {
            Array.Clear(_sumG);
            for (var r = 0; r < n; r++) Affine(g, r * h, _scale, _sumG, gx, gx);
        }
    }

    // Row kernels over row r (offset o) of a [n, h] matrix, with per-column vectors of length h.

    private static void AddRow(float[] x, int o, float[] acc)
    {
        var h = acc.Length; var c = 0;
        for (; c + Vector<float>.Count <= h; c += Vector<float>.Count)
            (new Vector<float>(acc, c) + new Vector<float>(x, o + c)).CopyTo(acc, c);
        for (; c < h; c++) acc[c] += x[o + c];
    }

    private static void AddSquaredDeviation(float[] x, int o, float[] mean, float[] acc)
    {
        var h = acc.Length; var c = 0;
        for (; c + Vector<float>.Count <= h; c += Vector<float>.Count)
        {
            var d = new Vector<float>(x, o + c) - new Vector<float>(mean, c);
            (new Vector<float>(acc, c) + d * d).CopyTo(acc, c);
        }
        for (; c < h; c++) { var d = x[o + c] - mean[c]; acc[c] += d * d; }
    }

    private static void AddProductWithDeviation(float[] g, float[] x, int o, float[] mean, float[] acc)
    {
        var h = acc.Length; var c = 0;
        for (; c + Vector<float>.Count <= h; c += Vector<float>.Count)
            (new Vector<float>(acc, c) + new Vector<float>(g, o + c) * (new Vector<float>(x, o + c) - new Vector<float>(mean, c))).CopyTo(acc, c);
        for (; c < h; c++) acc[c] += g[o + c] * (x[o + c] - mean[c]);
    }

    /// <summary>y[o..] = x[o..]·scale + shift (+ y[o..] when <paramref name="add"/> is y).</summary>
    private static void Affine(float[] x, int o, float[] scale, float[] shift, float[] y, float[]? add)
    {
        var h = scale.Length; var c = 0;
        for (; c + Vector<float>.Count <= h; c += Vector<float>.Count)
        {
            var v = new Vector<float>(x, o + c) * new Vector<float>(scale, c) + new Vector<float>(shift, c);
            if (add != null) v += new Vector<float>(add, o + c);
            v.CopyTo(y, o + c);
        }
        for (; c < h; c++) y[o + c] = x[o + c] * scale[c] + shift[c] + (add != null ? add[o + c] : 0f);
    }

    private static void AddScaledRow(float[] x, int o, float[] scale, float[] y)
    {
        var h = scale.Length; var c = 0;
        for (; c + Vector<float>.Count <= h; c += Vector<float>.Count)
            (new Vector<float>(y, o + c) + new Vector<float>(x, o + c) * new Vector<float>(scale, c)).CopyTo(y, o + c);
        for (; c < h; c++) y[o + c] += x[o + c] * scale[c];
    }
}

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

public enum ActivationKind { Identity, ReLU, LeakyReLU, Abs }

/// <summary>Element-wise ReLU, LeakyReLU (slope 0.01, torch's default) or |x|.</summary>
public sealed class Activation : Op
{
    private readonly Tensor _x;

    public Activation(Tensor x, ActivationKind kind, float slope = 0.01f) : base(x.Cols)
    {
        _x = x; Kind = kind; Slope = slope;
    }

    public ActivationKind Kind { get; }
    public float Slope { get; }

    public override void Forward(bool training)
    {
        Output.Resize(_x.Rows, _x.Cols);
        var x = _x.Values; var y = Output.Values;
        switch (Kind)
        {
            case ActivationKind.ReLU: TensorPrimitives.Max(x, 0f, y); break;
            case ActivationKind.Abs: TensorPrimitives.Abs(x, y); break;
            case ActivationKind.LeakyReLU:
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
        if (Kind == ActivationKind.Identity)
        {
            TensorPrimitives.Add(gx, gy, gx);
            return;
        }
        // derivative: 1 where x > 0; else 0 (ReLU), slope (LeakyReLU), -1 / 0 (Abs at x < 0 / x = 0)
        var below = Kind switch { ActivationKind.ReLU => 0f, ActivationKind.Abs => -1f, _ => Slope };
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<float>.One; var low = new Vector<float>(below); var zero = Vector<float>.Zero;
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
            {
                var xv = new Vector<float>(x.Slice(i));
                var d = Vector.ConditionalSelect(Vector.GreaterThan(xv, zero), one, Vector.ConditionalSelect(Vector.LessThan(xv, zero), low, Kind == ActivationKind.Abs ? zero : low));
                (new Vector<float>(gx.Slice(i)) + d * new Vector<float>(gy.Slice(i))).CopyTo(gx.Slice(i));
            }
        }
        for (; i < x.Length; i++)
        {
            var d = x[i] > 0 ? 1f : x[i] < 0 || Kind != ActivationKind.Abs ? below : 0f;
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
        if (_lastTraining)
        {
            Array.Clear(_mean); Array.Clear(_sumG);
            for (var r = 0; r < n; r++) TensorPrimitives.Add(_mean, _x.Row(r), _mean);
            TensorPrimitives.Multiply(_mean, 1f / n, _mean);
            for (var r = 0; r < n; r++)
            {
                TensorPrimitives.Subtract(_x.Row(r), _mean, _scratch);
                TensorPrimitives.MultiplyAdd(_scratch, _scratch, _sumG, _sumG);
            }
            for (var c = 0; c < h; c++)
            {
                var variance = _sumG[c] / n;
                _invStd[c] = 1f / MathF.Sqrt(variance + Eps);
                RunningMean[c] = (1 - Momentum) * RunningMean[c] + Momentum * _mean[c];
                RunningVar[c] = (1 - Momentum) * RunningVar[c] + Momentum * (_sumG[c] / (n - 1));
            }
        }
        else
        {
            RunningMean.CopyTo(_mean, 0);
            for (var c = 0; c < h; c++) _invStd[c] = 1f / MathF.Sqrt(RunningVar[c] + Eps);
        }
        // y = (x - mean)·invStd·gamma + beta, as y = x·scale + shift
        for (var c = 0; c < h; c++) { _sumG[c] = _invStd[c] * Gamma.Data[c]; _sumGx[c] = Beta.Data[c] - _mean[c] * _sumG[c]; }
        for (var r = 0; r < n; r++) TensorPrimitives.FusedMultiplyAdd(_x.Row(r), _sumG, _sumGx, Output.Row(r));
    }

    public override void Backward()
    {
        var n = _x.Rows; var h = _x.Cols;
        Array.Clear(_sumG); Array.Clear(_sumGx);
        // Σ g and Σ g·(x − mean) per column; x̂ = (x − mean)·invStd
        for (var r = 0; r < n; r++)
        {
            var g = Output.GradRow(r);
            TensorPrimitives.Add(_sumG, g, _sumG);
            TensorPrimitives.Subtract(_x.Row(r), _mean, _scratch);
            TensorPrimitives.MultiplyAdd(g, _scratch, _sumGx, _sumGx);
        }
        TensorPrimitives.Multiply(_sumGx, _invStd, _sumGx);                  // Σ g·x̂
        TensorPrimitives.Add(Gamma.Grad, _sumGx, Gamma.Grad);
        TensorPrimitives.Add(Beta.Grad, _sumG, Beta.Grad);
        // gx += γ·invStd·(g − Σg/n − x̂·Σ(g·x̂)/n)  (training);  γ·invStd·g  (evaluation)
        TensorPrimitives.Multiply(Gamma.Values, _invStd, _scale);
        if (_lastTraining)
        {
            TensorPrimitives.Multiply(_sumG, -1f / n, _sumG);                 // −Σg/n
            TensorPrimitives.Multiply(_sumGx, _invStd, _sumGx);
            TensorPrimitives.Multiply(_sumGx, -1f / n, _sumGx);               // −invStd·Σ(g·x̂)/n
        }
        for (var r = 0; r < n; r++)
        {
            var g = Output.GradRow(r); var gx = _x.GradRow(r);
            if (_lastTraining)
            {
                TensorPrimitives.Subtract(_x.Row(r), _mean, _scratch);
                TensorPrimitives.FusedMultiplyAdd(_scratch, _sumGx, _sumG, _scratch); // −Σg/n − (x−mean)·invStd·Σ(g·x̂)/n
                TensorPrimitives.Add(_scratch, g, _scratch);
                TensorPrimitives.MultiplyAdd(_scratch, _scale, gx, gx);
            }
            else TensorPrimitives.MultiplyAdd(g, _scale, gx, gx);
        }
    }
}

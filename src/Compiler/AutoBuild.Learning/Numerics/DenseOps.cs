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

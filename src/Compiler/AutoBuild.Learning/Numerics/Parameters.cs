using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;

namespace AutoBuild.Learning.Numerics;

/// <summary>The trainable tensors of a model, in registration order (which fixes every reduction order).</summary>
public sealed class ParameterSet
{
    private readonly List<(string Name, Tensor Tensor)> _items = new();

    public IReadOnlyList<(string Name, Tensor Tensor)> Items => _items;

    public Tensor Add(string name, int rows, int cols)
    {
        var t = new Tensor(rows, cols);
        t.Values.Clear();
        _items.Add((name, t));
        return t;
    }

    public void ZeroGrad()
    {
        foreach (var (_, t) in _items) t.ZeroGrad();
    }

    /// <summary>Global L2 norm of all gradients (double accumulation, fixed order).</summary>
    public double GradNorm()
    {
        var sum = 0.0;
        foreach (var (_, t) in _items)
            foreach (var g in t.Grad) sum += (double)g * g;
        return Math.Sqrt(sum);
    }

    /// <summary>Σ g² over all gradients in double, eight lanes at a time (order differs from <see cref="GradNorm"/>).</summary>
    private (double Sum, long Count) SumOfSquares()
    {
        var total = System.Numerics.Vector<double>.Zero;
        var tail = 0.0;
        var count = 0L;
        foreach (var (_, t) in _items)
        {
            var g = (ReadOnlySpan<float>)t.Grad;
            count += g.Length;
            var i = 0;
            for (; i + System.Numerics.Vector<float>.Count <= g.Length; i += System.Numerics.Vector<float>.Count)
            {
                System.Numerics.Vector.Widen(new System.Numerics.Vector<float>(g.Slice(i)), out var low, out var high);
                total += low * low + high * high;
            }
            for (; i < g.Length; i++) tail += (double)g[i] * g[i];
        }
        return (System.Numerics.Vector.Sum(total) + tail, count);
    }

    /// <summary>Scales all gradients so their global norm is at most <paramref name="maxNorm"/> (torch's clip_grad_norm_).
    /// Returns the norm before clipping: <see cref="GradNorm"/> exactly when it is near or above the limit; well below
    /// it, a vectorised sum that may differ from it in the last bits (and decides the same: no clipping).</summary>
    public double ClipGradNorm(double maxNorm)
    {
        // The sequential sum waits on one addition per element; a vectorised one settles most steps first. A sum of
        // n non-negative terms in double is within n·2⁻⁵³ (relative) of the true sum in any order, so below
        // (1 − 4n·2⁻⁵³)·max² the sequential sum cannot reach the limit either, and the scale (which needs the exact
        // norm) is not used.
        if (maxNorm > 0)
        {
            var (fast, count) = SumOfSquares();
            if (fast < maxNorm * maxNorm * (1 - 4.0 * count * Math.Pow(2, -53))) return Math.Sqrt(fast);
        }
        var norm = GradNorm();
        if (maxNorm > 0 && norm > maxNorm)
        {
            var scale = (float)(maxNorm / (norm + 1e-6));
            foreach (var (_, t) in _items) System.Numerics.Tensors.TensorPrimitives.Multiply(t.Grad, scale, t.Grad);
        }
        return norm;
    }
}

/// <summary>Seeded initialisers (System.Random with a seed is stable across runs of the same runtime).</summary>
public static class Init
{
    /// <summary>U(-1/√fanIn, 1/√fanIn), torch's default for Linear weights and biases.</summary>
    public static void Uniform(Tensor t, int fanIn, Random rng)
    {
        var bound = 1.0 / Math.Sqrt(Math.Max(1, fanIn));
        var v = t.Values;
        for (var i = 0; i < v.Length; i++) v[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
    }

    /// <summary>N(0, std²) by Box–Muller, torch's default for embeddings (std 1).</summary>
    public static void Normal(Tensor t, double std, Random rng)
    {
        var v = t.Values;
        for (var i = 0; i < v.Length; i++)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            v[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }

    public static void Fill(Tensor t, float value) => t.Values.Fill(value);
}

/// <summary>AdamW (decoupled weight decay, torch semantics) over a <see cref="ParameterSet"/>.</summary>
public sealed class AdamW
{
    private readonly ParameterSet _parameters;
    private readonly float[][] _m, _v;
    private int _step;

    public AdamW(ParameterSet parameters, double learningRate, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _parameters = parameters;
        LearningRate = learningRate; WeightDecay = weightDecay; Beta1 = beta1; Beta2 = beta2; Eps = eps;
        _m = new float[parameters.Items.Count][];
        _v = new float[parameters.Items.Count][];
        for (var i = 0; i < _m.Length; i++)
        {
            _m[i] = new float[parameters.Items[i].Tensor.Length];
            _v[i] = new float[parameters.Items[i].Tensor.Length];
        }
    }

    public double LearningRate { get; set; }
    public double WeightDecay { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }

    public void Step()
    {
        _step++;
        var lr = (float)LearningRate;
        var decay = (float)(1 - LearningRate * WeightDecay);
        var b1 = (float)Beta1; var b2 = (float)Beta2;
        var c1 = (float)(1 - Math.Pow(Beta1, _step));
        var c2 = (float)Math.Sqrt(1 - Math.Pow(Beta2, _step));
        var stepSize = lr / c1;
        var eps = (float)Eps;
        for (var i = 0; i < _m.Length; i++)
        {
            var t = _parameters.Items[i].Tensor;
            var p = t.Values; var g = t.Grad; var m = _m[i]; var v = _v[i];
            var j = 0;
            // Eight elements at a time with the scalar loop's operations in its order (no fused multiply-add; a
            // vector square root is correctly rounded like MathF.Sqrt), so the result is the same bits.
            if (Vector256.IsHardwareAccelerated)
                for (; j + 8 <= p.Length; j += 8)
                {
                    var gj = Vector256.Create(g.Slice(j, 8));
                    var pj = Vector256.Create(p.Slice(j, 8)) * decay;
                    var mj = b1 * Vector256.Create(m.AsSpan(j, 8)) + (1 - b1) * gj;
                    var vj = b2 * Vector256.Create(v.AsSpan(j, 8)) + (1 - b2) * gj * gj;
                    pj -= stepSize * mj / (Vector256.Sqrt(vj) / c2 + Vector256.Create(eps));
                    pj.CopyTo(p.Slice(j, 8)); mj.CopyTo(m.AsSpan(j, 8)); vj.CopyTo(v.AsSpan(j, 8));
                }
            for (; j < p.Length; j++)
            {
                p[j] *= decay;
                m[j] = b1 * m[j] + (1 - b1) * g[j];
                v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
                p[j] -= stepSize * m[j] / (MathF.Sqrt(v[j]) / c2 + eps);
            }
        }
    }
}

using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Tests.Numerics;

public class AdamWTests
{
    [Fact]
    public void Vectorised_steps_equal_the_scalar_update_bit_for_bit()
    {
        // 37 elements: four 8-wide vectors and a scalar tail.
        var set = new ParameterSet();
        var w = set.Add("w", 1, 37);
        var rng = new Random(3);
        for (var i = 0; i < 37; i++) w.Values[i] = (float)(rng.NextDouble() - 0.5);
        var p = w.Values.ToArray(); var m = new float[37]; var v = new float[37];
        double lr = 3e-3, wd = 1e-5, beta1 = 0.9, beta2 = 0.999;
        var adam = new AdamW(set, lr, wd);
        for (var step = 1; step <= 5; step++)
        {
            var g = Enumerable.Range(0, 37).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            g.CopyTo(w.Grad);
            adam.Step();
            // torch's AdamW, element by element, as the optimiser documents it
            var decay = (float)(1 - lr * wd); float b1 = (float)beta1, b2 = (float)beta2;
            var stepSize = (float)lr / (float)(1 - Math.Pow(beta1, step));
            var c2 = (float)Math.Sqrt(1 - Math.Pow(beta2, step));
            for (var j = 0; j < 37; j++)
            {
                p[j] *= decay;
                m[j] = b1 * m[j] + (1 - b1) * g[j];
                v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
                p[j] -= stepSize * m[j] / (MathF.Sqrt(v[j]) / c2 + 1e-8f);
            }
            Assert.Equal(p, w.Values.ToArray());
        }
    }

    [Theory]
    [InlineData(0.5)]           // far below the limit: the vectorised sum decides, nothing is scaled
    [InlineData(0.9999999)]     // just below: the exact sequential sum decides
    [InlineData(1.0000001)]     // just above: scaled with the exact norm
    [InlineData(3.0)]
    public void Clipping_scales_exactly_as_the_sequential_norm_says(double ratio)
    {
        var ps = new ParameterSet();
        var rng = new Random(31);
        var tensors = new[] { ps.Add("a", 37, 19), ps.Add("b", 1, 5), ps.Add("c", 64, 64) };
        foreach (var t in tensors)
            for (var i = 0; i < t.Length; i++) t.Grad[i] = (float)(rng.NextDouble() * 2 - 1);
        var limit = ps.GradNorm() / ratio;
        var before = tensors.Select(t => t.Grad.ToArray()).ToArray();
        var norm = ps.GradNorm();
        ps.ClipGradNorm(limit);
        var scale = norm > limit ? (float)(limit / (norm + 1e-6)) : 1f;
        for (var k = 0; k < tensors.Length; k++)
            Assert.Equal(before[k].Select(g => scale == 1f ? g : g * scale), tensors[k].Grad.ToArray());
        if (ratio > 1) Assert.NotEqual(before[2], tensors[2].Grad.ToArray());
    }
}


using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Tests.Numerics;

public class GemmTests
{
    private static float[] Rand(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 3)]
    [InlineData(13, 300, 35)]
    [InlineData(130, 64, 48)]
    [InlineData(400, 257, 128)]
    public void All_three_products_match_the_naive_ones(int m, int k, int n)
    {
        var a = Rand(m * k, 1); var b = Rand(k * n, 2);
        var c = Rand(m * n, 3); var c0 = (float[])c.Clone();
        Gemm.Multiply(a, b, c, m, k, n, accumulate: true);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = c0[i * n + j];
                for (var p = 0; p < k; p++) s += (double)a[i * k + p] * b[p * n + j];
                Assert.Equal(s, c[i * n + j], 2e-4 * (1 + Math.Abs(s)));
            }
        // Aᵀ·B with A [k', m'] = a viewed as [m, k]: C [k, n] = aᵀ [k,m] · d [m,n]
        var d = Rand(m * n, 4); var ct = new float[k * n];
        Gemm.MultiplyTransposedA(a, d, ct, m, k, n, accumulate: false);
        for (var i = 0; i < k; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < m; p++) s += (double)a[p * k + i] * d[p * n + j];
                Assert.Equal(s, ct[i * n + j], 2e-4 * (1 + Math.Abs(s)));
            }
        // A·Bᵀ with B [n, k]
        var bt = Rand(n * k, 5); var cb = new float[m * n]; var scratch = Array.Empty<float>();
        Gemm.MultiplyTransposedB(a, bt, cb, m, k, n, accumulate: false, ref scratch);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++) s += (double)a[i * k + p] * bt[j * k + p];
                Assert.Equal(s, cb[i * n + j], 2e-4 * (1 + Math.Abs(s)));
            }
    }

    [Theory]
    [InlineData(13, 300, 35)]
    [InlineData(130, 64, 48)]
    [InlineData(9, 257, 1)]
    public void Without_accumulate_the_output_is_overwritten_whatever_it_held(int m, int k, int n)
    {
        // The first k-block starts from zero instead of reading C: stale values (here NaN) must not leak in.
        var a = Rand(m * k, 1); var b = Rand(k * n, 2);
        var clean = new float[m * n]; var stale = Enumerable.Repeat(float.NaN, m * n).ToArray();
        Gemm.Multiply(a, b, clean, m, k, n, accumulate: false);
        Gemm.Multiply(a, b, stale, m, k, n, accumulate: false);
        Assert.Equal(clean, stale);
        var t = new float[k * n]; var tStale = Enumerable.Repeat(float.NaN, k * n).ToArray(); var d = Rand(m * n, 4);
        Gemm.MultiplyTransposedA(a, d, t, m, k, n, accumulate: false);
        Gemm.MultiplyTransposedA(a, d, tStale, m, k, n, accumulate: false);
        Assert.Equal(t, tStale);
        Assert.DoesNotContain(stale, float.IsNaN);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        int m = 600, k = 300, n = 144;
        var a = Rand(m * k, 7); var b = Rand(k * n, 8);
        var one = new float[m * n]; var many = new float[m * n];
        var saved = Gemm.Threads;
        try
        {
            Gemm.Threads = 1;
            Gemm.Multiply(a, b, one, m, k, n, false);
            Gemm.Threads = 3;
            Gemm.Multiply(a, b, many, m, k, n, false);
        }
        finally { Gemm.Threads = saved; }
        Assert.Equal(one, many);
    }

    /// <summary>Every element must be one chain of fused multiply-adds over k ascending, starting from C (accumulate)
    /// or zero, whichever kernel computes it: the narrow input gradient (computed transposed), the 4-row leftover
    /// tiles and the scalar edges included. That is what makes results independent of shapes, tiles and threads.</summary>
    [Theory]
    [InlineData(620, 128, 5, true)]     // the first GraphConv's input gradient: 5 features (computed transposed)
    [InlineData(620, 128, 5, false)]
    [InlineData(300, 600, 13, true)]    // deeper than one k-block
    [InlineData(45, 64, 15, false)]
    [InlineData(5, 620, 128, false)]    // 5 rows: a 4-row tile and a 1-row tile
    [InlineData(7, 33, 70, true)]
    public void Each_element_is_the_fused_multiply_add_chain_over_k(int m, int k, int n, bool accumulate)
    {
        var a = Rand(m * k, 11); var b = Rand(k * n, 12); var bt = Rand(n * k, 13); var c0 = Rand(m * n, 14);
        float Chain(int i, int j, Func<int, int, float> left, Func<int, int, float> right)
        {
            var sum = accumulate ? c0[i * n + j] : 0f;
            for (var p = 0; p < k; p++) sum = MathF.FusedMultiplyAdd(left(i, p), right(p, j), sum);
            return sum;
        }
        var c = (float[])c0.Clone();
        Gemm.Multiply(a, b, c, m, k, n, accumulate);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                Assert.Equal(Chain(i, j, (r, p) => a[r * k + p], (p, col) => b[p * n + col]), c[i * n + j]);
        c = (float[])c0.Clone();
        var scratch = Array.Empty<float>();
        Gemm.MultiplyTransposedB(a, bt, c, m, k, n, accumulate, ref scratch);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                Assert.Equal(Chain(i, j, (r, p) => a[r * k + p], (p, col) => bt[col * k + p]), c[i * n + j]);
        // Aᵀ·B with A stored [k, m]: C [m, n] = Aᵀ · B
        c = (float[])c0.Clone();
        Gemm.MultiplyTransposedA(a, b, c, k, m, n, accumulate);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                Assert.Equal(Chain(i, j, (r, p) => a[p * m + r], (p, col) => b[p * n + col]), c[i * n + j]);
    }
}

using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Numerics;

namespace AutoBuild.Learning.Tests.Numerics;

/// <summary>A probe loss Σ c_i·y_i with fixed random c, so any op output can be checked.</summary>
internal sealed class WeightedSum : LossOp
{
    private readonly Tensor _y;
    private float[] _c = Array.Empty<float>();
    private readonly int _seed;

    public WeightedSum(Tensor y, int seed) : base(1f) { _y = y; _seed = seed; }

    public override void Forward(bool training)
    {
        Output.Resize(1, 1);
        if (_c.Length != _y.Length)
        {
            var rng = new Random(_seed);
            _c = Enumerable.Range(0, _y.Length).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        }
        double s = 0;
        for (var i = 0; i < _y.Length; i++) s += (double)_c[i] * _y.Data[i];
        Value = s;
    }

    public override void Backward()
    {
        for (var i = 0; i < _y.Length; i++) _y.GradData[i] += _c[i];
    }
}

/// <summary>Central finite differences of a tape's loss against its analytic gradients.</summary>
internal static class GradCheck
{
    public static Tensor Random(int rows, int cols, int seed, double scale = 1, double awayFromZero = 0)
    {
        var t = new Tensor(rows, cols);
        var rng = new Random(seed);
        for (var i = 0; i < t.Length; i++)
        {
            var v = (rng.NextDouble() * 2 - 1) * scale;
            if (Math.Abs(v) < awayFromZero) v = Math.Sign(v == 0 ? 1 : v) * awayFromZero + v;
            t.Data[i] = (float)v;
        }
        return t;
    }

    /// <summary>Checks d loss / d t for every element of every tensor in <paramref name="wrt"/>.</summary>
    public static void Check(Tape tape, IEnumerable<Tensor> wrt, bool training = true, double eps = 1e-2, double tolerance = 2e-2)
    {
        tape.Forward(training);
        foreach (var op in tape.Ops) op.Output.ZeroGrad();
        var tensors = wrt.ToList();
        foreach (var t in tensors) t.ZeroGrad();
        tape.Backward();
        var analytic = tensors.Select(t => t.Grad.ToArray()).ToList();
        for (var k = 0; k < tensors.Count; k++)
        {
            var t = tensors[k];
            for (var i = 0; i < t.Length; i++)
            {
                var keep = t.Data[i];
                t.Data[i] = keep + (float)eps;
                tape.Forward(training);
                var plus = tape.Loss();
                t.Data[i] = keep - (float)eps;
                tape.Forward(training);
                var minus = tape.Loss();
                t.Data[i] = keep;
                var numeric = (plus - minus) / (2 * eps);
                var a = analytic[k][i];
                var err = Math.Abs(numeric - a) / Math.Max(1, Math.Abs(numeric) + Math.Abs(a));
                Assert.True(err < tolerance, $"tensor {k} element {i}: analytic {a}, numeric {numeric}");
            }
        }
    }

    /// <summary>Two small graphs (a 3-chain and a 4-node DAG) with two categorical and one continuous feature.</summary>
    public static (GraphBatch Batch, EncodedGraph[] Graphs) SmallBatch(float[]? targets = null)
    {
        var g1 = new EncodedGraph(3, new[] { 0, 1, 1, 0, 2, 1 }, new[] { 0.1f, 0.5f, 0.9f }, new[] { 0, 1 }, new[] { 1, 2 });
        var g2 = new EncodedGraph(4, new[] { 1, 0, 2, 1, 0, 0, 1, 1 }, new[] { 1f, 0f, 0.3f, 0.7f }, new[] { 0, 0, 1, 2 }, new[] { 1, 2, 3, 3 });
        var graphs = new[] { g1, g2 };
        var batch = new GraphBatch(2, 1);
        batch.Load(graphs, new[] { 0, 1 }, targets ?? new[] { 0.3f, -1.2f });
        return (batch, graphs);
    }
}

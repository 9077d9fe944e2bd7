using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Numerics;

namespace AutoBuild.Benchmarks;

/// <summary>BenchmarkDotNet micro-benchmarks: the three GEMM forms at the predictor's batch shape (2,000 nodes × 128 →
/// 128, i.e. 128 OFA graphs) and one GraphConv message-passing step (the fused product X·[W_rel | W_root] plus edge aggregation) forward and backward.
/// Extra arguments go to BenchmarkDotNet (e.g. --filter *Gemm*).</summary>
public static class MicroBenchmarks
{
    public static int Run(Args args)
    {
        BenchmarkSwitcher.FromTypes(new[] { typeof(GemmBenchmarks), typeof(MessagePassingBenchmarks) })
            .Run(args.Rest.Length == 0 ? new[] { "--filter", "*" } : args.Rest);
        return 0;
    }
}

[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _x = null!, _w = null!, _y = null!, _gw = null!, _gx = null!, _scratch = Array.Empty<float>();

    [Params(32, 128)]
    public int Hidden { get; set; }

    public const int Rows = 2000;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _x = Enumerable.Range(0, Rows * Hidden).Select(_ => (float)rng.NextDouble()).ToArray();
        _w = Enumerable.Range(0, Hidden * Hidden).Select(_ => (float)rng.NextDouble()).ToArray();
        _y = new float[Rows * Hidden]; _gw = new float[Hidden * Hidden]; _gx = new float[Rows * Hidden];
    }

    [Benchmark] public void Forward_XW() => Gemm.Multiply(_x, _w, _y, Rows, Hidden, Hidden, false);
    [Benchmark] public void WeightGradient_XtG() => Gemm.MultiplyTransposedA(_x, _y, _gw, Rows, Hidden, Hidden, false);
    [Benchmark] public void InputGradient_GWt() => Gemm.MultiplyTransposedB(_y, _w, _gx, Rows, Hidden, Hidden, false, ref _scratch);
}

[MemoryDiagnoser]
public class MessagePassingBenchmarks
{
    private Tape _tape = null!;

    [Params(32, 128)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // 128 chains of 15 nodes, like a batch of OFA graphs
        var graphs = Enumerable.Range(0, 128).Select(_ => new EncodedGraph(15, new int[15], new float[0], Enumerable.Range(0, 14).ToArray(), Enumerable.Range(1, 14).ToArray())).ToArray();
        var batch = new GraphBatch(1, 0);
        batch.Load(graphs, Enumerable.Range(0, 128).ToArray());
        var rng = new Random(2);
        var x = new Tensor(batch.Nodes, Hidden);
        for (var i = 0; i < x.Length; i++) x.Data[i] = (float)rng.NextDouble();
        var ps = new ParameterSet();
        _tape = new Tape();
        _tape.Add(new GraphConv(x, batch, ps, "conv", Hidden, Hidden, rng));
        _tape.Forward(true);
    }

    [Benchmark] public void GraphConv_Forward() => _tape.Forward(true);
    [Benchmark] public void GraphConv_Backward() => _tape.Backward();
}

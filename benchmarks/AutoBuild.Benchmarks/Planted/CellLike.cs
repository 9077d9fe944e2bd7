using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks.Planted;

/// <summary>The planted cell space: NAS-Bench-201's shape (4 nodes, an op on each of the 6 edges, 5 ops, 15,625
/// architectures) with a known function. The truth is exact by enumerating all 15,625 architectures under the
/// sampling distribution (uniform over architectures).</summary>
internal sealed class CellLike
{
    public const string SpecText = """
        # Planted-truth cell space shaped like NAS-Bench-201: 4 nodes, one op on each of the 6 edges.
        # Targets come from a known function (benchmarks/AutoBuild.Benchmarks/Planted/CellLike.cs), not from training.
        space: PlantedCell
        namespace: AutoBuild.Benchmarks
        input: { channels: 3, size: 32 }
        classes: 10
        ops:
          none: zero
          skip_connect: identity
          nor_conv_1x1: [relu, { conv: { kernel: 1 } }, bn]
          nor_conv_3x3: [relu, { conv: { kernel: 3 } }, bn]
          avg_pool_3x3: { avgpool: { kernel: 3, stride: 1, padding: 1, count_include_pad: false } }
        cell:
          nodes: 4
          ops: [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]
          combine: sum
        network:
          - conv_bn: { out: 16, kernel: 3 }
          - cell: { repeat: 3 }
          - conv_bn: { out: 32, kernel: 3, stride: 2 }
          - cell: { repeat: 3 }
          - global_pool
          - classifier

        """;

    private static readonly string[] Ops = { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" };
    private static readonly string[] Edges = { "edge_01", "edge_02", "edge_12", "edge_03", "edge_13", "edge_23" };
    // Typical effect of each op (same order as Ops): convolutions help most, a missing edge hurts.
    private static readonly double[] OpEffect = { -1.2, 0.0, 0.6, 1.0, -0.3 };
    private static readonly double[] OpLatency = { 0.0, 0.02, 0.30, 0.80, 0.15 };
    private const double Base = 85.0, Dead = 10.0, FixedLatency = 1.0;

    private readonly SearchSpace _space;
    private readonly int[] _edge = new int[6];
    private readonly int[] _opValue;
    private readonly double[,] _effect = new double[6, 5], _latency = new double[6, 5];

    public CellLike(SearchSpace space, int seed)
    {
        _space = space;
        for (var e = 0; e < Edges.Length; e++)
            _edge[e] = space.IndexOfDecision(Edges[e]) is var i and >= 0 ? i : throw new InvalidOperationException($"planted cell spec has no decision '{Edges[e]}'");
        _opValue = Ops.Select(o => space.Decisions[_edge[0]].IndexOf(o)).ToArray();
        var r = new Random(seed);
        for (var e = 0; e < 6; e++)
            for (var o = 0; o < 5; o++)
            {
                _effect[e, o] = OpEffect[o] + (o == 0 ? 0 : 0.7 * (r.NextDouble() - 0.5)); // per-edge variation
                _latency[e, o] = OpLatency[o] * (0.9 + 0.2 * r.NextDouble());
            }
        // The direct input→output edge prefers a skip connection (a residual), against the typical order.
        _effect[3, 1] += 1.3;
    }

    public Architecture Draw(Random random) =>
        Build(Enumerable.Range(0, 6).Select(_ => random.Next(5)).ToArray());

    private Architecture Build(int[] ops)
    {
        var choices = new int[_space.Decisions.Count];
        for (var e = 0; e < 6; e++) choices[_edge[e]] = _opValue[ops[e]];
        return new Architecture(_space, choices);
    }

    private int[] OpsOf(Architecture a) => Enumerable.Range(0, 6).Select(e => Array.IndexOf(_opValue, a[_edge[e]])).ToArray();

    public double Value(int metric, Architecture a)
    {
        var op = OpsOf(a);
        if (metric == 1) return FixedLatency + Enumerable.Range(0, 6).Sum(e => _latency[e, op[e]]);
        // No path from input to output through non-zero ops: the network cannot learn (NAS-Bench-201's ~10 %).
        bool On(int e) => op[e] != 0;
        var n1 = On(0);
        var n2 = On(1) || (n1 && On(2));
        if (!(On(3) || (n1 && On(4)) || (n2 && On(5)))) return Dead;
        var sum = Base + Enumerable.Range(0, 6).Sum(e => _effect[e, op[e]]);
        if (op[0] == 3 && op[4] == 3) sum += 0.3;  // two 3×3 convolutions in sequence on the path 0→1→3
        if (op[2] == 4 && op[5] == 4) sum -= 0.2;  // two poolings in sequence on the path 1→2→3
        return sum;
    }

    public PlantedTruth Truth(int metric, string column)
    {
        var n = _space.Decisions.Count;
        var sums = new double[n][]; var counts = new int[n][];
        for (var d = 0; d < n; d++) { sums[d] = new double[_space.Decisions[d].Values.Count]; counts[d] = new int[sums[d].Length]; }
        Architecture? optimum = null; var bestValue = 0.0;
        foreach (var a in _space.Enumerate())
        {
            var v = Value(metric, a);
            for (var d = 0; d < n; d++) { sums[d][a[d]] += v; counts[d][a[d]]++; }
            var better = metric == 0 ? v > bestValue : v < bestValue;
            if (optimum is null || better) { optimum = a; bestValue = v; }
        }
        var means = sums.Select((s, d) => s.Select((x, v) => counts[d][v] > 0 ? x / counts[d][v] : double.NaN).ToArray()).ToArray();
        return new PlantedTruth(_space, column, a => Value(metric, a), means, optimum!, metric == 0);
    }

    public static string Describe() =>
        "NAS-Bench-201-shaped cell (6 edges × 5 ops, uniform): acc = 85 + per-edge op effects (conv3x3 > conv1x1 > skip > pool > none typically, skip best on edge_03) " +
        "+ two pairwise interactions, 10 when no input→output path, noise sd 0.2; latency = 1 + Σ per-edge op costs, noise sd 0.02";
}

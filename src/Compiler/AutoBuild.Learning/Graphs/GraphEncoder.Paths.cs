using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Learning.Graphs;

/// <summary>Path features of cell and DAG graphs: how many input→output paths the architecture has, and how many run
/// through one kind of op only. Message passing sees each node's neighbourhood but cannot count paths, and on
/// NAS-Bench-201 the count of pure skip_connect paths splits the space: no cell with 0 or 2+ of them reaches 91 %
/// (best 90.71 and 87.45), many with exactly 1 do (up to 91.61). With 100 labels the members ranked such cells first
/// and lost up to 3.7 points (benchmarks/README.md, "Session 12: path features and the level rule"). The counts are computed from the
/// encoded graph, for any op vocabulary; the predictor learns what they mean from the labels.</summary>
public sealed partial class GraphEncoder
{
    private readonly bool _pathFeatures;
    private readonly int _opLabelCount;

    /// <summary>The names of the path features: all paths, paths straight from input to output (a DAG's direct edge),
    /// then per op label the paths through that op only, then per op label whether exactly one path runs through it
    /// only. The last make "exactly one" learnable in a single step: what the counts mean need not grow with them
    /// (NAS-Bench-201: one pure skip path is a residual cell, two double the identity and train far worse, and
    /// 100–300 labels hold only a few such cells).</summary>
    private static IEnumerable<string> PathFeatureNames(IReadOnlyList<string> opLabels) =>
        new[] { "input→output paths", "direct input→output paths" }
            .Concat(opLabels.Skip(2).Select(l => "paths through " + l + " only"))
            .Concat(opLabels.Skip(2).Select(l => "exactly one path through " + l + " only"));

    /// <summary>Op labels other than the input and output markers (labels 0 and 1).</summary>
    private IEnumerable<int> OpLabels() => Enumerable.Range(2, Math.Max(0, _opLabelCount - 2));

    /// <summary>The path features of a whole architecture's graph (nodes: input, ops, output; node-major categorical
    /// features and edges as in <see cref="EncodedGraph"/>): ln(1 + count), then the "exactly one" indicators.</summary>
    private float[] PathFeatures(int nodeCount, int[] categorical, int[] edgeSource, int[] edgeTarget)
    {
        var cats = Schema.Categorical.Count;
        int Op(int node) => categorical[node * cats + _opFeature];
        var input = Enumerable.Range(0, nodeCount).FirstOrDefault(n => Op(n) == 0, -1);
        var output = Enumerable.Range(0, nodeCount).FirstOrDefault(n => Op(n) == 1, -1);
        var features = new float[2 + 2 * OpLabels().Count()];
        if (input < 0 || output < 0) return features;
        var next = new List<int>[nodeCount];
        for (var n = 0; n < nodeCount; n++) next[n] = new List<int>();
        for (var e = 0; e < edgeSource.Length; e++) next[edgeSource[e]].Add(edgeTarget[e]);

        // Paths from a node to the output whose intermediate nodes all carry `label` (-1: any op).
        double Count(int label)
        {
            var memo = new double?[nodeCount];
            double From(int node)
            {
                if (node == output) return 1;
                if (memo[node] is double known) return known;
                memo[node] = 0; // a cycle (not produced by the layouts) counts no path
                var total = 0.0;
                foreach (var m in next[node])
                    if (m == output || label < 0 || Op(m) == label) total += From(m);
                return (memo[node] = total).Value;
            }
            var sum = 0.0;
            foreach (var m in next[input])
                if (m == output ? label < 0 : label < 0 || Op(m) == label) sum += From(m);
            return sum;
        }
        features[0] = (float)Math.Log(1 + Count(-1));
        features[1] = (float)Math.Log(1 + next[input].Count(m => m == output));
        var ops = OpLabels().ToArray();
        for (var i = 0; i < ops.Length; i++)
        {
            var pure = Count(ops[i]);
            features[2 + i] = (float)Math.Log(1 + pure);
            features[2 + ops.Length + i] = pure == 1 ? 1 : 0;
        }
        return features;
    }
}

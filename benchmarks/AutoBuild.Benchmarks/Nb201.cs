using System.Globalization;
using System.IO.Compression;
using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks;

/// <summary>NAS-Bench-201 (data/nas-bench-201/nb201_all.csv.gz): the cell space and all 15,625 rows.</summary>
public static class Nb201
{
    private static readonly string[] Ops = { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" };
    private static readonly string[] Edges = { "edge_01", "edge_02", "edge_12", "edge_03", "edge_13", "edge_23" };

    /// <summary>The space as the spec front end describes it: 6 edge decisions with from/to sites.</summary>
    public static SearchSpace Space() => new("NasBench201", null, SpaceKind.Cell,
        Edges.Select(e => new Decision(e, DecisionKind.Categorical, Ops, DecisionRole.Edge,
            site: new DecisionSite(from: e[5] - '0', to: e[6] - '0'))).ToArray());

    /// <summary>Every architecture with one metric column.</summary>
    public static (Architecture[] Architectures, double[] Target) Load(SearchSpace space, string column)
    {
        var path = Path.Combine(Args.DataDir, "nas-bench-201", "nb201_all.csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var header = reader.ReadLine()!.Split(',');
        var edgeCols = Edges.Select(e => Array.IndexOf(header, e)).ToArray();
        var target = Array.IndexOf(header, column);
        if (target < 0) throw new ArgumentException($"No column '{column}' in {path}.");
        var archs = new List<Architecture>(); var values = new List<double>();
        for (var line = reader.ReadLine(); line != null; line = reader.ReadLine())
        {
            var cells = line.Split(',');
            archs.Add(new Architecture(space, edgeCols.Select(c => Array.IndexOf(Ops, cells[c])).ToArray()));
            values.Add(double.Parse(cells[target], CultureInfo.InvariantCulture));
        }
        return (archs.ToArray(), values.ToArray());
    }
}

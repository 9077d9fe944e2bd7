using System.Globalization;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Tests.Cost;

/// <summary>The NB-101 DAG semantics (pruning, vertex channels, input projections) against the parameter counts of
/// the 500-architecture NAS-Bench-101 sample, from its raw (unpruned) adjacency matrices.</summary>
public class NasBench101ExactnessTests
{
    [Fact]
    public void Params_match_every_sampled_architecture()
    {
        var space = TestData.CompileExample("nas-bench-101.space.yaml");
        Assert.Equal(SpaceKind.Dag, space.Kind);
        Assert.Equal(new[] { "op1", "op2", "op3", "op4", "op5", "edge_01", "edge_02", "edge_12" }, space.Decisions.Take(8).Select(d => d.Name));
        var rows = 0;
        var mismatches = new List<string>();
        foreach (var row in TestData.ReadCsv(TestData.Data("nas-bench-101-sample", "nb101_naslib_500.csv.gz")))
        {
            var architecture = TestData.Nb101Row(space, row);
            var parameters = space.Params(architecture);
            var expected = (long)Math.Round(double.Parse(row["params_m"], CultureInfo.InvariantCulture) * 1e6);
            if (parameters != expected) mismatches.Add($"{row["adjacency"]} {row["ops"]}: {parameters} vs {expected}");
            rows++;
        }
        Assert.Equal(500, rows);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches, e.g.\n" + string.Join("\n", mismatches.Take(5)));
    }

    [Fact]
    public void Graphs_without_a_path_or_with_too_many_edges_are_invalid()
    {
        var space = TestData.CompileExample("nas-bench-101.space.yaml");
        var none = new int[space.Decisions.Count];
        Assert.Throws<InvalidArchitectureException>(() => space.Instantiate(new Architecture(space, none)));
        var all = Enumerable.Repeat(1, space.Decisions.Count).ToArray();
        var e = Assert.Throws<InvalidArchitectureException>(() => space.Instantiate(new Architecture(space, all)));
        Assert.Contains("21 edges", e.Message);
        // input -> output directly: only the output projection.
        var direct = new int[space.Decisions.Count];
        direct[space.IndexOfDecision("edge_06")] = 1;
        var plan = space.Instantiate(new Architecture(space, direct));
        Assert.Equal(new Shape(10, 0, 0), plan.Root.Output);
    }
}

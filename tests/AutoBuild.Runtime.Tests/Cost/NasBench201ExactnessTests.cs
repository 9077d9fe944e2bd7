using System.Globalization;
using AutoBuild.Spec;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Cost;

namespace AutoBuild.Runtime.Tests.Cost;

/// <summary>The cost model against NAS-Bench-201's published params and FLOPs for all 15,625 cells, on all three datasets.</summary>
public class NasBench201ExactnessTests
{
    private static long Millions(string text) => (long)Math.Round(double.Parse(text, CultureInfo.InvariantCulture) * 1e6);

    [Theory]
    [InlineData("c10", 10, 32)]
    [InlineData("c100", 100, 32)]
    [InlineData("in16", 120, 16)]
    public void Params_and_flops_match_every_cell(string dataset, int classes, int size)
    {
        var text = File.ReadAllText(TestData.Example("nas-bench-201.space.yaml"))
            .Replace("classes: 10", $"classes: {classes}")
            .Replace("size: 32", $"size: {size}");
        var result = SpecCompiler.Compile("nb201.space.yaml", text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var space = result.Space!;
        Assert.Equal(new[] { "edge_01", "edge_02", "edge_12", "edge_03", "edge_13", "edge_23" }, space.Decisions.Select(d => d.Name));

        var rows = 0;
        var mismatches = new List<string>();
        foreach (var row in TestData.ReadCsv(TestData.Data("nas-bench-201", "nb201_all.csv.gz")))
        {
            var plan = space.Instantiate(TestData.FromColumns(space, row));
            long parameters = CostModel.Params(plan), flops = CostModel.Flops(plan);
            if (parameters != Millions(row["params_m_" + dataset]) || flops != Millions(row["flops_m_" + dataset]))
                mismatches.Add($"{row["index"]}: params {parameters} vs {row["params_m_" + dataset]}M, flops {flops} vs {row["flops_m_" + dataset]}M");
            rows++;
        }
        Assert.Equal(15625, rows);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches, e.g.\n" + string.Join("\n", mismatches.Take(5)));
    }

    [Fact]
    public void Index_0_matches_the_official_figures()
    {
        var space = TestData.CompileExample("nas-bench-201.space.yaml");
        var row = new Dictionary<string, string>
        {
            ["edge_01"] = "avg_pool_3x3", ["edge_02"] = "nor_conv_1x1", ["edge_12"] = "skip_connect",
            ["edge_03"] = "nor_conv_1x1", ["edge_13"] = "skip_connect", ["edge_23"] = "skip_connect",
        };
        var architecture = TestData.FromColumns(space, row);
        Assert.Equal(129_306, space.Params(architecture));
        Assert.Equal(15_647_370, space.Flops(architecture));
    }
}

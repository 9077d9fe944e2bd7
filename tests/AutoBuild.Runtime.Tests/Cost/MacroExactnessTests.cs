using System.Globalization;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Cost;

namespace AutoBuild.Runtime.Tests.Cost;

/// <summary>The cost model against NAS-Bench-Macro's params and FLOPs (all 6,561 rows) and torchvision's published figures.</summary>
public class MacroExactnessTests
{
    [Fact]
    public void Nas_bench_macro_params_and_flops_match_every_row()
    {
        var space = TestData.CompileExample("nas-bench-macro.space.yaml");
        Assert.Equal(Enumerable.Range(0, 8).Select(i => "layer" + i), space.Decisions.Select(d => d.Name));
        var rows = 0;
        var mismatches = new List<string>();
        foreach (var row in TestData.ReadCsv(TestData.Data("nas-bench-macro", "nas_bench_macro_cifar10.csv.gz")))
        {
            var plan = space.Instantiate(TestData.FromColumns(space, row));
            long parameters = CostModel.Params(plan), flops = CostModel.Flops(plan);
            if (parameters != long.Parse(row["params"], CultureInfo.InvariantCulture) || flops != long.Parse(row["flops"], CultureInfo.InvariantCulture))
                mismatches.Add($"{row["arch"]}: params {parameters} vs {row["params"]}, flops {flops} vs {row["flops"]}");
            rows++;
        }
        Assert.Equal(6561, rows);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches, e.g.\n" + string.Join("\n", mismatches.Take(5)));
    }

    [Theory]
    [InlineData("resnet18.space.yaml", 11_689_512L, 1.81)]
    [InlineData("mobilenetv3-large.space.yaml", 5_483_032L, 0.22)]
    [InlineData("mobilenetv3-small.space.yaml", 2_542_856L, 0.06)]
    [InlineData("mobilenetv2.space.yaml", 3_504_872L, 0.30)]
    [InlineData("efficientnet-b0.space.yaml", 5_288_548L, 0.39)]
    public void Torchvision_networks_match_the_published_figures(string spec, long parameters, double gflops)
    {
        var space = TestData.CompileExample(spec);
        Assert.Empty(space.Decisions);
        var architecture = new Architecture(space, Array.Empty<int>());
        Assert.Equal(parameters, space.Params(architecture));
        Assert.Equal(gflops, Math.Round(space.Flops(architecture) / 1e9, 2));
    }

    /// <summary>Reducing cells: parameter counts of the TransNAS-Bench-101 micro-style example equal those of a PyTorch
    /// network written from the published op definitions (Fixtures/make_reference.py, transnas_micro), counted there
    /// with sum(p.numel()).</summary>
    [Theory]
    [InlineData("|skip_connect~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|none~0|skip_connect~1|nor_conv_3x3~2|", 11_874_122L)]
    [InlineData("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", 6_986L)]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|", 32_986_442L)]
    [InlineData("|nor_conv_1x1~0|+|skip_connect~0|none~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|", 7_853_642L)]
    public void Reducing_cells_match_a_pytorch_network_of_the_published_ops(string arch, long parameters)
    {
        var space = TestData.CompileExample("transnas-micro.space.yaml");
        Assert.Equal(4096, (int)space.Size);
        Assert.Equal(parameters, space.Params(space.Parse(arch)));
    }
}

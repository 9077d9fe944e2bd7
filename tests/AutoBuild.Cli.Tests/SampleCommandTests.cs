using System.CommandLine;
using System.Numerics;
using AutoBuild.Cli.Commands;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec;

namespace AutoBuild.Cli.Tests;

public class SampleCommandTests
{
    private static readonly string Nb201Spec = CliTestFiles.Example("nas-bench-201.space.yaml");

    private static (int Code, string Out, string Err) Sample(int n, int seed = 0, double? maxParams = null, double? maxFlops = null, string? output = null)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = SampleCommand.Run(Nb201Spec, n, seed, maxParams, maxFlops, output, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Samples_are_distinct_deterministic_and_read_back_as_labels()
    {
        var first = Sample(50, seed: 7);
        Assert.Equal(0, first.Code);
        Assert.Equal("", first.Err);
        Assert.Equal(first.Out, Sample(50, seed: 7).Out);
        Assert.NotEqual(first.Out, Sample(50, seed: 8).Out);
        var lines = first.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(51, lines.Length);
        Assert.Equal("arch,edge_01,edge_02,edge_12,edge_03,edge_13,edge_23", lines[0]);

        var space = SpecCompiler.CompileFile(Nb201Spec).Space!;
        var read = LabelsReader.Read(space, "sample.csv", first.Out);
        Assert.Empty(read.Diagnostics); // arch and decision columns agree, no duplicates
        Assert.Equal(50, read.Labels!.Architectures.Count);
    }

    [Fact]
    public void Budgets_filter_the_samples()
    {
        var space = SpecCompiler.CompileFile(Nb201Spec).Space!;
        var (code, output, _) = Sample(30, seed: 1, maxFlops: 50e6);
        Assert.Equal(0, code);
        var labels = LabelsReader.Read(space, "s.csv", output).Labels!;
        Assert.All(labels.Architectures, a => Assert.True(space.Flops(a) <= 50e6));
    }

    [Fact]
    public void Asking_for_more_than_the_space_holds_is_a_clear_error()
    {
        var (code, output, error) = Sample(20_000);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.EndsWith("error AB2023: cannot draw 20000 distinct architectures: the space has only 15625\n", error.ReplaceLineEndings("\n"));
        var impossible = Sample(5, maxParams: 10);
        Assert.Equal(1, impossible.Code);
        Assert.Contains("error AB2023: cannot draw 5 distinct architectures that can be built within the budget (--max-params/--max-flops and the spec's constraints): only 0 of the 5 distinct architectures of NasBench201 asked for pass the filter (10500 draws); loosen the budget", impossible.Err);
    }

    [Fact]
    public void Whole_space_can_be_drawn()
    {
        var (code, output, _) = Sample(15_625, seed: 3);
        Assert.Equal(0, code);
        Assert.Equal(15_626, output.TrimEnd('\n').Split('\n').Distinct().Count());
        Assert.Equal(new BigInteger(15_625), SpecCompiler.CompileFile(Nb201Spec).Space!.Size);
    }

    [Fact]
    public void Only_buildable_nas_bench_101_graphs_are_drawn()
    {
        var spec = CliTestFiles.Example("nas-bench-101.space.yaml");
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.Equal(0, SampleCommand.Run(spec, 40, 5, null, null, null, o, e));
        Assert.Equal("", e.ToString());
        var space = SpecCompiler.CompileFile(spec).Space!;
        var labels = LabelsReader.Read(space, "s.csv", o.ToString()).Labels!;
        Assert.Equal(40, labels.Architectures.Count);
        Assert.All(labels.Architectures, a => space.Instantiate(a)); // throws for an unbuildable graph
    }

    private static (int Exit, string Out, string Err) Parse(params string[] args)
    {
        var root = new RootCommand("autobuild") { SampleCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static int[] DepthCounts(string csv, string column, params string[] values)
    {
        var records = CsvTable.Parse(csv).Records;
        var c = records[0].Fields.Select(f => f.Value).ToList().IndexOf(column);
        return values.Select(v => records.Skip(1).Count(r => r.Fields[c].Value == v)).ToArray();
    }

    [Fact]
    public void Uniform_depths_label_every_depth_of_the_ofa_space()
    {
        var ofa = CliTestFiles.Example("ofa-mobilenetv3.space.yaml");
        var uniform = Parse("sample", ofa, "-n", "600", "--seed", "910", "--depths", "uniform");
        Assert.Equal(0, uniform.Exit);
        Assert.Equal("", uniform.Err);
        var space = SpecCompiler.CompileFile(ofa).Space!;
        var read = LabelsReader.Read(space, "sample.csv", uniform.Out);
        Assert.Empty(read.Diagnostics);
        Assert.Equal(600, read.Labels!.Architectures.Count);
        foreach (var stage in new[] { "s1", "s3", "s5" })
            Assert.All(DepthCounts(uniform.Out, stage + ".depth", "2", "3", "4"), n => Assert.InRange(n, 200 - 50, 200 + 50)); // ±4.3σ
        // The default draws uniformly over architectures: depth 4 has 9⁴ of the 9² + 9³ + 9⁴ completions (89 %).
        var proportional = Parse("sample", ofa, "-n", "600", "--seed", "910");
        Assert.InRange(DepthCounts(proportional.Out, "s1.depth", "4")[0], 510, 560);
        Assert.Equal(proportional.Out, Parse("sample", ofa, "-n", "600", "--seed", "910", "--depths", "proportional").Out);
        Assert.Equal(uniform.Out, Parse("sample", ofa, "-n", "600", "--seed", "910", "--depths", "uniform").Out);
        Assert.NotEqual(uniform.Out, Parse("sample", ofa, "-n", "600", "--seed", "911", "--depths", "uniform").Out);
    }

    [Fact]
    public void Uniform_depths_keep_the_budget_and_say_when_it_cannot_be_met()
    {
        var ofa = CliTestFiles.Example("ofa-mobilenetv3.space.yaml");
        var space = SpecCompiler.CompileFile(ofa).Space!;
        var sample = space.SampleDistinct(400, new Random(912)).Select(a => (double)space.Flops(a)).OrderBy(x => x).ToArray();
        var p30 = sample[120];
        var (exit, output, error) = Parse("sample", ofa, "-n", "200", "--seed", "912", "--depths", "uniform", "--max-flops", p30.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var labels = LabelsReader.Read(space, "s.csv", output).Labels!;
        Assert.Equal(200, labels.Architectures.Count);
        Assert.All(labels.Architectures, a => Assert.True(space.Flops(a) <= p30));
        // Under a budget the shallow depths are the ones that fit: depth 2 is the most common, not the rarest.
        var s5 = DepthCounts(output, "s5.depth", "2", "3", "4");
        Assert.True(s5[0] > s5[2], $"s5 depths 2/3/4: {string.Join("/", s5)}");
        var impossible = Parse("sample", ofa, "-n", "5", "--depths", "uniform", "--max-params", "10");
        Assert.Equal(1, impossible.Exit);
        Assert.Contains("error AB2023: cannot draw 5 distinct architectures that can be built within the budget", impossible.Err);
    }

    [Fact]
    public void Uniform_depths_give_the_same_rows_on_a_cell_space()
    {
        Assert.Equal(Parse("sample", Nb201Spec, "-n", "50", "--seed", "913").Out, Parse("sample", Nb201Spec, "-n", "50", "--seed", "913", "--depths", "uniform").Out);
        var bad = Parse("sample", Nb201Spec, "-n", "5", "--depths", "sideways");
        Assert.NotEqual(0, bad.Exit);
        Assert.Contains("sideways", bad.Err);
    }
}

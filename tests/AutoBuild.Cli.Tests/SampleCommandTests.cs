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
}

using System.CommandLine;
using System.Globalization;
using AutoBuild.Cli.Commands;
using AutoBuild.Learning.Labels;

namespace AutoBuild.Cli.Tests;

public class CostCommandTests
{
    private static readonly string Nb201Spec = CliTestFiles.Example("nas-bench-201.space.yaml");
    private const string Nb201Header = "edge_01,edge_02,edge_12,edge_03,edge_13,edge_23";

    private static (int Code, string Out, string Err) Cost(string labels, string? output = null, bool replace = false, string? spec = null)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CostCommand.Run(spec ?? Nb201Spec, labels, output, replace, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Every_nas_bench_201_row_gets_the_benchmark_params_and_flops()
    {
        using var files = new CliTestFiles();
        var csv = files.Data("nas-bench-201", "nb201_all.csv.gz");
        var (code, output, error) = Cost(csv);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var table = CsvTable.Parse(output);
        Assert.Empty(table.Errors);
        Assert.Equal(15_626, table.Records.Count);
        var header = table.Records[0].Fields.Select(f => f.Value).ToList();
        Assert.Equal(new[] { "params", "flops" }, header.TakeLast(2));
        int p = header.IndexOf("params"), f = header.IndexOf("flops"), pm = header.IndexOf("params_m_c10"), fm = header.IndexOf("flops_m_c10");
        var inputLines = File.ReadAllLines(csv);
        var outputLines = output.Split('\n');
        var mismatches = 0;
        for (var r = 1; r < table.Records.Count; r++)
        {
            var row = table.Records[r].Fields;
            // The input line is kept as it was, with the two values appended.
            if (outputLines[r] != inputLines[r] + "," + row[p].Value + "," + row[f].Value) mismatches++;
            if (Math.Abs(double.Parse(row[pm].Value, CultureInfo.InvariantCulture) - long.Parse(row[p].Value, CultureInfo.InvariantCulture) / 1e6) > 5e-7) mismatches++;
            if (Math.Abs(double.Parse(row[fm].Value, CultureInfo.InvariantCulture) - long.Parse(row[f].Value, CultureInfo.InvariantCulture) / 1e6) > 5e-6) mismatches++;
        }
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Nas_bench_macro_keeps_its_own_params_and_flops_and_the_computed_ones_equal_them()
    {
        using var files = new CliTestFiles();
        var labels = files.Data("nas-bench-macro", "nas_bench_macro_cifar10.csv.gz");
        var (code, output, error) = Cost(labels, spec: CliTestFiles.Example("nas-bench-macro.space.yaml"));
        Assert.Equal(0, code);
        Assert.Equal(2, error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // one AB2020 warning per column
        Assert.Contains("warning AB2020: the labels already have a 'flops' column", error);
        var table = CsvTable.Parse(output);
        var header = table.Records[0].Fields.Select(f => f.Value).ToList();
        int p = header.IndexOf("params"), f = header.IndexOf("flops"), pa = header.IndexOf("params_autobuild"), fa = header.IndexOf("flops_autobuild");
        Assert.Equal(6_562, table.Records.Count);
        Assert.All(table.Records.Skip(1), r =>
        {
            Assert.Equal(r.Fields[p].Value, r.Fields[pa].Value);
            Assert.Equal(r.Fields[f].Value, r.Fields[fa].Value);
        });
    }

    [Fact]
    public void Out_writes_a_file_atomically_and_never_the_input()
    {
        using var files = new CliTestFiles();
        var labels = files.Write("labels.csv", Nb201Header + ",acc\nnone,none,none,nor_conv_3x3,none,none,10\n");
        var before = File.ReadAllText(labels);

        var refused = Cost(labels, output: Path.Combine(files.Dir, ".", "labels.csv"));
        Assert.Equal(1, refused.Code);
        Assert.Contains("error AB2021: --out names the input file", refused.Err);
        Assert.Equal(before, File.ReadAllText(labels));

        var target = Path.Combine(files.Dir, "with-cost.csv");
        var written = Cost(labels, output: target);
        Assert.Equal(0, written.Code);
        Assert.Equal("", written.Out);
        Assert.StartsWith(Nb201Header + ",acc,params,flops\nnone,none,none,nor_conv_3x3,none,none,10,", File.ReadAllText(target));
        Assert.Equal(new[] { "labels.csv", "with-cost.csv" }, Directory.GetFiles(files.Dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Symbolic_links_are_followed_a_link_to_the_input_is_the_input_and_a_link_as_output_stays_a_link()
    {
        using var files = new CliTestFiles();
        var labels = files.Write("labels.csv", Nb201Header + ",acc\nnone,none,none,nor_conv_3x3,none,none,10\n");
        var before = File.ReadAllText(labels);
        var link = Path.Combine(files.Dir, "link.csv");
        File.CreateSymbolicLink(link, labels);

        // The fuzzing reproducer: reading through a link and writing to its target overwrote the input.
        var refused = Cost(link, output: labels);
        Assert.Equal(1, refused.Code);
        Assert.Contains("error AB2021: --out names the input file", refused.Err);
        Assert.Equal(before, File.ReadAllText(labels));
        Assert.Equal(1, Cost(labels, output: link).Code);
        Assert.Equal(before, File.ReadAllText(labels));

        // Writing through a link to another file writes that file and keeps the user's link.
        var real = files.Write("results.csv", "old");
        var outLink = Path.Combine(files.Dir, "results-link.csv");
        File.CreateSymbolicLink(outLink, real);
        Assert.Equal(0, Cost(labels, output: outLink).Code);
        Assert.NotNull(new FileInfo(outLink).LinkTarget);
        Assert.StartsWith(Nb201Header + ",acc,params,flops\n", File.ReadAllText(real));
    }

    [Fact]
    public void A_fixed_network_gets_its_cost_on_every_row()
    {
        using var files = new CliTestFiles();
        var spec = files.Write("fixed.space.yaml", "space: Fixed\ninput: { channels: 3, size: 8 }\nnetwork:\n  - conv_bn: { out: 4, kernel: 3 }\n");
        var labels = files.Write("labels.csv", "acc\n1\n2\n");
        var (code, output, error) = Cost(labels, spec: spec);
        Assert.Equal(0, code);
        Assert.Contains("warning AB2014", error); // the two rows measure the one architecture
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("acc,params,flops", lines[0]);
        Assert.Equal(2, lines.Length - 1);
        Assert.Equal(lines[1].Split(',')[1..], lines[2].Split(',')[1..]);
        Assert.Equal("116", lines[1].Split(',')[1]); // conv 3*3*3*4 = 108 weights + BN 4 scales + 4 shifts
    }

    [Fact]
    public void Existing_params_and_flops_columns_are_kept_unless_replace_is_given()
    {
        using var files = new CliTestFiles();
        var labels = files.Write("labels.csv", Nb201Header + ",params,flops\r\nnone,none,none,none,none,none,1,2\r\n");
        var kept = Cost(labels);
        Assert.Equal(0, kept.Code);
        Assert.Contains("labels.csv(1,49): warning AB2020: the labels already have a 'params' column, which is kept; the computed values are written to 'params_autobuild'", kept.Err);
        var lines = kept.Out.Split("\r\n"); // the input's line endings are kept
        Assert.Equal(Nb201Header + ",params,flops,params_autobuild,flops_autobuild", lines[0]);
        Assert.StartsWith("none,none,none,none,none,none,1,2,", lines[1]);

        var replaced = Cost(labels, replace: true);
        Assert.Equal(0, replaced.Code);
        Assert.Equal("", replaced.Err);
        var cells = replaced.Out.Split("\r\n")[1].Split(',');
        Assert.Equal(8, cells.Length);
        Assert.NotEqual("1", cells[6]);
        Assert.Equal(kept.Out.Split("\r\n")[1].Split(',')[8], cells[6]);
    }

    [Fact]
    public void Bad_labels_give_located_diagnostics_exit_1_and_no_output()
    {
        using var files = new CliTestFiles();
        var labels = files.Write("labels.csv", Nb201Header + "\nnone,none,none,conv_5x5,none,none\nnone,none\n");
        var target = Path.Combine(files.Dir, "out.csv");
        var (code, output, error) = Cost(labels, output: target);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("labels.csv(2,16): error AB2006: 'conv_5x5' is not a value of edge_03", error);
        Assert.Contains("labels.csv(3,1): error AB2003: this row has 2 fields but the header has 6", error);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void A_bad_spec_stops_before_the_labels_are_read()
    {
        using var files = new CliTestFiles();
        var spec = files.Write("bad.space.yaml", "space: Bad\nnetwork: [ { conv: { out: 16, kernal: 3 } } ]\n");
        var e = new StringWriter();
        Assert.Equal(1, CostCommand.Run(spec, Path.Combine(files.Dir, "missing.csv"), null, false, new StringWriter(), e));
        Assert.Contains("error AB1", e.ToString());
        Assert.DoesNotContain("AB2", e.ToString());
    }

    [Fact]
    public void Command_line_wiring_requires_labels()
    {
        var command = CostCommand.Create();
        var error = new StringWriter();
        var code = command.Parse(new[] { Nb201Spec }).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        Assert.NotEqual(0, code);
        Assert.Contains("--labels", error.ToString());
    }
}

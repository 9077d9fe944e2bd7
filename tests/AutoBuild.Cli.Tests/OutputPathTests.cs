using AutoBuild.Cli.Commands;
using AutoBuild.Learning.Build;

namespace AutoBuild.Cli.Tests;

/// <summary>Session 16 audit: output paths that would overwrite an input or cannot be written are refused, before the
/// training where the path alone says so, and nothing is written; response files that never end and `evaluate` reached
/// through a response file.</summary>
public sealed class OutputPathTests
{
    private static string Nb201Spec => CliTestFiles.Example("nas-bench-201.space.yaml");

    private static (int Code, string Out, string Err) Build(string spec, string labels, string outDir, string? candidatesOut)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var options = new BuildOptions { Target = "c10v_valid_acc_200ep", Seed = 960, Epochs = 2, Ensemble = 1 };
        var code = BuildCommand.Run(spec, labels, outDir, options, stdout, stderr, interactive: false, candidatesOut);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string[] Files(string dir) => Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Theory]
    [InlineData("labels")]
    [InlineData("spec")]
    [InlineData("link")]
    public void Candidates_out_naming_an_input_is_AB2021_before_training_and_the_input_is_unchanged(string which)
    {
        using var files = new CliTestFiles();
        var labels = CliTestFiles.Nb201Sample(files.Dir);
        var spec = files.Write("nb201.space.yaml", File.ReadAllText(Nb201Spec));
        var target = which switch { "labels" => labels, "spec" => spec, _ => Path.Combine(files.Dir, "link.csv") };
        if (which == "link") File.CreateSymbolicLink(target, labels);
        var before = (File.ReadAllText(labels), File.ReadAllText(spec));
        var outDir = Path.Combine(files.Dir, "out");

        var (code, stdout, stderr) = Build(spec, labels, outDir, target);

        Assert.Equal(1, code);
        Assert.StartsWith($"{target}: error AB2021: --candidates-out names the input file", stderr);
        Assert.Equal("", stdout); // refused before the training
        Assert.Equal(before, (File.ReadAllText(labels), File.ReadAllText(spec)));
        Assert.False(Directory.Exists(outDir));
    }

    /// <summary>NAS-Bench-201 labels and a candidates file of one row as --candidates-out writes it: the labels'
    /// columns and the build's prediction, a labelled cell with its target cell set to <paramref name="measured"/>.</summary>
    private static (string Labels, string Header, int Target, string Row, string Next) CandidateRow(CliTestFiles files, string measured)
    {
        var labels = CliTestFiles.Nb201Sample(files.Dir);
        var header = File.ReadLines(labels).First();
        var target = Array.IndexOf(header.Split(','), "c10v_valid_acc_200ep");
        var cells = File.ReadLines(labels).Skip(2).First().Split(',');
        cells[target] = measured;
        var row = string.Join(",", cells);
        return (labels, header, target, row, files.Write("next.csv", header + ",autobuild_predicted\n" + row + ",91.25\n"));
    }

    // Session 17 audit: the loop's candidates file is measured in place; a rebuild wrote over it (exit 0) before its
    // measured rows reached the labels, and the measurements were gone.
    [Fact]
    public void Candidates_out_holding_measured_rows_the_labels_lack_is_AB2021_before_training_and_kept()
    {
        using var files = new CliTestFiles();
        // A labelled cell measured again as a candidate gives another value: not a row the labels have.
        var (labels, header, target, row, next) = CandidateRow(files, "95.5");
        var before = File.ReadAllText(next);
        var outDir = Path.Combine(files.Dir, "out");

        var (code, stdout, stderr) = Build(Nb201Spec, labels, outDir, next);

        Assert.Equal(1, code);
        var column = string.Join(",", row.Split(',').Take(target)).Length + 2;
        Assert.StartsWith($"{next}(2,{column}): error AB2021: --candidates-out names '{next}', whose row at line 2 holds a measured c10v_valid_acc_200ep (95.5) that the labels do not have", stderr);
        Assert.Equal("", stdout); // refused before the training
        Assert.Equal(before, File.ReadAllText(next));
        Assert.False(Directory.Exists(outDir));

        // Appended as the docs say (next.csv's header, the row as it is): the file may be written over again.
        File.WriteAllText(labels, header + ",autobuild_predicted\n" + string.Join("\n", File.ReadLines(labels).Skip(1)) + "\n" + row + ",91.25\n");
        (code, stdout, stderr) = Build(Nb201Spec, labels, outDir, next);
        Assert.True(code == 0, stderr);
        Assert.NotEqual(before, File.ReadAllText(next));
        Assert.All(File.ReadLines(next).Skip(1), line => Assert.Equal("", line.Split(',')[target]));
    }

    [Fact]
    public void Candidates_out_with_empty_metric_cells_is_written_over_as_before()
    {
        using var files = new CliTestFiles();
        var (labels, _, _, _, next) = CandidateRow(files, "");
        var before = File.ReadAllText(next);

        var (code, _, stderr) = Build(Nb201Spec, labels, Path.Combine(files.Dir, "out"), next);

        Assert.True(code == 0, stderr);
        Assert.NotEqual(before, File.ReadAllText(next));
    }

    [Fact]
    public void Candidates_out_naming_a_directory_and_out_naming_a_file_are_refused_before_training()
    {
        using var files = new CliTestFiles();
        var labels = CliTestFiles.Nb201Sample(files.Dir);
        var outDir = Path.Combine(files.Dir, "out");

        var (code, stdout, stderr) = Build(Nb201Spec, labels, outDir, files.Dir);
        Assert.Equal(1, code);
        Assert.StartsWith($"{files.Dir}: error AB2022: --candidates-out names the directory", stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(outDir));

        var file = files.Write("notes.txt", "mine");
        (code, stdout, stderr) = Build(Nb201Spec, labels, file, null);
        Assert.Equal(1, code);
        Assert.StartsWith($"{file}: error AB4005: --out names the file", stderr);
        Assert.Equal("", stdout);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void An_output_that_would_replace_an_input_or_the_candidates_on_an_output_write_nothing()
    {
        using var files = new CliTestFiles();
        var outDir = Directory.CreateDirectory(Path.Combine(files.Dir, "out")).FullName;
        // The labels file carries the name of a report the build writes into the same directory.
        var labels = Path.Combine(outDir, "NasBench201.report.md");
        File.Move(CliTestFiles.Nb201Sample(files.Dir), labels);
        var before = File.ReadAllText(labels);

        var (code, _, stderr) = Build(Nb201Spec, labels, outDir, null);
        Assert.Equal(1, code);
        Assert.Contains($"{labels}: error AB2021: the build would write '{labels}', which is the input file", stderr);
        Assert.Equal(before, File.ReadAllText(labels));
        Assert.Equal(new[] { "NasBench201.report.md" }, Files(outDir));

        // --candidates-out naming the result JSON the build writes itself.
        var otherOut = Path.Combine(files.Dir, "other");
        var json = Path.Combine(otherOut, "NasBench201.autobuild.json");
        (code, _, stderr) = Build(Nb201Spec, labels, otherOut, json);
        Assert.Equal(1, code);
        Assert.Contains($"{json}: error AB4005: --candidates-out names", stderr);
        Assert.False(Directory.Exists(otherOut));
    }

    [Fact]
    public void A_report_that_would_replace_the_result_file_it_reads_is_AB5903_and_the_file_is_unchanged()
    {
        using var files = new CliTestFiles();
        var json = Path.Combine(files.Dir, "NasBench201.report.md");
        File.Copy(Path.Combine(CliTestFiles.RepoRoot, "examples", "GeneratedSpace", "NasBench201.autobuild.json"), json);
        var before = File.ReadAllText(json);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        Assert.Equal(1, ReportCommand.Run(json, null, stdout, stderr));
        Assert.StartsWith($"{json}: error AB5903: cannot write the reports: '{json}' is the result file being read", stderr.ToString());
        Assert.Equal(before, File.ReadAllText(json));
        Assert.Equal(new[] { "NasBench201.report.md" }, Files(files.Dir));

        var file = files.Write("notes.txt", "mine");
        Assert.Equal(1, ReportCommand.Run(json, file, stdout, stderr = new StringWriter()));
        Assert.StartsWith($"{file}: error AB5903: cannot write the reports: --out names the file", stderr.ToString());
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void A_directory_given_as_the_result_file_is_said_to_be_a_directory()
    {
        using var files = new CliTestFiles();
        var stderr = new StringWriter();
        Assert.Equal(1, ReportCommand.Run(files.Dir, null, new StringWriter(), stderr));
        Assert.Equal($"{files.Dir}: error AB5901: cannot read the result file: it is a directory, not a file", stderr.ToString().TrimEnd());
    }

    [Fact]
    public void A_response_file_that_names_itself_is_AB5020_not_a_hang()
    {
        using var files = new CliTestFiles();
        var path = Path.Combine(files.Dir, "self.rsp");
        File.WriteAllText(path, "@" + path + "\n");

        var (exit, _, err) = CliProcess.Run(new[] { "@" + path }, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        Assert.Contains($"{path}: error AB5020: more than {ResponseFiles.MaxFiles} response files", err);
    }

    [Fact]
    public void A_response_file_that_cannot_be_read_is_one_AB5020_line_without_the_parser_errors_it_causes()
    {
        using var files = new CliTestFiles();
        var path = Path.Combine(files.Dir, "missing.rsp");

        var (exit, _, err) = CliProcess.Run(new[] { "@" + path }, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{path}: error AB5020: cannot read response file", line);
    }

    [Fact]
    public void Evaluate_reached_through_a_response_file_runs_the_evaluate_tool_with_the_rest()
    {
        using var files = new CliTestFiles();
        var rsp = files.Write("evaluate.rsp", "evaluate\nvalidate\n" + Nb201Spec + "\n");
        // The evaluate tool stands in as autobuild itself: `autobuild evaluate validate <spec>` runs `validate <spec>`.
        var stand = new Dictionary<string, string> { [EvaluateCommand.PathVariable] = Path.Combine(AppContext.BaseDirectory, "autobuild.dll") };
        var (exit, output, err) = CliProcess.Run(new[] { "@" + rsp }, environment: stand);
        Assert.True(exit == 0, err);
        Assert.Contains("ok: space NasBench201", output);

        var missing = new Dictionary<string, string> { [EvaluateCommand.PathVariable] = Path.Combine(files.Dir, "none", "autobuild-evaluate.dll") };
        (exit, _, err) = CliProcess.Run(new[] { "@" + rsp }, environment: missing);
        Assert.Equal(1, exit);
        Assert.Contains("error AB6001", err);
    }
}

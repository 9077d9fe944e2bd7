using AutoBuild.Cli.Commands;
using AutoBuild.Spec.Results;

namespace AutoBuild.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("autobuild-report-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static AutoBuildResult SmallResult()
    {
        var r = new AutoBuildResult { Space = "Tiny", Kind = "macro", Target = "acc", Seed = 3, Tool = "autobuild test", SpaceSize = "9" };
        var a = new RankedArchitecture { Rank = 1, Method = "construct", Arch = "s1:k5", Predicted = 91.5, Params = 1000, Flops = 20000 };
        a.Decisions["s1.l1.kernel"] = "5";
        r.Best.Add(a);
        r.Labelled.Add(new LabelledPoint { Arch = "s1:k3", Target = 90.1, Params = 900, Flops = 15000 });
        r.Importance.Add(new ImportanceEntry { Decision = "s1.l1.kernel", Value = "5", Score = 91, Count = 3 });
        r.Importance.Add(new ImportanceEntry { Decision = "s1.l1.kernel", Value = "3", Score = 90, Count = 3 });
        return r;
    }

    private (int Code, string Out, string Err) Run(string json, string? outDir)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ReportCommand.Run(json, outDir, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Renders_both_reports_next_to_the_json_by_default()
    {
        var json = Path.Combine(_dir.FullName, "Tiny.autobuild.json");
        File.WriteAllText(json, ResultJson.Write(SmallResult()));
        var (code, stdout, stderr) = Run(json, null);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "Tiny.report.md")));
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "Tiny.report.html")));
        Assert.Contains("Tiny.report.html", stdout);
    }

    [Fact]
    public void Writes_into_out_dir_and_re_rendering_gives_the_same_bytes()
    {
        var json = Path.Combine(_dir.FullName, "Tiny.autobuild.json");
        File.WriteAllText(json, ResultJson.Write(SmallResult()));
        var outDir = Path.Combine(_dir.FullName, "reports", "nested");
        Assert.Equal(0, Run(json, outDir).Code);
        var first = File.ReadAllBytes(Path.Combine(outDir, "Tiny.report.html"));
        Assert.Equal(0, Run(json, outDir).Code);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(outDir, "Tiny.report.html")));
    }

    [Fact]
    public void Malformed_json_is_a_located_diagnostic_and_writes_nothing()
    {
        var json = Path.Combine(_dir.FullName, "Bad.autobuild.json");
        File.WriteAllText(json, "{\n  \"schemaVersion\": 1,\n  \"space\": \n}");
        var (code, stdout, stderr) = Run(json, _dir.FullName);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Matches(@"^.*Bad\.autobuild\.json\(\d+,\d+\): error AB5902: malformed result file: .+\r?\n$", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal(new[] { "Bad.autobuild.json" }, _dir.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void Wrong_types_and_unknown_versions_name_the_json_path()
    {
        var json = Path.Combine(_dir.FullName, "Bad.autobuild.json");
        File.WriteAllText(json, "{ \"schemaVersion\": 99 }");
        var (code, _, stderr) = Run(json, null);
        Assert.Equal(1, code);
        Assert.Contains("error AB5902: malformed result file: $.schemaVersion", stderr);
        Assert.Single(_dir.GetFiles());
    }

    [Fact]
    public void Missing_file_is_bad_input_not_a_crash()
    {
        var (code, _, stderr) = Run(Path.Combine(_dir.FullName, "nope.autobuild.json"), null);
        Assert.Equal(1, code);
        Assert.Contains("error AB5901: cannot read the result file: no such file", stderr);
    }

    [Fact]
    public void Unwritable_output_is_bad_input_and_leaves_no_partial_report()
    {
        var json = Path.Combine(_dir.FullName, "Tiny.autobuild.json");
        File.WriteAllText(json, ResultJson.Write(SmallResult()));
        var blocker = Path.Combine(_dir.FullName, "blocked");
        File.WriteAllText(blocker, "");
        var (code, _, stderr) = Run(json, blocker);
        Assert.Equal(1, code);
        Assert.Contains("error AB5903: cannot write the reports", stderr);
        Assert.Equal(new[] { "Tiny.autobuild.json", "blocked" }.Order(StringComparer.Ordinal), _dir.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
    }
}

using AutoBuild.Learning.Build;

namespace AutoBuild.Cli.Tests;

/// <summary>
/// The exit-code contract end to end (the real `autobuild` process, Program.Main included): 1 with one located
/// AB4005 line per bad option and never a stack trace; 2 with one AB9001 line and a log file for an internal failure.
/// </summary>
public sealed class ExitCodeTests
{
    private static (int Exit, string Out, string Err) Autobuild(params string[] args) => CliProcess.Run(args);

    public static TheoryData<string, string, string> BadOptions => new()
    {
        // The reproducers of the fuzzing pass: each threw (or, for --epochs -1, was accepted).
        { "--batch", "0", "--batch must be an integer in 2.." },
        // Found by the fuzz test: the trainer needs pairs in a mini-batch.
        { "--batch", "1", "--batch must be an integer in 2.." },
        { "--hidden", "0", "--hidden must be an integer in 1.." },
        { "--lr", "-1", "--lr must be a number greater than 0" },
        { "--layers", "0", "--layers must be an integer in 1.." },
        { "--lr", "nan", "--lr must be a number greater than 0" },
        { "--lr", "1e308", "--lr must be a number greater than 0" },
        { "--epochs", "-1", "--epochs must be an integer in 1.." },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void A_bad_build_option_is_one_AB4005_line_and_exit_1(string option, string value, string expected)
    {
        using var files = new CliTestFiles();
        var labels = files.Write("labels.csv", "edge_01,edge_02,edge_12,edge_03,edge_13,edge_23,acc\nnone,none,none,none,none,none,10\n");
        var (exit, _, err) = Autobuild("build", CliTestFiles.Example("nas-bench-201.space.yaml"), "--labels", labels, "--target", "acc", "--out", files.Dir, option, value);
        Assert.Equal(1, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("error AB4005: " + expected, line);
        Assert.DoesNotContain("   at ", err);
        Assert.Empty(Directory.GetFiles(files.Dir, "*.json"));
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("no-decisions")]
    public void Building_a_space_with_nothing_to_choose_is_AB4010_not_a_crash(string which)
    {
        // The fuzzing reproducer: `build` threw ArgumentException ("no graph encoding") for ResNet-18 and `network: [bn]`.
        using var files = new CliTestFiles();
        var spec = which == "resnet18" ? CliTestFiles.Example("resnet18.space.yaml") : files.Write("x.space.yaml", "space: X\nnetwork: [bn]\n");
        var labels = files.Write("labels.csv", "acc\n1\n2\n");
        var (exit, _, err) = Autobuild("build", spec, "--labels", labels, "--target", "acc", "--out", files.Dir);
        Assert.Equal(1, exit);
        Assert.Contains("error AB4010: space '", err);
        Assert.DoesNotContain("AB9001", err);
        Assert.Empty(Directory.GetFiles(files.Dir, "*.json"));
    }

    [Fact]
    public void Every_build_option_default_is_in_range() => Assert.Empty(BuildOptionChecks.Problems(new BuildOptions { Target = "acc" }));

    [Fact]
    public void An_internal_failure_is_one_AB9001_line_exit_2_and_a_log_with_the_trace()
    {
        using var files = new CliTestFiles();
        var error = new StringWriter();
        Exception thrown;
        try { throw new InvalidOperationException("first line\nsecond line"); }
        catch (InvalidOperationException e) { thrown = e; }

        var exit = CrashReport.Handle(thrown, ["build", "x.yaml"], error, files.Dir);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("autobuild: error AB9001: internal failure: InvalidOperationException: first line second line (details in ", line);
        var log = Assert.Single(Directory.GetFiles(files.Dir, "crash-*.log"));
        Assert.Contains(log, line);
        var text = File.ReadAllText(log);
        Assert.Contains("args: build x.yaml", text);
        Assert.Contains("   at ", text); // the stack trace goes to the log, not to the user
    }

    [Fact]
    public void An_internal_failure_with_no_writable_log_folder_is_still_one_line()
    {
        using var files = new CliTestFiles();
        var blocked = files.Write("not-a-folder", "a file where the log folder should be");
        var error = new StringWriter();
        Assert.Equal(2, CrashReport.Handle(new InvalidOperationException("boom"), [], error, blocked));
        Assert.Equal("autobuild: error AB9001: internal failure: InvalidOperationException: boom", error.ToString().TrimEnd());
    }

    [Theory]
    [InlineData("sample", "-n", "many")]
    [InlineData("validate", "--no-such-option")]
    [InlineData("no-such-command")]
    public void A_command_line_that_cannot_be_parsed_is_AB5021_lines_and_exit_1(params string[] args)
    {
        var (exit, stdout, err) = Autobuild(args.Length > 1 ? args.Take(1).Append(CliTestFiles.Example("nas-bench-201.space.yaml")).Concat(args.Skip(1)).ToArray() : args);
        Assert.Equal(1, exit);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith("autobuild: error AB5021: ", l));
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("--max-flops", "abc", "Cannot parse argument 'abc' for option '--max-flops' as a number (e.g. 2.5e6); see 'autobuild --help'")]
    [InlineData("--seed", "x", "Cannot parse argument 'x' for option '--seed' as a whole number; see 'autobuild --help'")]
    public void A_value_that_cannot_be_parsed_says_what_to_write_not_the_dotnet_type(string option, string value, string expected)
    {
        // audit18: `--max-flops abc` printed "as expected type 'System.Nullable`1[System.Double]'".
        var (exit, _, err) = Autobuild(["build", CliTestFiles.Example("nas-bench-201.space.yaml"), "--labels", "x.csv", "--target", "acc", option, value]);
        Assert.Equal(1, exit);
        Assert.Equal("autobuild: error AB5021: " + expected, err.Trim());
        Assert.DoesNotContain("System.", err);
    }
}

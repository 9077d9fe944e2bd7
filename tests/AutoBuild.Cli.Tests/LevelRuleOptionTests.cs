namespace AutoBuild.Cli.Tests;

/// <summary>`autobuild build --level-rule` (the real process): the option reaches the build, and the JSON says the
/// level rule applied (no budget: the best measured architecture is the best label of all).</summary>
public sealed class LevelRuleOptionTests
{
    [Fact]
    public void The_level_rule_option_turns_the_rule_on_and_the_json_says_so()
    {
        using var files = new CliTestFiles();
        // Every 150th row of the real NAS-Bench-201 table (105 rows).
        using var reader = AutoBuild.Tests.Shared.RepoData.OpenText(AutoBuild.Tests.Shared.RepoData.File("nas-bench-201", "nb201_all.csv.gz"));
        var lines = new List<string> { reader.ReadLine()! };
        for (var i = 0; reader.ReadLine() is string line; i++) if (i % 150 == 0) lines.Add(line);
        var labels = files.Write("labels.csv", string.Join("\n", lines) + "\n");
        var (exit, stdout, err) = CliProcess.Run(["build", CliTestFiles.Example("nas-bench-201.space.yaml"), "--labels", labels,
            "--target", "c10v_valid_acc_200ep", "--out", files.Dir, "--epochs", "20", "--level-rule"]);
        Assert.True(exit == 0, err);
        Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(Path.Combine(files.Dir, "NasBench201.autobuild.json")), out var result, out _));
        var s = result!.Selection!;
        Assert.True(s.LevelRule);
        Assert.Contains("level rule", s.Rule);
        Assert.Contains(s.BestBy, new[] { "measured", "probability", "level" });
        if (s.BestBy == "level") Assert.Contains("best by the level rule", stdout);
    }
}

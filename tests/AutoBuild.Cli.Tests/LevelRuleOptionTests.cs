namespace AutoBuild.Cli.Tests;

/// <summary>`autobuild build --level-rule` (the real process): the option reaches the build, and the JSON says the
/// level rule applied (no budget: the best measured architecture is the best label of all).</summary>
public sealed class LevelRuleOptionTests
{
    [Fact]
    public void The_level_rule_option_turns_the_rule_on_and_the_json_says_so()
    {
        using var files = new CliTestFiles();
        var labels = CliTestFiles.Nb201Sample(files.Dir);
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

namespace AutoBuild.Cli.Tests;

/// <summary>`autobuild build --top-pick` and `--level-rule` (the real process): each option reaches the build, and the
/// JSON says which rule applied (no budget: the best measured architecture is the best label of all).</summary>
public sealed class SelectionRuleOptionTests
{
    private static AutoBuild.Spec.Results.SelectionInfo Build(CliTestFiles files, params string[] options)
    {
        var labels = CliTestFiles.Nb201Sample(files.Dir);
        var (exit, stdout, err) = CliProcess.Run(["build", CliTestFiles.Example("nas-bench-201.space.yaml"), "--labels", labels,
            "--target", "c10v_valid_acc_200ep", "--out", files.Dir, "--epochs", "20", .. options]);
        Assert.True(exit == 0, err);
        Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(Path.Combine(files.Dir, "NasBench201.autobuild.json")), out var result, out _));
        var s = result!.Selection!;
        if (s.BestBy == "level") Assert.Contains("best by the level rule", stdout);
        if (s.BestBy == "top-pick") Assert.Contains("best by the top-pick rule", stdout);
        return s;
    }

    [Fact]
    public void The_top_pick_rule_is_on_by_default_and_off_with_top_pick_false()
    {
        using (var files = new CliTestFiles())
        {
            var s = Build(files);
            Assert.True(s.TopPickRule);
            Assert.NotNull(s.TopPickProbability);
            Assert.Contains("top-pick rule", s.Rule);
            Assert.Contains(s.BestBy, new[] { "measured", "probability", "top-pick" });
            if (s.BestBy == "top-pick") Assert.True(s.TopPickProbability >= s.Confidence && s.BestSource == "predicted");
        }
        using (var files = new CliTestFiles())
        {
            var s = Build(files, "--top-pick", "false");
            Assert.False(s.TopPickRule);
            Assert.Null(s.TopPickProbability);
            Assert.DoesNotContain("top-pick rule", s.Rule);
            Assert.Contains(s.BestBy, new[] { "measured", "probability" });
        }
    }

    [Fact]
    public void The_level_rule_option_turns_the_rule_on_and_the_json_says_so()
    {
        using var files = new CliTestFiles();
        var s = Build(files, "--level-rule", "--top-pick", "false");
        Assert.True(s.LevelRule);
        Assert.Contains("level rule", s.Rule);
        Assert.Contains(s.BestBy, new[] { "measured", "probability", "level" });
    }
}

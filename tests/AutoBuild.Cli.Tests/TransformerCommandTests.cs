using AutoBuild.Cli.Commands;
using AutoBuild.Learning.Build;

namespace AutoBuild.Cli.Tests;

/// <summary>The HAT transformer example through the tool: inspect (per-token MACs), validate with its labels, and
/// a build that stops with a located AB4011 instead of enumerating millions of stage configurations (encoder 12⁶, decoder about 2.2 billion).</summary>
public class TransformerCommandTests
{
    private static string Spec => Path.Combine(CliRunner.RepoRoot, "examples", "spaces", "hat-transformer.space.yaml");
    private static string Labels => Path.Combine(CliRunner.RepoRoot, "examples", "HatTransformer", "wmt14ende-gpu_titanxp.labels.csv");

    [Fact]
    public void Inspect_shows_tokens_and_the_exact_cost_range_per_token()
    {
        var (exit, output, error) = CliRunner.Run("inspect", Spec);
        Assert.True(exit == 0, error);
        Assert.Contains("input 30 tokens, vocabulary 32768; FLOPs are multiply-accumulates per token", output);
        Assert.Contains("params: 62.429184 M (every decision at its first value) .. 139.720704 M (at its last value)", output);
        Assert.Contains("FLOPs:  29.0816 M .. 98.33984 M", output);
        Assert.Contains("encoder_decoder", output);
    }

    [Fact]
    public void The_hat_labels_validate_against_the_space()
    {
        var (exit, output, error) = CliRunner.Run("validate", Spec, "--labels", Labels);
        Assert.True(exit == 0, error);
        Assert.Contains(": ok: space ", output);
        // Four pairs of HAT's rows split into the same per-layer configuration: averaged, with a warning each.
        var warnings = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, warnings.Length);
        Assert.All(warnings, w => Assert.Contains(": warning AB2014: architecture ", w));
    }

    [Fact]
    public void Build_refuses_the_stages_it_cannot_enumerate_with_a_located_diagnostic()
    {
        var dir = Directory.CreateTempSubdirectory("autobuild-hat-");
        try
        {
            var stderr = new StringWriter();
            var exit = BuildCommand.Run(Spec, Labels, dir.FullName,
                new BuildOptions { Target = "params", LatencyColumn = "latency_ms", MaxLatency = 150, Seed = 1, Epochs = 1, Ensemble = 1 },
                new StringWriter(), stderr, interactive: false, null);
            Assert.Equal(1, exit);
            Assert.Contains(Spec + ": error AB4011: stage encoder has 2,985,984 configurations", stderr.ToString());
            Assert.DoesNotContain("   at ", stderr.ToString());
            Assert.Empty(Directory.GetFiles(dir.FullName, "*.json"));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

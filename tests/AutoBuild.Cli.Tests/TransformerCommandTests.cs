using AutoBuild.Cli.Commands;
using AutoBuild.Learning.Build;

namespace AutoBuild.Cli.Tests;

/// <summary>The HAT transformer example through the tool: inspect (per-token MACs), validate with its labels, and
/// a build that learns from the 2,000 measured rows and constructs under a latency budget.</summary>
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
    public void Build_learns_latency_and_params_from_the_hat_labels_and_keeps_to_the_latency_budget()
    {
        var dir = Directory.CreateTempSubdirectory("autobuild-hat-");
        try
        {
            var stderr = new StringWriter();
            var exit = BuildCommand.Run(Spec, Labels, dir.FullName,
                new BuildOptions { Target = "params", LatencyColumn = "latency_ms", MaxLatency = 150, Seed = 1, Epochs = 20, Ensemble = 1 },
                new StringWriter(), stderr, interactive: false, null);
            Assert.True(exit == 0, stderr.ToString());
            // Both stages are too large to enumerate (12^6 and about 2.2 billion configurations): sampled, with a warning.
            Assert.Contains(Spec + ": warning AB4011: stage encoder has 2,985,984 configurations", stderr.ToString());
            Assert.Contains(Spec + ": warning AB4011: stage decoder has 2,238,976,116 configurations", stderr.ToString());
            Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(Path.Combine(dir.FullName, "HatTransformer.autobuild.json")), out var read, out var why), why);
            var result = read!;
            Assert.Equal(1996, result.LabelledCount);
            var best = result.Best[0];
            Assert.NotNull(best.Latency);
            Assert.True(best.Latency <= 150, $"best latency {best.Latency}");
            var space = AutoBuild.Spec.SpecCompiler.CompileFile(Spec).Space!;
            Assert.Equal(space.Params(space.Parse(best.Arch)), best.Params);
            Assert.Equal(space.Flops(space.Parse(best.Arch)), best.Flops);
            Assert.All(result.Candidates, c => Assert.True(c.Latency is null || c.Latency <= 150));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

namespace AutoBuild.Cli.Tests;

public class ValidateInspectTests
{
    [Fact]
    public void Validate_accepts_every_example_spec()
    {
        foreach (var spec in Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "examples", "spaces"), "*.space.yaml"))
        {
            var (exit, output, error) = CliRunner.Run("validate", spec);
            Assert.True(exit == 0, spec + "\n" + error);
            Assert.Equal("", error);
            Assert.Contains(": ok: space ", output);
        }
    }

    [Fact]
    public void Validate_gives_a_dag_space_size_as_an_upper_bound_as_inspect_does()
    {
        var spec = Path.Combine(CliRunner.RepoRoot, "examples", "spaces", "nas-bench-101.space.yaml");
        var (exit, output, _) = CliRunner.Run("validate", spec);
        Assert.Equal(0, exit);
        Assert.Contains("26 decisions, at most 509,607,936 architectures", output);
        (_, output, _) = CliRunner.Run("validate", Path.Combine(CliRunner.RepoRoot, "examples", "spaces", "nas-bench-201.space.yaml"));
        Assert.Contains("6 decisions, 15,625 architectures", output);
    }

    [Fact]
    public void Validate_prints_canonical_located_errors_and_exits_1()
    {
        var dir = Directory.CreateTempSubdirectory("autobuild-validate-");
        try
        {
            var spec = Path.Combine(dir.FullName, "bad.space.yaml");
            File.WriteAllText(spec, "space: Bad\nnetwork:\n  - conv: { out: 16, kernal: 3 }\n  - mbconvv\n");
            var (exit, output, error) = CliRunner.Run("validate", spec);
            Assert.Equal(1, exit);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.StartsWith(spec + "(3,22): error AB1002: unknown key 'kernal'", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith(spec + "(4,5): error AB1005: unknown op 'mbconvv'; did you mean 'mbconv'?", StringComparison.Ordinal));
            Assert.Contains("3 error(s)", output); // the misspelt key also leaves the required kernel missing
            Assert.DoesNotContain("   at ", error);

            File.WriteAllText(spec, "space: Bad\nnetwork:\n  - bn\n - relu\n");
            (exit, _, error) = CliRunner.Run("validate", spec);
            Assert.Equal(1, exit);
            Assert.StartsWith(spec + "(4,2): error AB1001: YAML syntax error", error);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Validate_checks_labels_against_the_space()
    {
        var dir = Directory.CreateTempSubdirectory("autobuild-validate-");
        try
        {
            var csv = Path.Combine(dir.FullName, "labels.csv");
            File.WriteAllText(csv, "edge_01,edge_02,edge_12,edge_03,edge_13,edge_23,acc\n" +
                                   "none,skip_connect,nor_conv_1x1,nor_conv_3x3,avg_pool_3x3,none,81.5\n" +
                                   "nor_conv_3x3,nor_conv_3x3,nor_conv_3x3,nor_conv_3x3,nor_conv_3x3,nor_conv_3x3,91.2\n");
            var spec = CliRunner.Example("nas-bench-201.space.yaml");
            var (exit, output, error) = CliRunner.Run("validate", spec, "--labels", csv);
            Assert.True(exit == 0, error);
            Assert.Contains("2 rows, 2 distinct architectures", output);

            File.WriteAllText(csv, "edge_01,edge_02,edge_12,edge_03,edge_13,edge_23,acc\nnone,skip,none,none,none,none,1\n");
            (exit, _, error) = CliRunner.Run("validate", spec, "--labels", csv);
            Assert.Equal(1, exit);
            Assert.Contains("error AB2", error);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Inspect_shows_decisions_conditions_size_and_shapes()
    {
        var (exit, output, error) = CliRunner.Run("inspect", CliRunner.Example("ofa-mobilenetv3.space.yaml"));
        Assert.True(exit == 0, error);
        Assert.Contains("size: 65,275,966,477,717,457,553 architectures", output);
        Assert.Matches(@"s1\.l3\.kernel +integer +kernel +s1 layer 3 +3, 5, 7 +when s1\.depth is 3 or 4", output);
        Assert.Matches(@"resolution +integer +resolution +192, 208, 224 +always", output);
        Assert.Contains("1000", output);
        Assert.Contains("192x7x7", output); // the last stage's output at 224x224 with width multiplier 1.2
    }

    [Fact]
    public void Inspect_of_a_missing_file_is_bad_input()
    {
        var (exit, _, error) = CliRunner.Run("inspect", Path.Combine(CliRunner.RepoRoot, "no-such.space.yaml"));
        Assert.Equal(1, exit);
        Assert.Contains("error AB1015: cannot read the spec", error);
    }
}

using AutoBuild.Cli.Commands;

namespace AutoBuild.Cli.Tests;

/// <summary>`autobuild evaluate` runs the separate autobuild-evaluate program (it loads libtorch, autobuild never does);
/// the program itself is tested in AutoBuild.TorchSharp.Tests.</summary>
public sealed class EvaluateCommandTests
{
    [Fact]
    public void A_missing_evaluate_tool_is_AB6001_with_exit_1()
    {
        var error = new StringWriter();
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "autobuild-evaluate.dll");
        Assert.Equal(1, EvaluateCommand.Run(["spec.yaml"], missing, error));
        Assert.StartsWith($"{missing}: error AB6001: cannot find the evaluate tool", error.ToString());
        Assert.Contains("AUTOBUILD_EVALUATE_PATH", error.ToString());
    }

    [Fact]
    public void The_tool_is_found_from_the_variable_beside_autobuild_or_in_the_repository_build_output()
    {
        var root = Directory.CreateTempSubdirectory("autobuild-find-").FullName;
        try
        {
            Assert.Equal(Path.GetFullPath("x/autobuild-evaluate.dll"), EvaluateCommand.Find("x/autobuild-evaluate.dll", root));
            var cli = Directory.CreateDirectory(Path.Combine(root, "src", "Compiler", "AutoBuild.Cli", "bin", "Release", "net10.0")).FullName;
            Assert.Null(EvaluateCommand.Find(null, cli));
            var built = Directory.CreateDirectory(Path.Combine(root, "src", "Training", "AutoBuild.Evaluate", "bin", "Release", "net10.0")).FullName;
            File.WriteAllText(Path.Combine(built, "autobuild-evaluate.dll"), "");
            Assert.Equal(Path.Combine(built, "autobuild-evaluate.dll"), EvaluateCommand.Find(null, cli + Path.DirectorySeparatorChar));
            File.WriteAllText(Path.Combine(cli, "autobuild-evaluate.dll"), "");
            Assert.Equal(Path.Combine(cli, "autobuild-evaluate.dll"), EvaluateCommand.Find(null, cli));
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}

using System.CommandLine;
using AutoBuild.Cli.Commands;

namespace AutoBuild.Cli.Tests;

/// <summary>Runs `autobuild` commands in process with captured standard output and error.</summary>
internal static class CliRunner
{
    public static string RepoRoot => AutoBuild.Tests.Shared.RepoData.RepoRoot;

    public static string Example(string file) => Path.Combine(RepoRoot, "examples", "spaces", file);

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("autobuild") { ValidateCommand.Create(), InspectCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}

using System;
using System.Collections.Generic;
using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Cli.Commands;

/// <summary><c>autobuild evaluate ...</c>: runs the separate <c>autobuild-evaluate</c> program with the same arguments and
/// returns its exit code. Training needs TorchSharp and libtorch; keeping them in a process of their own means
/// `autobuild` (and so `dotnet build`) never loads a native deep-learning library (docs/evaluate.md).</summary>
internal static class EvaluateCommand
{
    public const string Name = "evaluate";
    public const string ToolAssembly = "autobuild-evaluate.dll";
    public const string PathVariable = "AUTOBUILD_EVALUATE_PATH";
    private const string ToolMissing = "AB6001";

    /// <summary>The command as `--help` lists it; <see cref="Program"/> forwards `evaluate` before parsing, so every
    /// option is the evaluate tool's own.</summary>
    public static Command Create()
    {
        var rest = new Argument<string[]>("arguments") { Description = "Passed to autobuild-evaluate unchanged (see `autobuild evaluate --help`).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(Name, "Train each architecture of a CSV with TorchSharp on a dataset and fill in val_acc, train_seconds, latency_ms and params " +
                                        "here or as one Slurm job array (--slurm; --collect merges its rows) (runs the separate autobuild-evaluate program).") { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    /// <summary>Runs the evaluate tool with <paramref name="arguments"/>; AB6001 and exit 1 when it cannot be found.</summary>
    public static int Run(IReadOnlyList<string> arguments, TextWriter error) =>
        Run(arguments, Find(Environment.GetEnvironmentVariable(PathVariable), AppContext.BaseDirectory), error);

    internal static int Run(IReadOnlyList<string> arguments, string? tool, TextWriter error)
    {
        if (tool is null || !File.Exists(tool))
        {
            error.WriteLine(Diagnostic.Error(ToolMissing,
                $"cannot find the evaluate tool{(tool is null ? "" : $" '{tool}'")}: it is a separate program (it loads libtorch); build it with `dotnet build src/Training/AutoBuild.Evaluate -c Release`, " +
                $"or set {PathVariable} to its {ToolAssembly}", SourceLocation.File(tool ?? ToolAssembly)));
            return ExitCodes.BadInput;
        }
        var start = new ProcessStartInfo(DotnetHost()) { UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (Win32Exception e)
        {
            error.WriteLine(Diagnostic.Error(ToolMissing, $"cannot start '{start.FileName}' to run the evaluate tool: {e.Message}; set DOTNET_HOST_PATH to the dotnet executable",
                SourceLocation.File(tool)));
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The tool: <paramref name="variable"/> (AUTOBUILD_EVALUATE_PATH) when set; else autobuild-evaluate.dll next to
    /// autobuild; else, in a checkout of the repository, the build output of src/Training/AutoBuild.Evaluate with the same
    /// configuration as this autobuild (bin/Release or bin/Debug); null when none exists.</summary>
    internal static string? Find(string? variable, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(variable)) return Path.GetFullPath(variable);
        var beside = Path.Combine(baseDirectory, ToolAssembly);
        if (File.Exists(beside)) return beside;
        // baseDirectory = <repo>/src/Compiler/AutoBuild.Cli/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(baseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var configuration = tfm.Parent;
        var project = configuration?.Parent?.Parent;
        var src = project?.Parent?.Parent;
        if (configuration is null || src is null || project!.Name != "AutoBuild.Cli") return null;
        var built = Path.Combine(src.FullName, "Training", "AutoBuild.Evaluate", "bin", configuration.Name, tfm.Name, ToolAssembly);
        return File.Exists(built) ? built : null;
    }

    /// <summary>The dotnet host: this process's when it is one, else DOTNET_HOST_PATH, else `dotnet` from PATH.</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrWhiteSpace(host) ? "dotnet" : host;
    }
}

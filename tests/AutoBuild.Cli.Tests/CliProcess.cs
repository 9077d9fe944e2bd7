using System.Diagnostics;

namespace AutoBuild.Cli.Tests;

/// <summary>Runs the real `autobuild` executable (Program.Main, the crash handler and the process exit code
/// included) from the test's output folder.</summary>
internal static class CliProcess
{
    /// <summary>Exit code, standard output and standard error; a run longer than <paramref name="limit"/> (default
    /// two minutes) is killed and reported as exit code -1.</summary>
    public static (int Exit, string Out, string Err) Run(IReadOnlyList<string> args, TimeSpan? limit = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "autobuild.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, stdout.Result, stderr.Result + "\n(killed: no exit within the limit)");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

using System.Diagnostics;

namespace AutoBuild.Slurm.Tests.Infrastructure;

/// <summary>Runs a program to its end with captured output; one that outlives its limit is killed and reported
/// as exit code -1 (never a hang of the test run).</summary>
internal static class Processes
{
    public static (int Exit, string Out, string Err) Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, stdout.Result, stderr.Result + $"\n(killed: no exit within {limit.TotalSeconds:0} s)");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

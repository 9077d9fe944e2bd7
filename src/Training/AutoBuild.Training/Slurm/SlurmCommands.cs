using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;

namespace AutoBuild.Training.Slurm;

/// <summary>The two Slurm client commands label collection needs: <c>sbatch</c> to submit the job array and
/// <c>squeue</c> to see which of its tasks are still pending or running. Nothing here needs accounting
/// (<c>sacct</c>/slurmdbd): whether a task that left the queue succeeded is read from its result file instead.</summary>
internal static class SlurmCommands
{
    /// <summary>Submits with <c>sbatch --parsable</c> and returns the job id (the array's id); AB6009 when sbatch cannot be
    /// started, AB6010 with sbatch's own message when it rejects the job.</summary>
    public static string Submit(IReadOnlyList<string> arguments, string where)
    {
        var (code, output, error) = Execute("sbatch", new[] { "--parsable" }.Concat(arguments).ToArray(), where);
        // --parsable prints "<job id>" or "<job id>;<cluster>".
        var id = output.Trim().Split(';')[0];
        if (code != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw EvaluationException.At(EvaluationCodes.SlurmFailed,
                $"sbatch did not accept the job array (exit code {code}): {FirstLine(error, output)}", where);
        return id;
    }

    /// <summary>The pending and running tasks of the user's jobs, as "&lt;array job id&gt;_&lt;task&gt;" → state
    /// (PENDING, RUNNING, COMPLETING, ...). <c>-r</c> lists every pending array task on its own line. A task that
    /// has left this list has ended, whether it wrote its result or not.</summary>
    public static IReadOnlyDictionary<string, string> Queue(string where)
    {
        var (code, output, error) = Execute("squeue", new[] { "--me", "--noheader", "--array", "--format=%i|%T" }, where);
        if (code != 0)
            throw EvaluationException.At(EvaluationCodes.SlurmFailed, $"squeue cannot list the queue (exit code {code}): {FirstLine(error, output)}", where);
        var queue = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bar = line.IndexOf('|');
            if (bar > 0) queue[line[..bar]] = line[(bar + 1)..];
        }
        return queue;
    }

    private static (int Code, string Output, string Error) Execute(string program, IReadOnlyList<string> arguments, string where)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
        catch (Win32Exception e)
        {
            throw EvaluationException.At(EvaluationCodes.SlurmMissing,
                $"cannot run `{program}` ({e.Message}): --slurm needs Slurm's client commands (sbatch, squeue) on PATH on the machine that submits and collects " +
                "(Debian/Ubuntu: apt-get install slurm-client, with the cluster's slurm.conf); or collect locally without --slurm", where);
        }
    }

    private static string FirstLine(string error, string output)
    {
        var text = (error.Trim().Length > 0 ? error : output).Trim();
        var line = text.Split('\n')[0].Trim();
        return line.Length == 0 ? "(no message)" : line;
    }
}

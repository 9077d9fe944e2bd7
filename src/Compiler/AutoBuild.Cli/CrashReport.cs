using System;
using System.Globalization;
using System.IO;

namespace AutoBuild.Cli;

/// <summary>
/// The exit-2 path of the exit-code contract (docs/diagnostics.md): an unexpected exception becomes one line
/// (AB9001, the exception's type and message, no stack trace) plus the path of a log file holding the full trace,
/// so a user can attach it to a bug report. Nothing else in the tool prints exceptions.
/// </summary>
internal static class CrashReport
{
    /// <summary>Writes the log (best effort) and the one-line diagnostic; returns exit code 2.</summary>
    public static int Handle(Exception exception, string[] args, TextWriter stderr, string? logDirectory = null)
    {
        var message = Flatten(exception.Message);
        string? log = null;
        try
        {
            var directory = logDirectory ?? Path.Combine(Path.GetTempPath(), "autobuild-logs");
            Directory.CreateDirectory(directory);
            log = Path.Combine(directory, "crash-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".log");
            File.WriteAllText(log, $"autobuild {typeof(CrashReport).Assembly.GetName().Version}\nargs: {string.Join(' ', args)}\n\n{exception}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log = null;
        }
        stderr.WriteLine($"autobuild: error AB9001: internal failure: {exception.GetType().Name}: {message}" +
                         (log is null ? "" : $" (details in {log}; please report it)"));
        return ExitCodes.InternalFailure;
    }

    /// <summary>One line: a diagnostic must not break the canonical one-line form.</summary>
    private static string Flatten(string text) => text.Replace("\r", " ").Replace("\n", " ");
}

using System.Diagnostics;

namespace AutoBuild.Reports.Tests;

/// <summary>Runs headless Chromium (Debian package <c>chromium</c>, or <c>$AUTOBUILD_CHROMIUM</c>) on a local page.</summary>
internal static class Chromium
{
    public static readonly string? Path = Find();

    public const string NotFound = "Chromium not found: install the Debian package 'chromium' (apt-get install -y chromium; .ci/run does this) " +
                                   "or set AUTOBUILD_CHROMIUM to a Chromium/Chrome executable.";

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("AUTOBUILD_CHROMIUM");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
            foreach (var dir in dirs)
            {
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>Loads <paramref name="file"/> with the given extra arguments in a fresh profile; never leaves the process running.</summary>
    public static Run Load(string file, params string[] extra)
    {
        if (Path is null) throw new InvalidOperationException(NotFound);
        var profile = Directory.CreateTempSubdirectory("autobuild-chromium-");
        try
        {
            var psi = new ProcessStartInfo(Path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                         "--user-data-dir=" + profile.FullName, "--enable-logging=stderr", "--v=0",
                     })
                psi.ArgumentList.Add(a);
            foreach (var a in extra) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add(new Uri(System.IO.Path.GetFullPath(file)).AbsoluteUri);

            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException("Chromium did not finish within 2 minutes: " + string.Join(' ', psi.ArgumentList));
            }
            return new Run(process.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Console messages of the page (Chromium logs them as "CONSOLE(line)" on stderr with --enable-logging).</summary>
    public static IReadOnlyList<string> ConsoleMessages(string stderr) =>
        stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("CONSOLE(", StringComparison.Ordinal)).ToList();
}

/// <summary>A fact that skips itself, saying why, only when no Chromium can be found.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null) Skip = Chromium.NotFound;
    }
}

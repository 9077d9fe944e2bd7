using System.Diagnostics;

namespace AutoBuild.Slurm.Tests.Infrastructure;

/// <summary>Debian's Slurm (slurm-wlm: slurmctld, slurmd, the client commands) and munge, installed with apt-get when
/// missing and the tests run as root (as in CI); <see cref="SkipReason"/> says why not when that is impossible.</summary>
internal static class SlurmInstallation
{
    private static readonly string[] s_programs = ["slurmctld", "slurmd", "munged", "sbatch", "squeue", "scancel", "sinfo"];
    private static readonly Lazy<string?> s_reason = new(Install);

    /// <summary>Null when Slurm is there (installed now if it was not); otherwise why the tests must skip.</summary>
    public static string? SkipReason => s_reason.Value;

    /// <summary>The full path of a Slurm or munge program (daemons live in /usr/sbin, often not on PATH).</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/sbin"])
        .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private static string? Missing() => s_programs.FirstOrDefault(p => Find(p) is null);

    private static string? Install()
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux: the tests start Slurm's daemons (Debian's slurm-wlm)";
        if (Missing() is null) return null;
        if (Environment.UserName != "root" || Find("apt-get") is null)
            return $"Slurm is not installed ({Missing()} missing) and cannot be installed here (needs root and apt-get): apt-get install slurm-wlm munge";
        var log = new List<string>();
        foreach (var args in new[] { "install -y -q slurm-wlm munge", "update -q", "install -y -q slurm-wlm munge" })
        {
            if (Missing() is null) break;
            var start = new ProcessStartInfo(Find("apt-get")!, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var apt = Process.Start(start)!;
            var error = apt.StandardError.ReadToEndAsync();
            apt.StandardOutput.ReadToEnd();
            apt.WaitForExit();
            log.Add($"apt-get {args}: exit {apt.ExitCode} {error.Result.Trim().Split('\n').LastOrDefault()}");
        }
        return Missing() is string still ? $"Slurm could not be installed ({still} missing): {string.Join("; ", log)}" : null;
    }
}

/// <summary>A fact that needs a real Slurm: skipped, with the reason, only when slurm-wlm cannot be installed.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmInstallation.SkipReason is string reason) Skip = reason;
    }
}

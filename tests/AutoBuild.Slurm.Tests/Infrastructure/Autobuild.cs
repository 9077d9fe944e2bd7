using System.Reflection;
using AutoBuild.Tests.Shared;

namespace AutoBuild.Slurm.Tests.Infrastructure;

/// <summary>The real `autobuild` (from this test's output) with `evaluate` forwarded to the real `autobuild-evaluate` of
/// this configuration's build, and a small labelled-to-be architectures CSV of the digits space.</summary>
internal static class Autobuild
{
    public static string Spec => Path.Combine(RepoData.RepoRoot, "examples", "DigitsLoop", "digits-cnn.space.yaml");

    public static string EvaluateTool { get; } = Path.Combine(RepoData.RepoRoot, "src", "Training", "AutoBuild.Evaluate", "bin",
        typeof(Autobuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value!,
        "net10.0", "autobuild-evaluate.dll");

    /// <summary>The settings of every run here: one epoch and few latency runs, so a task trains in seconds.</summary>
    public static readonly string[] Recipe = ["--data", "digits", "--epochs", "1", "--latency-runs", "3"];

    /// <summary>Runs `autobuild <paramref name="args"/>` with <paramref name="environment"/> added (SLURM_CONF, PATH).</summary>
    public static (int Exit, string Out, string Err) Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["AUTOBUILD_EVALUATE_PATH"] = EvaluateTool };
        return Processes.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "autobuild.dll"), .. args], variables, TimeSpan.FromMinutes(10));
    }

    /// <summary>Samples <paramref name="count"/> architectures (seed 1) into <c>archs.csv</c> in <paramref name="folder"/>
    /// and appends the first data row once more: an architecture listed twice is trained once.</summary>
    public static string Archs(string folder, int count)
    {
        var path = Path.Combine(folder, "archs.csv");
        var sampled = Run(["sample", Spec, "-n", count.ToString(), "--seed", "1", "--out", path]);
        Assert.True(sampled.Exit == 0, sampled.Err);
        File.AppendAllText(path, File.ReadLines(path).ElementAt(1) + "\n");
        return path;
    }

    /// <summary>The cells of a CSV without quoted fields (the digits space's rows have none), by row.</summary>
    public static string[][] Cells(string path) => File.ReadAllLines(path).Select(l => l.Split(',')).ToArray();
}

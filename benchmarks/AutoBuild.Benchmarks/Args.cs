using System.Globalization;

namespace AutoBuild.Benchmarks;

/// <summary>"--name value" options of a benchmark command.</summary>
public sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Args(string[] args)
    {
        Rest = args;
        for (var i = 0; i + 1 < args.Length; i++)
            if (args[i].StartsWith("--", StringComparison.Ordinal)) _values[args[i][2..]] = args[++i];
    }

    /// <summary>All arguments after the command (BenchmarkDotNet gets these).</summary>
    public string[] Rest { get; }

    public string Get(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;
    public int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    public double Double(string name, double fallback) => double.Parse(Get(name, fallback.ToString("R", CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    public int[] Ints(string name, string fallback) => Get(name, fallback).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The repository root (from the build) and its data/ folder.</summary>
    public static string RepoRoot => AutoBuild.Tests.Shared.RepoData.RepoRoot;
    public static string DataDir => AutoBuild.Tests.Shared.RepoData.File();
}

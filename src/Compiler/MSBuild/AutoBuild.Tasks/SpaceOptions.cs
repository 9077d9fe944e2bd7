using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace AutoBuild.Tasks;

/// <summary>
/// One <c>AutoBuildSpace</c> item's metadata, validated and normalised (invariant culture, full paths). Every
/// invalid value becomes an AB5xxx error that names the metadata or property to fix.
/// </summary>
internal sealed class SpaceOptions
{
    public string Spec { get; private set; } = "";
    public string Labels { get; private set; } = "";
    public string Target { get; private set; } = "";
    public string Seed { get; private set; } = "";
    public string? MaxParams { get; private set; }
    public string? MaxFlops { get; private set; }
    public string? MaxLatency { get; private set; }
    public string? LatencyColumn { get; private set; }
    public bool Train { get; private set; }
    public string OutputDirectory { get; private set; } = "";
    public string ReportDirectory { get; private set; } = "";
    public IReadOnlyList<string> ExtraArguments { get; private set; } = Array.Empty<string>();

    public string StampFile => Path.Combine(OutputDirectory, "autobuild.stamp");
    public string ResponseFile => Path.Combine(OutputDirectory, "autobuild.rsp");

    /// <summary>Reads and checks one item. <paramref name="report"/> receives (code, message) for each problem.</summary>
    public static SpaceOptions? Parse(
        Func<string, string> metadata, string specIdentity, string projectDirectory, string intermediateDirectory,
        Action<string, string> report, bool lenient = false)
    {
        var ok = true;
        void Fail(string code, string message)
        {
            ok = false;
            if (!lenient) report(code, message);
        }
        var name = $"AutoBuildSpace '{specIdentity}'";

        var options = new SpaceOptions { Spec = FullPath(projectDirectory, specIdentity) };
        if (!File.Exists(options.Spec)) Fail("AB5002", $"{name}: the spec file '{options.Spec}' does not exist. Fix the item's Include.");

        var labels = metadata("Labels").Trim();
        if (labels.Length == 0)
            Fail("AB5001", $"{name} has no Labels metadata. Set Labels=\"<evaluated architectures>.csv\" on the item.");
        else
        {
            options.Labels = FullPath(projectDirectory, labels);
            if (!File.Exists(options.Labels))
                Fail("AB5003", $"{name}: the labels file '{options.Labels}' (Labels metadata) " +
                    (Directory.Exists(options.Labels) ? "is a directory, not a file." : "does not exist."));
        }

        options.Target = metadata("TargetMetric").Trim();
        if (options.Target.Length == 0)
            Fail("AB5004", $"{name} has no TargetMetric metadata. Set TargetMetric=\"<metric column or expression>\" on the item.");

        var seed = metadata("Seed").Trim();
        if (seed.Length == 0) options.Seed = "";
        else if (!int.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seedValue) || seedValue < 0)
            Fail("AB5005", $"{name}: Seed metadata '{seed}' is not a non-negative integer.");
        else options.Seed = seedValue.ToString(CultureInfo.InvariantCulture);

        options.MaxParams = PositiveNumber(metadata("MaxParams"), "MaxParams");
        options.MaxFlops = PositiveNumber(metadata("MaxFlops"), "MaxFlops");
        options.MaxLatency = PositiveNumber(metadata("MaxLatency"), "MaxLatency");
        var latencyColumn = metadata("LatencyColumn").Trim();
        options.LatencyColumn = latencyColumn.Length == 0 ? null : latencyColumn;
        if (options.MaxLatency != null && options.LatencyColumn == null)
            Fail("AB5007", $"{name}: MaxLatency needs LatencyColumn metadata (the labels column holding measured latency).");

        var train = Boolean(metadata("Train"), "Train metadata");
        options.Train = train ?? true;

        var outputDir = metadata("OutputDir").Trim();
        options.OutputDirectory = WithSlash(outputDir.Length == 0
            ? Path.Combine(FullPath(projectDirectory, intermediateDirectory), Stamp.FolderFor(options.Spec))
            : FullPath(projectDirectory, outputDir));
        var reportDir = metadata("ReportDir").Trim();
        options.ReportDirectory = reportDir.Length == 0 ? "" : WithSlash(FullPath(projectDirectory, reportDir));
        options.ExtraArguments = SplitArguments(metadata("ToolArguments"));
        return ok || lenient ? options : null;

        string? PositiveNumber(string raw, string knob)
        {
            raw = raw.Trim();
            if (raw.Length == 0) return null;
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && !double.IsInfinity(value))
                return value.ToString("R", CultureInfo.InvariantCulture);
            Fail("AB5005", $"{name}: {knob} metadata '{raw}' is not a positive number (invariant culture, e.g. 2.5e8).");
            return null;
        }

        bool? Boolean(string raw, string knob)
        {
            var parsed = ParseBoolean(raw);
            if (parsed == null && raw.Trim().Length != 0) Fail("AB5006", $"{name}: {knob} '{raw}' is not 'true' or 'false'.");
            return parsed;
        }
    }

    /// <summary>'true'/'false' (any case), null when empty or invalid.</summary>
    public static bool? ParseBoolean(string raw) =>
        raw.Trim().ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };

    /// <summary>Extra tool arguments: a ';'-separated list (MSBuild's list separator), one argument per entry.</summary>
    public static IReadOnlyList<string> SplitArguments(string raw)
    {
        var arguments = new List<string>();
        foreach (var part in raw.Split(';'))
        {
            var argument = part.Trim();
            if (argument.Length > 0) arguments.Add(argument);
        }
        return arguments;
    }

    public static string FullPath(string baseDirectory, string path)
    {
        // MSBuild hands Windows-style separators to tasks on Unix too (obj\Release\...).
        if (Path.DirectorySeparatorChar == '/') path = path.Replace('\\', '/');
        return Path.GetFullPath(Path.Combine(baseDirectory, path));
    }

    private static string WithSlash(string directory) =>
        directory.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? directory : directory + Path.DirectorySeparatorChar;
}

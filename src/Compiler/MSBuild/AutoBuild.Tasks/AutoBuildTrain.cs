using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AutoBuild.Tasks;

/// <summary>
/// Runs <c>dotnet autobuild.dll @autobuild.rsp</c> (the <c>autobuild build</c> command) for one spec, out of
/// process, so the predictor never loads into the MSBuild or IDE process. The tool prints canonical
/// <c>path(line,col): error AB1234: text</c> lines, which ToolTask's default output handling turns into build
/// errors located in the spec or the CSV. A content-hash stamp skips the run when nothing that matters changed.
/// </summary>
public sealed class AutoBuildTrain : ToolTask
{
    [Required] public string Spec { get; set; } = "";
    [Required] public string Labels { get; set; } = "";
    [Required] public string TargetMetric { get; set; } = "";
    /// <summary>Empty: the tool's default seed.</summary>
    public string Seed { get; set; } = "";
    public string MaxParams { get; set; } = "";
    public string MaxFlops { get; set; } = "";
    public string MaxLatency { get; set; } = "";
    public string LatencyColumn { get; set; } = "";
    /// <summary>Extra tool arguments (';'-separated): the item's ToolArguments, then $(AutoBuildToolArguments).</summary>
    public string ToolArguments { get; set; } = "";
    [Required] public string OutputDirectory { get; set; } = "";
    [Required] public string StampFile { get; set; } = "";
    [Required] public string ResponseFile { get; set; } = "";
    /// <summary>The <c>autobuild.dll</c> to run.</summary>
    [Required] public string ToolAssembly { get; set; } = "";
    /// <summary>The <c>dotnet</c> host, normally <c>$(DOTNET_HOST_PATH)</c>; empty: the DOTNET_HOST_PATH environment variable, then PATH.</summary>
    public string DotnetHostPath { get; set; } = "";

    /// <summary>True when the tool ran (false when the stamp showed the result was current).</summary>
    [Output] public bool Ran { get; private set; }

    protected override string ToolName => RuntimeIsWindows ? "dotnet.exe" : "dotnet";

    private static bool RuntimeIsWindows => Path.DirectorySeparatorChar == '\\';

    protected override string GenerateFullPathToTool()
    {
        foreach (var candidate in new[] { DotnetHostPath, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "" })
            if (candidate.Length != 0 && File.Exists(candidate)) return candidate;
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (directory.Length == 0) continue;
            var candidate = Path.Combine(directory, ToolName);
            if (File.Exists(candidate)) return candidate;
        }
        return "";
    }

    protected override bool ValidateParameters()
    {
        if (!File.Exists(ToolAssembly))
            Log.LogError(null, "AB5009", null, null, 0, 0, 0, 0,
                $"The autobuild tool '{ToolAssembly}' does not exist. Set the AutoBuildToolPath property (or the AUTOBUILD_TOOL_PATH environment variable) to autobuild.dll.");
        if (string.IsNullOrEmpty(ToolPath) && GenerateFullPathToTool().Length == 0)
            Log.LogError(null, "AB5010", null, null, 0, 0, 0, 0,
                "Cannot find the 'dotnet' host to run the autobuild tool. Set the DOTNET_HOST_PATH environment variable (or the AutoBuildDotnetHostPath property) to the dotnet executable.");
        return !Log.HasLoggedErrors;
    }

    /// <summary>The <c>autobuild build</c> arguments, one per response-file line (no quoting needed).</summary>
    public IReadOnlyList<string> BuildArguments()
    {
        var arguments = new List<string> { "build", Spec, "--labels", Labels, "--target", TargetMetric, "--out", OutputDirectory.TrimEnd('/', '\\') };
        void Optional(string option, string value)
        {
            if (value.Length == 0) return;
            arguments.Add(option);
            arguments.Add(value);
        }
        Optional("--seed", Seed);
        Optional("--max-params", MaxParams);
        Optional("--max-flops", MaxFlops);
        Optional("--max-latency", MaxLatency);
        Optional("--latency-column", LatencyColumn);
        arguments.AddRange(SpaceOptions.SplitArguments(ToolArguments));
        return arguments;
    }

    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendFileNameIfNotNull(ToolAssembly);
        builder.AppendSwitchIfNotNull("@", ResponseFile);
        return builder.ToString();
    }

    public override bool Execute()
    {
        if (!ValidateParameters()) return false;
        var arguments = BuildArguments();
        var hash = Stamp.ComputeHash(arguments, new[] { Spec, Labels }, ToolFiles());

        var previous = Stamp.TryRead(StampFile);
        if (previous != null && previous.Hash == hash && previous.OutputPaths(StampFile).All(File.Exists))
        {
            // Same content as last time: keep the result, refresh the timestamps so the target is up to date again.
            // Never older than an input (a file touched with a future time would otherwise rerun the target forever).
            var now = new[] { Spec, Labels }.Select(File.GetLastWriteTimeUtc).Append(DateTime.UtcNow).Max();
            foreach (var path in previous.OutputPaths(StampFile).Concat(new[] { StampFile })) File.SetLastWriteTimeUtc(path, now);
            Log.LogMessage(MessageImportance.Normal, $"AutoBuild: '{Spec}' is unchanged (content hash {hash.Substring(0, 12)}); reusing the previous result.");
            return true;
        }

        // Remove what the previous run wrote (and only that), so a renamed space leaves nothing stale behind.
        Directory.CreateDirectory(OutputDirectory);
        if (previous != null)
            foreach (var path in previous.OutputPaths(StampFile)) File.Delete(path);
        File.Delete(StampFile);
        var before = Snapshot();
        File.WriteAllText(ResponseFile, string.Join("\n", arguments) + "\n", Stamp.Utf8NoBom);

        Log.LogMessage(MessageImportance.High, $"AutoBuild: training on '{Path.GetFileName(Labels)}' for '{Path.GetFileName(Spec)}' (target {TargetMetric}) ...");
        Ran = true;
        if (!base.Execute() || Log.HasLoggedErrors) return false;

        var written = Snapshot().Where(file => !before.TryGetValue(file.Key, out var old) || old != file.Value)
            .Select(file => file.Key).Where(name => name != Path.GetFileName(StampFile) && name != Path.GetFileName(ResponseFile))
            .OrderBy(name => name, StringComparer.Ordinal).ToList();
        if (!written.Any(name => name.EndsWith(".autobuild.json", StringComparison.Ordinal)))
        {
            Log.LogError(null, "AB5013", null, Spec, 0, 0, 0, 0,
                $"The autobuild tool exited successfully but wrote no '<Space>.autobuild.json' into '{OutputDirectory}'.");
            return false;
        }
        new Stamp(hash, written).Write(StampFile);
        return true;
    }

    protected override bool HandleTaskExecutionErrors()
    {
        if (ExitCode == -1 && Timeout != System.Threading.Timeout.Infinite)
            Log.LogError(null, "AB5011", null, Spec, 0, 0, 0, 0,
                $"The autobuild tool did not finish within {Timeout / 1000.0:0.###} s and was stopped. Raise AutoBuildTimeoutSeconds (or AUTOBUILD_TIMEOUT_SECONDS).");
        else if (!Log.HasLoggedErrors)
            Log.LogError(null, "AB5012", null, Spec, 0, 0, 0, 0,
                $"The autobuild tool failed with exit code {ExitCode} without reporting a diagnostic; see the build log for its output.");
        return false;
    }

    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Normal;

    /// <summary>The tool writes a diagnostic with no file of its own (a budget nothing meets, AB4001; a bad option) as
    /// <c>autobuild: error …</c>, which MSBuild would show at a file named "autobuild"; here it is placed at the spec,
    /// the AutoBuildSpace item whose metadata (or whose <c>constraints:</c>) set those options.</summary>
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        const string unlocated = "autobuild: ";
        if (singleLine.StartsWith(unlocated + "error ", StringComparison.Ordinal) || singleLine.StartsWith(unlocated + "warning ", StringComparison.Ordinal))
            singleLine = Spec + ": " + singleLine.Substring(unlocated.Length);
        base.LogEventsFromTextOutput(singleLine, messageImportance);
    }

    /// <summary>The tool's own files (top-level .dll and .json): part of the content hash, so a new tool retrains.</summary>
    private IEnumerable<string> ToolFiles()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(ToolAssembly)) ?? ".";
        return Directory.GetFiles(directory)
            .Where(file => file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .OrderBy(file => file, StringComparer.Ordinal);
    }

    private Dictionary<string, (long, DateTime)> Snapshot()
    {
        var files = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        foreach (var file in new DirectoryInfo(OutputDirectory).GetFiles()) files[file.Name] = (file.Length, file.LastWriteTimeUtc);
        return files;
    }
}

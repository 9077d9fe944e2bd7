using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AutoBuild.Tasks;

/// <summary>
/// Validates every <c>AutoBuildSpace</c> item and predicts where its outputs go (the Grpc.Tools
/// "predict outputs first" step): normalised metadata, the per-spec output folder, the stamp and the outputs
/// of the previous run (so a deleted output forces a rerun). Decides which items train in this build.
/// </summary>
public sealed class AutoBuildPrepare : Task
{
    [Required] public ITaskItem[] Spaces { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string ProjectDirectory { get; set; } = "";
    /// <summary>The base of the per-spec output folders, normally <c>$(IntermediateOutputPath)autobuild/</c>.</summary>
    [Required] public string IntermediateDirectory { get; set; } = "";
    /// <summary>Clean mode: no validation errors, just where each item's files would be.</summary>
    public bool ForClean { get; set; }
    /// <summary><c>$(AutoBuildTrain)</c>: the global switch.</summary>
    public string Train { get; set; } = "";
    public bool DesignTimeBuild { get; set; }
    /// <summary><c>$(AutoBuildTimeoutSeconds)</c>, checked here so that a bad value fails before any work.</summary>
    public string TimeoutSeconds { get; set; } = "";

    /// <summary>Every valid item with normalised metadata (see the targets for the names).</summary>
    [Output] public ITaskItem[] Prepared { get; private set; } = Array.Empty<ITaskItem>();
    /// <summary>The subset that trains in this build.</summary>
    [Output] public ITaskItem[] ToTrain { get; private set; } = Array.Empty<ITaskItem>();
    /// <summary>The timeout in milliseconds for ToolTask.Timeout; empty for none.</summary>
    [Output] public string TimeoutMilliseconds { get; private set; } = "";

    public override bool Execute()
    {
        var globalTrain = SpaceOptions.ParseBoolean(Train);
        if (globalTrain == null && Train.Trim().Length != 0 && !ForClean)
            Log.LogError(null, "AB5006", null, null, 0, 0, 0, 0,
                $"AutoBuildTrain '{Train}' is not 'true' or 'false' (property AutoBuildTrain or environment variable AUTOBUILD_TRAIN).");
        TimeoutMilliseconds = ForClean ? "" : ParseTimeout();

        var prepared = new List<ITaskItem>();
        var toTrain = new List<ITaskItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Spaces)
        {
            var file = item.GetMetadata("DefiningProjectFullPath");
            var options = SpaceOptions.Parse(
                item.GetMetadata, item.ItemSpec, ProjectDirectory, IntermediateDirectory,
                (code, message) => Log.LogError(null, code, null, file, 0, 0, 0, 0, message), lenient: ForClean);
            if (options == null) continue;
            if (ForClean)
            {
                prepared.Add(ToItem(item, options));
                continue;
            }
            if (!seen.Add(options.Spec))
            {
                Log.LogError(null, "AB5008", null, file, 0, 0, 0, 0,
                    $"AutoBuildSpace '{item.ItemSpec}' is listed more than once; give each spec one item.");
                continue;
            }

            var result = ToItem(item, options);
            prepared.Add(result);
            var trains = options.Train && globalTrain != false && !DesignTimeBuild;
            if (trains) toTrain.Add(result);
            else if (!File.Exists(options.StampFile))
            {
                // Nothing to reuse: the generator sees the spec only (no Best).
                var why = DesignTimeBuild ? "this is a design-time build" : options.Train ? "AutoBuildTrain is false" : "its Train metadata is false";
                if (DesignTimeBuild)
                    Log.LogMessage(MessageImportance.Low, $"AutoBuild: not training '{item.ItemSpec}' because {why}; no previous result.");
                else
                    Log.LogWarning(null, "AB5014", null, file, 0, 0, 0, 0,
                        $"AutoBuild: not training '{item.ItemSpec}' because {why}, and there is no previous result: Best is not generated.");
            }
        }
        Prepared = prepared.ToArray();
        ToTrain = toTrain.ToArray();
        return !Log.HasLoggedErrors;
    }

    private ITaskItem ToItem(ITaskItem source, SpaceOptions options)
    {
        var item = new TaskItem(options.Spec);
        item.SetMetadata("Labels", options.Labels);
        item.SetMetadata("TargetMetric", options.Target);
        item.SetMetadata("Seed", options.Seed);
        item.SetMetadata("MaxParams", options.MaxParams ?? "");
        item.SetMetadata("MaxFlops", options.MaxFlops ?? "");
        item.SetMetadata("MaxLatency", options.MaxLatency ?? "");
        item.SetMetadata("LatencyColumn", options.LatencyColumn ?? "");
        item.SetMetadata("ToolArguments", string.Join(";", options.ExtraArguments));
        item.SetMetadata("OutputDirectory", options.OutputDirectory);
        item.SetMetadata("StampFile", options.StampFile);
        item.SetMetadata("ResponseFile", options.ResponseFile);
        item.SetMetadata("ReportDirectory", options.ReportDirectory);
        var previous = Stamp.TryRead(options.StampFile);
        item.SetMetadata("PreviousOutputs", previous == null ? "" : string.Join(";", previous.OutputPaths(options.StampFile)));
        item.SetMetadata("OriginalItemSpec", source.ItemSpec);
        return item;
    }

    private string ParseTimeout()
    {
        var raw = TimeoutSeconds.Trim();
        if (raw.Length == 0) return "";
        if (double.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0 && seconds * 1000 < int.MaxValue)
            return ((int)Math.Ceiling(seconds * 1000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Log.LogError(null, "AB5005", null, null, 0, 0, 0, 0,
            $"AutoBuildTimeoutSeconds '{TimeoutSeconds}' is not a positive number of seconds (property AutoBuildTimeoutSeconds or environment variable AUTOBUILD_TIMEOUT_SECONDS).");
        return "";
    }
}

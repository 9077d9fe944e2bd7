using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AutoBuild.Tasks;

/// <summary>
/// Reads each spec's stamp and returns what the last successful run wrote: the results for the generator,
/// the reports to copy, and every file for FileWrites/Clean. Runs in every build, including design-time builds
/// and builds that did not train, so the last result is always reused.
/// </summary>
public sealed class AutoBuildCollect : Task
{
    [Required] public ITaskItem[] Spaces { get; set; } = Array.Empty<ITaskItem>();
    /// <summary>Specs whose tool ran in this build: their main report gets Announce=true (its path is printed once).</summary>
    public ITaskItem[] Trained { get; set; } = Array.Empty<ITaskItem>();

    /// <summary><c>&lt;Space&gt;.autobuild.json</c> files; metadata AutoBuildSpec=the spec.</summary>
    [Output] public ITaskItem[] Results { get; private set; } = Array.Empty<ITaskItem>();
    /// <summary>Report files (<c>*.report.*</c>); metadata ReportDirectory, DestinationFile.</summary>
    [Output] public ITaskItem[] Reports { get; private set; } = Array.Empty<ITaskItem>();
    /// <summary>Every file written in the output folders: outputs, stamp, response file.</summary>
    [Output] public ITaskItem[] Files { get; private set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        var results = new List<ITaskItem>();
        var reports = new List<ITaskItem>();
        var files = new List<ITaskItem>();
        var trained = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Trained) trained.Add(item.ItemSpec);
        foreach (var space in Spaces)
        {
            var stampFile = space.GetMetadata("StampFile");
            foreach (var own in new[] { stampFile, space.GetMetadata("ResponseFile") })
                if (File.Exists(own)) files.Add(new TaskItem(own));
            var stamp = Stamp.TryRead(stampFile);
            if (stamp == null) continue;
            foreach (var path in stamp.OutputPaths(stampFile))
            {
                if (!File.Exists(path)) continue;
                var name = Path.GetFileName(path);
                files.Add(new TaskItem(path));
                if (name.EndsWith(".autobuild.json", StringComparison.Ordinal))
                {
                    var result = new TaskItem(path);
                    result.SetMetadata("AutoBuildSpec", space.ItemSpec);
                    results.Add(result);
                }
                else if (name.IndexOf(".report.", StringComparison.Ordinal) > 0)
                {
                    var reportDirectory = space.GetMetadata("ReportDirectory");
                    if (reportDirectory.Length == 0) continue;
                    var report = new TaskItem(path);
                    report.SetMetadata("DestinationFile", Path.Combine(reportDirectory, name));
                    report.SetMetadata("AutoBuildSpec", space.ItemSpec);
                    var main = name.EndsWith(".report.html", StringComparison.Ordinal);
                    report.SetMetadata("Announce", main && trained.Contains(space.ItemSpec) ? "true" : "false");
                    reports.Add(report);
                }
            }
        }
        Results = results.ToArray();
        Reports = reports.ToArray();
        Files = files.ToArray();
        return true;
    }
}

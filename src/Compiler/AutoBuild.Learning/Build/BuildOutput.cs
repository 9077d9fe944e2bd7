using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AutoBuild.Spec.Results;

namespace AutoBuild.Learning.Build;

/// <summary>Writes <c>DIR/&lt;Space&gt;.autobuild.json</c> and its two reports as one set: everything is rendered and
/// written to temporary files beside the targets first, then the files are moved into place, the JSON last. A
/// failure (or a kill) before the moves changes nothing; the JSON, which the generator and `autobuild report`
/// read, is the commit point: when it is new, so are its reports. A kill in the microseconds between the moves
/// can leave new reports beside the old JSON, which the next run (or `autobuild report`) replaces.</summary>
public static class BuildOutput
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Returns the paths written, the JSON first.</summary>
    public static IReadOnlyList<string> Write(AutoBuildResult result, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var stem = Reports.ReportWriter.FileStem(result.Space);
        var path = Path.GetFullPath(Path.Combine(outDir, stem + ".autobuild.json"));
        var (markdown, html) = Reports.ReportWriter.Render(result);
        var (mdPath, htmlPath) = Reports.ReportWriter.Paths(result, outDir);
        // Moved in this order: the reports, then the JSON that commits the set.
        var files = new[] { (mdPath, markdown), (htmlPath, html), (path, ResultJson.Write(result)) };
        var temps = new List<string>();
        try
        {
            foreach (var (target, text) in files)
            {
                // A target the move would fail on is found before anything is replaced.
                if (Directory.Exists(target)) throw new IOException($"'{target}' is a directory");
                var temp = TempPath(target);
                temps.Add(temp);
                File.WriteAllText(temp, text, Utf8);
            }
            for (var i = 0; i < files.Length; i++) File.Move(temps[i], files[i].Item1, overwrite: true);
        }
        finally
        {
            foreach (var temp in temps)
                if (File.Exists(temp)) File.Delete(temp);
        }
        return new[] { path, mdPath, htmlPath };
    }

    private static string TempPath(string target) => target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";

    /// <summary>Writes the candidates as CSV rows ready to be measured and appended to the labels: the labels'
    /// own header (with <see cref="Labels.LabelsReader.PredictedColumn"/> added when it lacks it), each decision column
    /// (or the <c>arch</c> column) filled in, the predicted column holding what this build predicts for the candidate
    /// (its provenance: the next build reads it, docs/labels.md "Candidate rows"), every other column empty for the
    /// measurement. Returns the full path.</summary>
    public static string WriteCandidatesCsv(AutoBuildResult result, string labelsPath, string path)
    {
        string header;
        using (var reader = new StreamReader(labelsPath)) header = (reader.ReadLine() ?? "").TrimStart('\uFEFF');
        // The labels reader's own CSV parser: a quoted header cell may hold a comma ("acc, top1").
        var columns = Labels.CsvTable.Parse(header).Records.FirstOrDefault()?.Fields.Select(f => f.Value.Trim()).ToList() ?? new List<string>();
        if (!columns.Contains(Labels.LabelsReader.PredictedColumn)) columns.Add(Labels.LabelsReader.PredictedColumn);
        var text = new StringBuilder(string.Join(",", columns.Select(Quote))).Append('\n');
        foreach (var c in result.Candidates)
            text.Append(string.Join(",", columns.Select(col =>
                col == "arch" ? Quote(c.Arch) : c.Decisions.TryGetValue(col, out var v) ? Quote(v)
                : col == Labels.LabelsReader.PredictedColumn ? FormatPredicted(c.Predicted) : ""))).Append('\n');
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        WriteAtomically(full, text.ToString());
        return full;
    }

    /// <summary>A <see cref="Labels.LabelsReader.PredictedColumn"/> cell: invariant culture, round-trip precision.</summary>
    public static string FormatPredicted(double predicted) => predicted.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    internal static void WriteAtomically(string path, string text)
    {
        var temp = TempPath(path);
        try
        {
            File.WriteAllText(temp, text, Utf8);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

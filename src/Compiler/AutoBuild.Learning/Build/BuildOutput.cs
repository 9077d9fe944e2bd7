using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AutoBuild.Spec.Results;

namespace AutoBuild.Learning.Build;

/// <summary>Writes <c>DIR/&lt;Space&gt;.autobuild.json</c> atomically (temporary file beside it, then a move), so a
/// failed run never leaves a half-written file, and the reports through the report writer.</summary>
public static class BuildOutput
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Returns the paths written, the JSON first.</summary>
    public static IReadOnlyList<string> Write(AutoBuildResult result, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var stem = Reports.ReportWriter.FileStem(result.Space);
        var path = Path.GetFullPath(Path.Combine(outDir, stem + ".autobuild.json"));
        WriteAtomically(path, ResultJson.Write(result));
        var written = new List<string> { path };
        written.AddRange(Reports.ReportWriter.Write(result, outDir));
        return written;
    }

    /// <summary>Writes the candidates as CSV rows ready to be measured and appended to the labels: the labels'
    /// own header, each decision column (or the <c>arch</c> column) filled in, every other column empty for the
    /// measurement. Returns the full path.</summary>
    public static string WriteCandidatesCsv(AutoBuildResult result, string labelsPath, string path)
    {
        string header;
        using (var reader = new StreamReader(labelsPath)) header = (reader.ReadLine() ?? "").TrimStart('\uFEFF');
        var columns = header.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
        var text = new StringBuilder(string.Join(",", columns.Select(Quote))).Append('\n');
        foreach (var c in result.Candidates)
            text.Append(string.Join(",", columns.Select(col =>
                col == "arch" ? Quote(c.Arch) : c.Decisions.TryGetValue(col, out var v) ? Quote(v) : ""))).Append('\n');
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        WriteAtomically(full, text.ToString());
        return full;
    }

    private static string Quote(string field) =>
        field.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    internal static void WriteAtomically(string path, string text)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
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

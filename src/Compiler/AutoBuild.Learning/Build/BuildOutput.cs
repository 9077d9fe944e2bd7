using System;
using System.Collections.Generic;
using System.IO;
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

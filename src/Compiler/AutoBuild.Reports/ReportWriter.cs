using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using AutoBuild.Spec.Results;
using AutoBuild.Reports.Document;

namespace AutoBuild.Reports;

/// <summary>
/// Writes <c>&lt;Space&gt;.report.md</c> and <c>&lt;Space&gt;.report.html</c> for a build result. Both files are
/// rendered in memory first, written to temporary files beside their targets, and only then moved into place,
/// so a failure never leaves a half-written report. Same result, same bytes (UTF-8 without BOM, LF lines).
/// </summary>
public static class ReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes both reports into <paramref name="outDir"/> (created when missing); returns their paths (Markdown, HTML).</summary>
    public static IReadOnlyList<string> Write(AutoBuildResult result, string outDir)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(outDir);
        var (markdown, html) = Render(result);
        Directory.CreateDirectory(outDir);
        var (mdPath, htmlPath) = Paths(result, outDir);
        var mdTemp = WriteTemp(mdPath, markdown);
        string? htmlTemp = null;
        try
        {
            htmlTemp = WriteTemp(htmlPath, html);
            File.Move(mdTemp, mdPath, overwrite: true);
            File.Move(htmlTemp, htmlPath, overwrite: true);
        }
        finally
        {
            TryDelete(mdTemp);
            if (htmlTemp is not null) TryDelete(htmlTemp);
        }
        return new[] { mdPath, htmlPath };
    }

    /// <summary>The full paths of the two reports of <paramref name="result"/> in <paramref name="outDir"/> (Markdown, HTML).</summary>
    public static (string Markdown, string Html) Paths(AutoBuildResult result, string outDir)
    {
        var name = FileStem(result.Space);
        return (Path.GetFullPath(Path.Combine(outDir, name + ".report.md")), Path.GetFullPath(Path.Combine(outDir, name + ".report.html")));
    }

    /// <summary>Both reports as text (Markdown, HTML), without touching the disk.</summary>
    public static (string Markdown, string Html) Render(AutoBuildResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var doc = ReportBuilder.Build(result);
        return (MarkdownRenderer.Render(doc), HtmlRenderer.Render(doc, ReportBuilder.Footer(result)));
    }

    /// <summary>The file name stem for a space: its name, or "space" when it is empty or not a safe file name.</summary>
    public static string FileStem(string space)
    {
        if (string.IsNullOrWhiteSpace(space) || space is "." or ".." || space.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || space.Contains('/') || space.Contains('\\'))
            return "space";
        return space;
    }

    private static string WriteTemp(string target, string content)
    {
        var temp = target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        File.WriteAllText(temp, content, Utf8);
        return temp;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless; the report itself is complete or untouched.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System;
using System.CommandLine;
using System.IO;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Spec.Results;
using AutoBuild.Reports;

namespace AutoBuild.Cli.Commands;

/// <summary><c>autobuild report &lt;json&gt; [--out DIR]</c>: re-renders the Markdown and HTML reports from a build result.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var json = new Argument<string>("json") { Description = "A <Space>.autobuild.json written by `autobuild build`." };
        var output = new Option<string?>("--out") { Description = "Directory for <Space>.report.md and <Space>.report.html (default: the JSON file's directory)." };
        var command = new Command("report", "Re-render <Space>.report.md and <Space>.report.html from a <Space>.autobuild.json.");
        command.Add(json);
        command.Add(output);
        command.SetAction(pr => Run(pr.GetValue(json)!, pr.GetValue(output), Console.Out, Console.Error));
        return command;
    }

    /// <summary>Reads the result, writes both reports, prints their paths. Bad input: a coded diagnostic and exit 1.</summary>
    public static int Run(string jsonPath, string? outDir, TextWriter stdout, TextWriter stderr)
    {
        var result = Read(jsonPath, stderr);
        if (result is null) return ExitCodes.BadInput;
        var dir = string.IsNullOrEmpty(outDir) ? Path.GetDirectoryName(Path.GetFullPath(jsonPath))! : outDir;
        var (markdown, html) = ReportWriter.Paths(result, dir);
        foreach (var report in new[] { markdown, html })
            if (CsvOutput.InputNamed(report, new[] { jsonPath }) is not null)
            {
                stderr.WriteLine(Diagnostic.Error("AB5903",
                    $"cannot write the reports: '{report}' is the result file being read, and autobuild never overwrites its inputs; choose another --out directory",
                    SourceLocation.File(jsonPath)));
                return ExitCodes.BadInput;
            }
        if (File.Exists(dir))
        {
            stderr.WriteLine(Diagnostic.Error("AB5903", $"cannot write the reports: --out names the file '{dir}'; choose a directory", SourceLocation.File(dir)));
            return ExitCodes.BadInput;
        }
        try
        {
            foreach (var path in ReportWriter.Write(result, dir)) stdout.WriteLine(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(Diagnostic.Error("AB5903", "cannot write the reports: " + Reason(e), SourceLocation.File(dir)));
            return ExitCodes.BadInput;
        }
        return ExitCodes.Success;
    }

    /// <summary>Reads a result file (`report`, `export`); null after printing AB5901 (cannot read) or AB5902 (malformed).</summary>
    public static AutoBuildResult? Read(string jsonPath, TextWriter stderr)
    {
        string text;
        try
        {
            text = File.ReadAllText(jsonPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine(Diagnostic.Error("AB5901", "cannot read the result file: " + (Directory.Exists(jsonPath) ? "it is a directory, not a file" : Reason(e)), SourceLocation.File(jsonPath)));
            return null;
        }
        if (!ResultJson.TryRead(text, out var result, out var error) || result is null)
        {
            stderr.WriteLine(Malformed(jsonPath, error ?? "not a result file"));
            return null;
        }
        return result;
    }

    /// <summary>Syntax errors come as "(line,col): message" and become a located diagnostic; others name a JSON path.</summary>
    private static Diagnostic Malformed(string path, string error)
    {
        var (line, column, message) = ResultJson.ErrorPosition(error);
        return Diagnostic.Error("AB5902", "malformed result file: " + message, line > 0 ? new SourceLocation(path, line, column) : SourceLocation.File(path));
    }

    private static string Reason(Exception e) => e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
}

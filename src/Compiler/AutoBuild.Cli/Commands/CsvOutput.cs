using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec;
using AutoBuild.Runtime;

namespace AutoBuild.Cli.Commands;

/// <summary>What the commands share: loading the spec (`cost`, `sample`, `inspect`), printing diagnostics, and writing a CSV to standard
/// output or, atomically, to a file that is never one of the inputs.</summary>
internal static class CsvOutput
{
    /// <summary>Compiles the spec and prints its diagnostics; null when it has errors.</summary>
    public static SearchSpace? LoadSpace(string specPath, TextWriter error)
    {
        var result = SpecCompiler.CompileFile(specPath);
        Print(result.Diagnostics, error);
        return result.Space;
    }

    public static void Print(IEnumerable<Diagnostic> diagnostics, TextWriter error)
    {
        foreach (var d in diagnostics) error.WriteLine(d.ToString());
    }

    /// <summary>Writes <paramref name="content"/> to standard output when <paramref name="outPath"/> is null, else to
    /// a temporary file beside the target that is then moved over it, so a reader never sees a half-written file.
    /// Refuses (AB2021) when the target is one of <paramref name="inputs"/>. Symbolic links are followed first: a link
    /// to an input is that input, and writing through a link replaces the file it points to, not the link.</summary>
    public static int Write(string content, string? outPath, IReadOnlyList<string> inputs, TextWriter output, TextWriter error)
    {
        if (outPath is null)
        {
            output.Write(content);
            output.Flush();
            return ExitCodes.Success;
        }
        var full = RealPath(outPath);
        if (InputNamed(outPath, inputs) is { } input)
        {
            error.WriteLine(Diagnostic.Error(LabelCodes.OutputIsInput,
                $"--out names the input file '{input}'; autobuild never overwrites its inputs, choose another output path", SourceLocation.File(outPath)));
            return ExitCodes.BadInput;
        }
        var directory = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllText(temp, content, new UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            DeleteQuietly(temp);
            error.WriteLine(Diagnostic.Error(LabelCodes.CannotWrite, $"cannot write the output: {e.Message}", SourceLocation.File(outPath)));
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The input of <paramref name="inputs"/> that <paramref name="outPath"/> would overwrite (the same file once
    /// symbolic links are resolved), or null.</summary>
    public static string? InputNamed(string outPath, IEnumerable<string> inputs)
    {
        var full = RealPath(outPath);
        foreach (var input in inputs)
            if (SamePath(full, RealPath(input))) return input;
        return null;
    }

    private static void DeleteQuietly(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { } // best effort: the diagnostic already says what failed
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The full path with a symbolic link (or a chain of them) at the file itself resolved.</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full; // a link cycle or an unreadable link: compare the path as written
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(a, b, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

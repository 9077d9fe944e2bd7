using System;
using System.Globalization;
using System.Text;

namespace AutoBuild.Spec.Diagnostics;

public enum Severity { Warning, Error }

/// <summary>A position in a source file: 1-based line and column (YAML) or CSV row and column.
/// Line 0 means "the whole file".</summary>
public readonly struct SourceLocation : IEquatable<SourceLocation>
{
    public SourceLocation(string path, int line, int column, int endLine = 0, int endColumn = 0)
    {
        Path = path; Line = line; Column = column; EndLine = endLine; EndColumn = endColumn;
    }

    public string Path { get; }
    public int Line { get; }
    public int Column { get; }
    public int EndLine { get; }
    public int EndColumn { get; }

    public static SourceLocation File(string path) => new(path, 0, 0);

    public bool Equals(SourceLocation other) =>
        string.Equals(Path, other.Path, StringComparison.Ordinal) && Line == other.Line && Column == other.Column
        && EndLine == other.EndLine && EndColumn == other.EndColumn;

    public override bool Equals(object? obj) => obj is SourceLocation l && Equals(l);
    public override int GetHashCode() => ((Path?.GetHashCode() ?? 0) * 397 ^ Line) * 397 ^ Column;
}

/// <summary>A coded diagnostic. Codes: AB1xxx spec, AB2xxx labels CSV, AB3xxx training/predictor quality,
/// AB4xxx construction/constraints, AB5xxx build integration, AB9xxx internal (docs/diagnostics.md).</summary>
public sealed class Diagnostic : IEquatable<Diagnostic>
{
    public Diagnostic(string code, Severity severity, string message, SourceLocation location)
    {
        Code = code; Severity = severity; Message = OneLine(message); Location = location;
    }

    public string Code { get; }
    public Severity Severity { get; }
    public string Message { get; }
    public SourceLocation Location { get; }

    public static Diagnostic Error(string code, string message, SourceLocation location) => new(code, Severity.Error, message, location);
    public static Diagnostic Warning(string code, string message, SourceLocation location) => new(code, Severity.Warning, message, location);

    /// <summary>The canonical MSBuild form <c>path(line,col): error AB1234: message</c>, which MSBuild's
    /// ToolTask turns into a located build error without any parsing of ours.</summary>
    public override string ToString()
    {
        var kind = Severity == Severity.Error ? "error" : "warning";
        var where = Location.Path is null ? "autobuild" : OneLine(Location.Path);
        if (Location.Line > 0)
            where += Location.Column > 0
                ? string.Format(CultureInfo.InvariantCulture, "({0},{1})", Location.Line, Location.Column)
                : string.Format(CultureInfo.InvariantCulture, "({0})", Location.Line);
        return $"{where}: {kind} {Code}: {Message}";
    }

    /// <summary>The text with line breaks, NULs and other control characters written as escapes (<c>\n</c>,
    /// <c>\0</c>, <c>\u001b</c>), so user text copied into a message (a key, a cell, a file name) can never split
    /// the one-line <c>path(line,col): error</c> form or hide part of it from a terminal.</summary>
    public static string OneLine(string text)
    {
        var clean = true;
        foreach (var c in text)
            if (char.IsControl(c)) { clean = false; break; }
        if (clean) return text;
        var b = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\0': b.Append("\\0"); break;
                default:
                    if (char.IsControl(c)) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        return b.ToString();
    }

    public bool Equals(Diagnostic? other) =>
        other is not null && Code == other.Code && Severity == other.Severity && Message == other.Message && Location.Equals(other.Location);

    public override bool Equals(object? obj) => obj is Diagnostic d && Equals(d);
    public override int GetHashCode() => (Code.GetHashCode() * 397) ^ Location.GetHashCode();
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.CommandLine.Parsing;

namespace AutoBuild.Cli;

/// <summary>
/// Expands <c>@file</c> arguments: one argument per line, taken verbatim (UTF-8, BOM tolerated), so paths
/// with spaces or quotes need no quoting. The MSBuild task passes its arguments this way. System.CommandLine's
/// own expansion splits lines at spaces, which would break such paths.
/// </summary>
internal static class ResponseFiles
{
    /// <summary>Response files one command line may expand, nested ones included. The parser expands an <c>@file</c>
    /// line inside a response file too, so a file that names itself (or a cycle of them) would never end.</summary>
    public const int MaxFiles = 100;

    /// <summary>The replacer for one command line: <see cref="TryExpand"/> for at most <see cref="MaxFiles"/> files,
    /// then AB5020.</summary>
    public static TryReplaceToken ForOneCommandLine()
    {
        var expanded = 0;
        return (string path, out IReadOnlyList<string>? arguments, out string? error) =>
        {
            if (++expanded > MaxFiles)
            {
                arguments = null;
                error = $"{path}: error AB5020: more than {MaxFiles} response files in one command line; a response file that names itself, or a cycle of them, never ends";
                return false;
            }
            return TryExpand(path, out arguments, out error);
        };
    }

    public static bool TryExpand(string path, out IReadOnlyList<string>? arguments, out string? error)
    {
        arguments = null;
        error = null;
        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            error = $"{path}: error AB5020: cannot read response file: {e.Message}";
            return false;
        }
        var lines = new List<string>();
        foreach (var line in text.TrimStart('\uFEFF').Split('\n'))
        {
            var argument = line.EndsWith("\r", StringComparison.Ordinal) ? line.Substring(0, line.Length - 1) : line;
            if (argument.Length > 0) lines.Add(argument);
        }
        arguments = lines;
        return true;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace AutoBuild.Cli;

/// <summary>
/// Expands <c>@file</c> arguments: one argument per line, taken verbatim (UTF-8, BOM tolerated), so paths
/// with spaces or quotes need no quoting. The MSBuild task passes its arguments this way. System.CommandLine's
/// own expansion splits lines at spaces, which would break such paths.
/// </summary>
internal static class ResponseFiles
{
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

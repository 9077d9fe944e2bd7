using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Cli.Commands;

/// <summary>The loop's one file a person writes into: <c>--candidates-out next.csv</c> is measured in place (docs/labels.md,
/// "Candidate rows"), so a rebuild that wrote over it before its rows were appended to the labels would throw the
/// measurements away (session 17 audit: exit 0, the filled-in rows silently replaced by empty ones; with the MSBuild item's
/// <c>ToolArguments="--candidates-out;next.csv"</c> any retraining did it). A candidates file that holds a measured target
/// the labels do not have is refused (AB2021), before the training.</summary>
internal static class MeasuredCandidates
{
    /// <summary>The first row of the existing <paramref name="candidatesOut"/> whose target cell is filled in while the
    /// labels hold no row with the same cells (numbers compared to 6 significant digits, so a spreadsheet's rewrite of
    /// the predicted column still matches), as AB2021 at that cell; null when there is none, when the file does not
    /// exist, or when either file cannot be read or parsed (the build itself reports the labels' problems).</summary>
    internal static Diagnostic? Unappended(string? candidatesOut, string labelsPath, string target)
    {
        if (candidatesOut is null || !File.Exists(candidatesOut) || !File.Exists(labelsPath)) return null;
        if (!TargetExpression.TryParse(target, out var expression, out _, out _) || expression is null) return null;
        CsvTable candidates, labels;
        try
        {
            candidates = CsvTable.Parse(File.ReadAllText(candidatesOut));
            labels = CsvTable.Parse(File.ReadAllText(labelsPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            return null;
        }
        if (candidates.Records.Count < 2 || labels.Records.Count == 0 || candidates.Errors.Count > 0 || labels.Errors.Count > 0) return null;

        var header = Names(candidates.Records[0]);
        var targetColumns = expression.Columns.Select(c => header.IndexOf(c)).Where(i => i >= 0).Distinct().ToArray();
        if (targetColumns.Length == 0) return null;
        var labelHeader = Names(labels.Records[0]);
        var shared = header.Select((name, i) => (i, j: labelHeader.IndexOf(name))).Where(p => p.j >= 0).ToArray();
        var appended = new HashSet<string>(labels.Records.Skip(1).Select(r => Key(r, shared.Select(p => p.j))), StringComparer.Ordinal);

        foreach (var record in candidates.Records.Skip(1))
        {
            var filled = targetColumns.Where(i => i < record.Fields.Count && record.Fields[i].Value.Trim().Length > 0).ToArray();
            if (filled.Length == 0 || appended.Contains(Key(record, shared.Select(p => p.i)))) continue;
            var field = record.Fields[filled[0]];
            return Diagnostic.Error(LabelCodes.OutputIsInput,
                $"--candidates-out names '{candidatesOut}', whose row at line {record.Line} holds a measured {header[filled[0]]} ({field.Value.Trim()}) " +
                "that the labels do not have; the build would overwrite it: append the measured rows to the labels first (docs/labels.md, " +
                "\"Candidate rows\"), or write the candidates to another file",
                new SourceLocation(candidatesOut, field.Line, field.Column));
        }
        return null;
    }

    private static List<string> Names(CsvRecord header) => header.Fields.Select(f => f.Value.Trim()).ToList();

    private static string Key(CsvRecord record, IEnumerable<int> columns) =>
        string.Join("\u001f", columns.Select(i => i < record.Fields.Count ? Normal(record.Fields[i].Value.Trim()) : ""));

    private static string Normal(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v.ToString("G6", CultureInfo.InvariantCulture) : cell;
}

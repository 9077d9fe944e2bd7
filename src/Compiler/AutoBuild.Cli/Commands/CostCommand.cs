using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Labels;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Cost;

namespace AutoBuild.Cli.Commands;

/// <summary><c>autobuild cost &lt;spec&gt; --labels &lt;csv&gt; [--out &lt;csv&gt;] [--replace]</c>: the labels CSV with a
/// <c>params</c> and a <c>flops</c> column for every row (docs/cli.md).</summary>
internal static class CostCommand
{
    public const string ParamsColumn = "params";
    public const string FlopsColumn = "flops";

    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The search-space spec (YAML)." };
        var labels = new Option<string>("--labels") { Description = "The labels CSV: decision columns or an 'arch' column, plus metrics.", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the CSV here (atomically) instead of to standard output. Never the input file." };
        var replace = new Option<bool>("--replace")
        {
            Description = "Overwrite the values of existing 'params'/'flops' columns. Without it, existing columns are kept and the computed ones are added as 'params_autobuild'/'flops_autobuild'.",
        };
        var command = new Command("cost", "Append the parameter count ('params') and multiply-accumulates per image ('flops') of every row's architecture to a labels CSV.")
        {
            spec, labels, output, replace,
        };
        command.SetAction(pr => Run(pr.GetValue(spec)!, pr.GetValue(labels)!, pr.GetValue(output), pr.GetValue(replace),
            pr.InvocationConfiguration.Output, pr.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string specPath, string labelsPath, string? outPath, bool replace, TextWriter output, TextWriter error)
    {
        var space = CsvOutput.LoadSpace(specPath, error);
        if (space is null) return ExitCodes.BadInput;
        var read = LabelsReader.ReadFile(space, labelsPath);
        CsvOutput.Print(read.Diagnostics, error);
        if (read.Labels is not { } labels) return ExitCodes.BadInput;

        // Cost of each distinct architecture once; duplicates share it.
        var cost = new (long Params, long Flops)[labels.Architectures.Count];
        var failed = false;
        for (var a = 0; a < cost.Length; a++)
        {
            try
            {
                var plan = space.Instantiate(labels.Architectures[a]); // once for both numbers
                cost[a] = (CostModel.Params(plan), CostModel.Flops(plan));
            }
            catch (InvalidOperationException e)
            {
                failed = true;
                error.WriteLine(Diagnostic.Error(LabelCodes.CostFailed,
                    $"the cost of {labels.Architectures[a]} cannot be computed: {e.Message}", new SourceLocation(labelsPath, labels.RowsOfArchitecture[a][0], 1)));
            }
        }
        if (failed) return ExitCodes.BadInput;

        var header = new List<string>(labels.Header);
        var paramsAt = Column(header, ParamsColumn, replace, labelsPath, labels, error);
        var flopsAt = Column(header, FlopsColumn, replace, labelsPath, labels, error);
        var newline = UsesCrLf(labelsPath) ? "\r\n" : "\n";
        var sb = new StringBuilder();
        sb.Append(CsvTable.FormatRecord(header)).Append(newline);
        var fields = new string[header.Count];
        for (var r = 0; r < labels.Rows.Count; r++)
        {
            var row = labels.Rows[r].Fields;
            for (var c = 0; c < fields.Length; c++) fields[c] = c < row.Count ? row[c].Value : "";
            var (p, f) = cost[labels.RowArchitecture[r]];
            fields[paramsAt] = p.ToString(CultureInfo.InvariantCulture);
            fields[flopsAt] = f.ToString(CultureInfo.InvariantCulture);
            sb.Append(CsvTable.FormatRecord(fields)).Append(newline);
        }
        return CsvOutput.Write(sb.ToString(), outPath, new[] { labelsPath, specPath }, output, error);
    }

    /// <summary>The index of the column to write <paramref name="name"/> into: the existing one with --replace, else a
    /// new column at the end, renamed (name_autobuild, name_autobuild_2, ...) when the name is taken.</summary>
    private static int Column(List<string> header, string name, bool replace, string path, LabelSet labels, TextWriter error)
    {
        var existing = header.IndexOf(name);
        if (existing >= 0 && replace) return existing;
        var chosen = name;
        if (existing >= 0)
        {
            chosen = name + "_autobuild";
            for (var i = 2; header.Contains(chosen); i++) chosen = name + "_autobuild_" + i.ToString(CultureInfo.InvariantCulture);
            var at = existing < labels.HeaderRecord.Fields.Count ? labels.HeaderRecord.Fields[existing].Column : 1;
            error.WriteLine(Diagnostic.Warning(LabelCodes.CostColumnRenamed,
                $"the labels already have a '{name}' column, which is kept; the computed values are written to '{chosen}' (use --replace to overwrite '{name}')",
                new SourceLocation(path, 1, at)));
        }
        header.Add(chosen);
        return header.Count - 1;
    }

    private static bool UsesCrLf(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        var n = stream.Read(buffer, 0, buffer.Length);
        for (var i = 0; i < n; i++)
            if (buffer[i] == '\n') return i > 0 && buffer[i - 1] == '\r';
        return false;
    }
}

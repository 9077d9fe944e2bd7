using System.CommandLine;
using System.Globalization;
using System.IO;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec;

namespace AutoBuild.Cli.Commands;

/// <summary>`autobuild validate &lt;spec&gt; [--labels &lt;csv&gt;]`: diagnostics on standard error, a one-line summary on
/// standard output; exit 0 without errors, 1 with.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The search-space spec (.space.yaml)." };
        var labels = new Option<string?>("--labels") { Description = "Also check this labels CSV against the space (decision columns or an 'arch' column)." };
        var command = new Command("validate", "Check a search-space spec, and optionally a labels CSV; print every problem as a coded diagnostic. " +
                                              "Exit code 0 when there is no error, 1 otherwise.")
        {
            spec,
            labels,
        };
        command.SetAction(pr => Run(pr.GetValue(spec)!, pr.GetValue(labels), pr.InvocationConfiguration.Output, pr.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string specPath, string? labelsPath, TextWriter output, TextWriter error)
    {
        var result = SpecCompiler.CompileFile(specPath);
        foreach (var d in result.Diagnostics) error.WriteLine(d.ToString());
        if (result.HasErrors)
        {
            output.WriteLine($"{specPath}: {Count(result.Diagnostics, Severity.Error)} error(s)");
            return ExitCodes.BadInput;
        }
        var space = result.Space!;
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: ok: space {1}, {2} decisions, {3} architectures",
            specPath, space.Name, space.Decisions.Count, (space.HasStructuralConstraints ? "at most " : "") + space.Size.ToString("N0", CultureInfo.InvariantCulture)));
        if (labelsPath is null) return ExitCodes.Success;

        var labels = LabelsReader.ReadFile(space, labelsPath);
        foreach (var d in labels.Diagnostics) error.WriteLine(d.ToString());
        if (labels.HasErrors)
        {
            output.WriteLine($"{labelsPath}: {Count(labels.Diagnostics, Severity.Error)} error(s)");
            return ExitCodes.BadInput;
        }
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: ok: {1} rows, {2} distinct architectures, metrics: {3}",
            labelsPath, labels.Labels!.Rows.Count, labels.Labels.Architectures.Count, string.Join(", ", labels.Labels.MetricColumns)));
        return ExitCodes.Success;
    }

    private static int Count(System.Collections.Generic.IEnumerable<Diagnostic> diagnostics, Severity severity)
    {
        var n = 0;
        foreach (var d in diagnostics)
            if (d.Severity == severity) n++;
        return n;
    }
}

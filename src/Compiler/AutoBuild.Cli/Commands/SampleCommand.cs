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

/// <summary><c>autobuild sample &lt;spec&gt; -n &lt;N&gt; [--seed S] [--depths proportional|uniform] [--max-params X] [--max-flops X] [--out &lt;csv&gt;]</c>:
/// N distinct random architectures (uniform over the space, or each depth uniform) as a labels CSV to fill in (docs/cli.md).</summary>
internal static class SampleCommand
{
    /// <summary>The most architectures one call draws: they are all held (and checked for duplicates) in memory, so
    /// -n 2000000000 ran out of memory instead of failing.</summary>
    public const int MaxCount = 1_000_000;

    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The search-space spec (YAML)." };
        var count = new Option<int>("-n", "--count") { Description = "How many distinct architectures to draw.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same architectures on every machine.", DefaultValueFactory = _ => 0 };
        var maxParams = new Option<double?>("--max-params") { Description = "Draw only architectures with at most this many parameters." };
        var maxFlops = new Option<double?>("--max-flops") { Description = "Draw only architectures with at most this many multiply-accumulates per image." };
        var depths = new Option<string>("--depths")
        {
            Description = "How depths are drawn: 'proportional' (default; every architecture equally likely, so the deepest depth dominates) or 'uniform' (each stage's depth uniform, then its layers, as OFA samples).",
            DefaultValueFactory = _ => "proportional",
        };
        depths.AcceptOnlyFromAmong("proportional", "uniform");
        var output = new Option<string?>("--out") { Description = "Write the CSV here (atomically) instead of to standard output." };
        var command = new Command("sample", "Print N distinct random architectures of a space (uniform over the space, or with --depths uniform each depth equally often) as a CSV with an 'arch' column and one column per decision, ready for label collection.")
        {
            spec, count, seed, depths, maxParams, maxFlops, output,
        };
        command.SetAction(pr => Run(pr.GetValue(spec)!, pr.GetValue(count), pr.GetValue(seed), pr.GetValue(maxParams), pr.GetValue(maxFlops),
            pr.GetValue(output), pr.InvocationConfiguration.Output, pr.InvocationConfiguration.Error,
            pr.GetValue(depths) == "uniform" ? DepthSampling.Uniform : DepthSampling.Proportional));
        return command;
    }

    public static int Run(string specPath, int count, int seed, double? maxParams, double? maxFlops, string? outPath, TextWriter output, TextWriter error,
        DepthSampling depths = DepthSampling.Proportional)
    {
        var space = CsvOutput.LoadSpace(specPath, error);
        if (space is null) return ExitCodes.BadInput;
        if (count < 1 || count > MaxCount)
        {
            error.WriteLine(Diagnostic.Error(LabelCodes.TooFewArchitectures,
                count < 1 ? $"-n must be at least 1 (got {count})" : $"-n must be at most {MaxCount:N0} (got {count:N0}); draw in several calls with different seeds",
                SourceLocation.File(specPath)));
            return ExitCodes.BadInput;
        }
        if (space.Size < count)
        {
            error.WriteLine(Diagnostic.Error(LabelCodes.TooFewArchitectures,
                $"cannot draw {count} distinct architectures: the space has only {space.Size.ToString(CultureInfo.InvariantCulture)}", SourceLocation.File(specPath)));
            return ExitCodes.BadInput;
        }
        // The spec's own constraints apply too; the command-line budgets can only tighten them.
        maxParams = Tighter(maxParams, space.Constraints.MaxParams);
        maxFlops = Tighter(maxFlops, space.Constraints.MaxFlops);
        // Only buildable architectures are worth evaluating: with a network template, an architecture that cannot be
        // instantiated (a NAS-Bench-101 graph with no input-output path or too many edges) is rejected like one
        // over budget.
        Func<Architecture, bool>? filter = null;
        if (space.Network is not null || maxParams is not null || maxFlops is not null)
            filter = a => Buildable(space, a, maxParams, maxFlops);

        IReadOnlyList<Architecture> drawn;
        try
        {
            drawn = space.SampleDistinct(count, new Random(seed), filter, depths);
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(Diagnostic.Error(LabelCodes.TooFewArchitectures,
                $"cannot draw {count} distinct architectures that can be built within the budget (--max-params/--max-flops and the spec's constraints): {e.Message}; loosen the budget or ask for fewer",
                SourceLocation.File(specPath)));
            return ExitCodes.BadInput;
        }

        var header = new List<string> { LabelsReader.ArchColumn };
        foreach (var d in space.Decisions) header.Add(d.Name);
        var sb = new StringBuilder();
        sb.Append(CsvTable.FormatRecord(header)).Append('\n');
        var fields = new string[header.Count];
        foreach (var a in drawn)
        {
            fields[0] = a.ToString();
            for (var d = 0; d < space.Decisions.Count; d++) fields[d + 1] = a[d] < 0 ? "" : space.Decisions[d].Values[a[d]];
            sb.Append(CsvTable.FormatRecord(fields)).Append('\n');
        }
        return CsvOutput.Write(sb.ToString(), outPath, new[] { specPath }, output, error);
    }

    private static double? Tighter(double? a, long? b) => b is null ? a : a is null ? b : Math.Min(a.Value, b.Value);

    /// <summary>Whether the architecture can be built and is within the budgets (one instantiation).</summary>
    private static bool Buildable(SearchSpace space, Architecture a, double? maxParams, double? maxFlops)
    {
        try
        {
            var plan = space.Instantiate(a);
            return (maxParams is null || CostModel.Params(plan) <= maxParams) && (maxFlops is null || CostModel.Flops(plan) <= maxFlops);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoBuild.Spec;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Cost;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Cli.Commands;

/// <summary>The text `autobuild inspect` prints. Deterministic: invariant culture, declaration order.</summary>
internal static class SpaceDescription
{
    /// <summary>Spaces up to this size get their exact params/FLOPs range by enumeration...</summary>
    private const int ExactRangeLimit = 100_000;
    /// <summary>...unless that means instantiating more plan nodes than this (NAS-Bench-201 with 1,000 cells per
    /// stack took a minute); NAS-Bench-201 itself needs about 6 million.</summary>
    private const long ExactRangeNodeBudget = 20_000_000;
    private const int SkeletonDepth = 2;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(SearchSpace space, TextWriter o)
    {
        var network = space.Network!;
        o.WriteLine($"space {space.Name}{(space.Namespace is null ? "" : " in namespace " + space.Namespace)} ({space.Kind.ToString().ToLowerInvariant()})");
        var size = network.Resolution.IsChoice
            ? $"{string.Join("/", network.Resolution.Options)} (decision {space.Decisions[network.Resolution.Decision].Name})"
            : network.Resolution.Constant.ToString(Inv);
        o.WriteLine(network.IsSequenceNetwork
            ? string.Format(Inv, "input {0} tokens, vocabulary {1}; FLOPs are multiply-accumulates per token", network.SequenceLength, network.Vocabulary)
            : string.Format(Inv, "input {0} channels, size {1}; {2} classes; width multiplier {3}", network.InputChannels, size, network.Classes, network.WidthMultiplier));
        o.WriteLine($"size: {(space.HasStructuralConstraints ? "at most " : "")}{space.Size.ToString("N0", Inv)} architectures{(space.Size > 1_000_000 ? " (" + space.Size.ToString("E2", Inv) + ")" : "")}");
        if (space.HasStructuralConstraints)
            o.WriteLine("  (every assignment of the decisions; those whose DAG has no input->output path or more than max_edges edges after pruning are not architectures)");
        if (space.Constraints.MaxParams is not null || space.Constraints.MaxFlops is not null)
            o.WriteLine($"constraints: max params {Count(space.Constraints.MaxParams)}, max FLOPs {Count(space.Constraints.MaxFlops)}");
        o.WriteLine();

        o.WriteLine($"decisions ({space.Decisions.Count}):");
        if (space.Decisions.Count > 0)
        {
            var rows = new List<string[]> { new[] { "name", "kind", "role", "site", "values", "active" } };
            for (var d = 0; d < space.Decisions.Count; d++)
            {
                var decision = space.Decisions[d];
                rows.Add(new[]
                {
                    decision.Name, decision.Kind.ToString().ToLowerInvariant(), decision.Role.ToString().ToLowerInvariant(), Site(decision.Site),
                    string.Join(", ", decision.Values), decision.ActiveWhen is null ? "always" : space.DescribeCondition(d).Replace("active when ", "when "),
                });
            }
            WriteTable(o, rows);
        }
        o.WriteLine();

        WriteCostRange(space, o);
        o.WriteLine();

        var largest = Representatives.Valid(space, last: true);
        var plan = space.Instantiate(largest);
        o.WriteLine(space.Decisions.Count == 0 ? "skeleton:" : $"skeleton of {space.Format(largest)} (every decision at its last value{(space.Kind == SpaceKind.Dag ? ", or a chain of vertices" : "")}):");
        var lines = new List<string[]> { new[] { "layer", "output", "params", "flops" } };
        lines.Add(new[] { "input", plan.Input.ToString(), "", "" });
        if (plan.Root is SequenceNode root)
            foreach (var child in root.Children) Skeleton(child, 0, plan.CountBiasFlops, lines);
        else Skeleton(plan.Root, 0, plan.CountBiasFlops, lines);
        lines.Add(new[] { "total", "", CostModel.Params(plan).ToString("N0", Inv), CostModel.Flops(plan).ToString("N0", Inv) });
        WriteTable(o, lines);
    }

    private static void WriteCostRange(SearchSpace space, TextWriter o)
    {
        var largest = space.Instantiate(Representatives.Valid(space, last: true));
        if (space.Size <= ExactRangeLimit && space.Size * NodeCount(largest.Root) <= ExactRangeNodeBudget)
        {
            long minP = long.MaxValue, maxP = long.MinValue, minF = long.MaxValue, maxF = long.MinValue;
            foreach (var a in space.Enumerate())
            {
                Plan plan;
                try
                {
                    plan = space.Instantiate(a);
                }
                catch (InvalidArchitectureException)
                {
                    continue;
                }
                var p = CostModel.Params(plan);
                var f = CostModel.Flops(plan);
                minP = Math.Min(minP, p); maxP = Math.Max(maxP, p); minF = Math.Min(minF, f); maxF = Math.Max(maxF, f);
            }
            o.WriteLine($"params: {Millions(minP)} .. {Millions(maxP)} (exact, over all architectures)");
            o.WriteLine($"FLOPs:  {Millions(minF)} .. {Millions(maxF)}");
            return;
        }
        var first = space.Instantiate(Representatives.Valid(space, last: false));
        var last = space.Instantiate(Representatives.Valid(space, last: true));
        o.WriteLine($"params: {Millions(CostModel.Params(first))} (every decision at its first value{(space.Kind == SpaceKind.Dag ? "; chains for DAGs" : "")}) .. {Millions(CostModel.Params(last))} (at its last value)");
        o.WriteLine($"FLOPs:  {Millions(CostModel.Flops(first))} .. {Millions(CostModel.Flops(last))}");
    }

    /// <summary>The number of nodes in a plan (what instantiating it costs).</summary>
    private static long NodeCount(PlanNode node) => 1 + node switch
    {
        SequenceNode s => s.Children.Sum(NodeCount),
        ResidualNode r => NodeCount(r.Body) + (r.Shortcut is null ? 0 : NodeCount(r.Shortcut)),
        CellNode c => c.Edges.Sum(e => NodeCount(e.Op)),
        DagCellNode d => Enumerable.Range(0, d.VertexCount).Sum(v => (d.VertexOps[v] is { } op ? NodeCount(op) : 0) + (d.Projections[v] is { } p ? NodeCount(p) : 0)),
        EncoderDecoderNode ed => NodeCount(ed.Encoder) + NodeCount(ed.Decoder),
        _ => 0,
    };

    private static void Skeleton(PlanNode node, int depth, bool countBias, List<string[]> lines)
    {
        lines.Add(new[]
        {
            new string(' ', 2 * depth) + node.Description, node.Output.ToString(),
            CostModel.Params(node).ToString("N0", Inv), CostModel.Flops(node, countBias).ToString("N0", Inv),
        });
        if (depth + 1 >= SkeletonDepth) return;
        if (node is EncoderDecoderNode ed)
        {
            Skeleton(ed.Encoder, depth + 1, countBias, lines);
            Skeleton(ed.Decoder, depth + 1, countBias, lines);
        }
        if (node is not SequenceNode s) return;
        foreach (var child in s.Children) Skeleton(child, depth + 1, countBias, lines);
    }

    private static string Site(DecisionSite site)
    {
        if (site.From is { } from && site.To is { } to) return string.Format(Inv, "edge {0}->{1}", from, to);
        if (site.Node is { } n) return string.Format(Inv, "node {0}", n);
        if (site.Stage is { } stage) return site.Layer is { } l ? string.Format(Inv, "{0} layer {1}", stage, l + 1) : stage;
        return "";
    }

    private static string Count(long? value) => value is { } v ? v.ToString("N0", Inv) : "none";

    private static string Millions(long value) => (value / 1e6).ToString("0.######", Inv) + " M";

    private static void WriteTable(TextWriter o, List<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        foreach (var row in rows)
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            o.WriteLine(("  " + string.Join("  ", cells)).TrimEnd());
        }
    }
}

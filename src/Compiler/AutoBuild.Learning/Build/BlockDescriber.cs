using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Learning.Build;

/// <summary>The constructed network block by block, for drawing: the top-level parts of its layer plan, with the
/// layers of each searchable stage as separate blocks labelled from their decisions ("MB6 k5 SE").</summary>
internal static class BlockDescriber
{
    public static List<BlockInfo> Describe(SearchSpace space, Architecture architecture, IReadOnlyDictionary<string, double> stageScores)
    {
        var blocks = new List<BlockInfo>();
        var plan = space.Instantiate(architecture);
        var parts = plan.Root is SequenceNode root ? root.Children : new[] { plan.Root };
        var stageNames = new HashSet<string>(space.Decisions.Where(d => d.Site.Stage != null).Select(d => d.Site.Stage!));
        var seenStage = false;
        foreach (var part in parts)
        {
            if (part is SequenceNode stage && stageNames.Contains(stage.Name))
            {
                seenStage = true;
                stageScores.TryGetValue(stage.Name, out var score);
                for (var l = 0; l < stage.Children.Count; l++)
                    blocks.Add(new BlockInfo
                    {
                        Index = blocks.Count, Stage = stage.Name, Layer = l + 1,
                        Label = LayerLabel(space, architecture, stage.Name, l) ?? Kind(stage.Children[l]),
                        OutShape = stage.Children[l].Output.ToString(),
                        Score = stageScores.ContainsKey(stage.Name) ? score : null,
                    });
                continue;
            }
            blocks.Add(new BlockInfo
            {
                Index = blocks.Count,
                Stage = ContainsCell(part) ? "cell" : seenStage ? "head" : "stem",
                Layer = 0,
                Label = Kind(part),
                OutShape = part.Output.ToString(),
            });
        }
        return blocks;
    }

    /// <summary>"MB6 k5", "MB3 k3 SE", or the op; null when no decision sits at that layer.</summary>
    private static string? LayerLabel(SearchSpace space, Architecture a, string stage, int layer)
    {
        var parts = new List<string>();
        string? expand = null, kernel = null;
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            var decision = space.Decisions[d];
            if (decision.Site.Stage != stage || decision.Site.Layer != layer || a[d] < 0) continue;
            var v = decision.Values[a[d]];
            switch (decision.Role)
            {
                case DecisionRole.Expand: expand = "MB" + v; break;
                case DecisionRole.Kernel: kernel = "k" + v; break;
                case DecisionRole.SqueezeExcite: if (v == "true") parts.Add("SE"); break;
                case DecisionRole.Width: parts.Add("w" + v); break;
                default: parts.Add(v); break;
            }
        }
        if (kernel != null) parts.Insert(0, kernel);
        if (expand != null) parts.Insert(0, expand);
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    private static bool ContainsCell(PlanNode node) => node switch
    {
        CellNode => true,
        SequenceNode s => s.Children.Any(ContainsCell),
        _ => false,
    };

    private static string Kind(PlanNode node) => node switch
    {
        Conv2dNode c => string.Format(CultureInfo.InvariantCulture, "conv{0}x{0}", c.Kernel),
        CellNode => "cell",
        SequenceNode s when s.Children.Count > 0 && s.Children.All(c => c is CellNode) => string.Format(CultureInfo.InvariantCulture, "cell x{0}", s.Children.Count),
        SequenceNode s when s.Children.FirstOrDefault(c => c is Conv2dNode) is Conv2dNode c => string.Format(CultureInfo.InvariantCulture, "conv{0}x{0}", c.Kernel),
        SequenceNode s when s.Children.Count > 0 => Kind(s.Children[0]),
        ResidualNode => "residual",
        GlobalPoolNode => "global_pool",
        LinearNode => "linear",
        BatchNormNode => "bn",
        ActivationNode a => a.Kind.ToString().ToLowerInvariant(),
        PoolNode p => p.Kind == PoolKind.Max ? "maxpool" : "avgpool",
        SqueezeExciteNode => "se",
        DropoutNode => "dropout",
        IdentityNode => "identity",
        AutoBuild.Runtime.Ops.OpNode op => op.OpName,
        _ => node.GetType().Name.Replace("Node", "").ToLowerInvariant(),
    };
}

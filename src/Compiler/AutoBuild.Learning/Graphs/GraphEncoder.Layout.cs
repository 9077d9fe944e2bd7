using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Graphs;

// Which of the three layouts a space gets (see GraphEncoder.cs), and why a space may have none: shared by the
// encoder and by builds, which check WhyNoEncoding before any work.
public sealed partial class GraphEncoder
{
    private enum Layout { Macro, Cell, Dag }

    /// <summary>Why the space has no graph encoding (a macro space without any decision at a stage layer), or null.</summary>
    public static string? WhyNoEncoding(SearchSpace space) => LayoutOf(space.Decisions) != Layout.Macro || space.Decisions.Any(IsLayerDecision) ? null
        : $"search space '{space.Name}' has no decisions sited at a stage layer, so the predictor has no graph to learn from";

    /// <summary>Cells have edge decisions, DAGs node-op decisions; anything else is a macro chain.</summary>
    private static Layout LayoutOf(IReadOnlyList<Decision> decisions) =>
        decisions.Any(d => d.Role == DecisionRole.Edge && d.Site.From != null && d.Site.To != null) ? Layout.Cell
            : decisions.Any(d => d.Role == DecisionRole.NodeOp && d.Site.Node != null) ? Layout.Dag
            : Layout.Macro;

    /// <summary>A macro decision that becomes part of a layer node (depth choices are stage-level instead).</summary>
    private static bool IsLayerDecision(Decision d) => d.Site.StageIndex != null && d.Site.Layer != null && d.Role != DecisionRole.Depth;
}

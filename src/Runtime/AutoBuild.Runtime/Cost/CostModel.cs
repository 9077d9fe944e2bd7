using System;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Cost;

/// <summary>Analytic cost of a plan. Params: every weight, BN affine included. FLOPs: multiply-accumulates of
/// convolutions and linear layers per image (for sequence networks per token: the transformer ops count one forward of
/// L tokens divided by L, attention's two L×L products included) (squeeze-and-excitation convs included); pooling, BN and activations
/// are not counted; bias additions only when <see cref="Plan.CountBiasFlops"/> (the NAS-Bench-201 convention).
/// Each plan node counts itself (<see cref="PlanNode.Params"/>, <see cref="PlanNode.Flops"/>: an op's rule lives in
/// its file under Ops/, a structure's sums its parts). Arithmetic is checked: a count beyond <see cref="long.MaxValue"/>
/// throws <see cref="OverflowException"/> instead of wrapping to a negative number (a stack of million-channel convs did).</summary>
public static class CostModel
{
    public static long Params(Plan plan) => plan.Root.Params;

    public static long Flops(Plan plan) => plan.Root.Flops(plan.CountBiasFlops);

    public static long Params(PlanNode node) => node.Params;

    public static long Flops(PlanNode node, bool countBias = false) => node.Flops(countBias);
}

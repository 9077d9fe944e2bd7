using System;
using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Cost;

/// <summary>Analytic cost of a plan. Params: every weight, BN affine included. FLOPs: multiply-accumulates of
/// convolutions and linear layers per image (for sequence networks per token: the transformer ops count one forward of
/// L tokens divided by L, attention's two L×L products included) (squeeze-and-excitation convs included); pooling, BN and activations
/// are not counted; a registered op (Ops/) counts itself; bias additions only when <see cref="Plan.CountBiasFlops"/> (the NAS-Bench-201 convention).
/// Arithmetic is checked: a count beyond <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> instead of
/// wrapping to a negative number (a stack of million-channel convs did).</summary>
public static class CostModel
{
    public static long Params(Plan plan) => Params(plan.Root);

    public static long Flops(Plan plan) => Flops(plan.Root, plan.CountBiasFlops);

    public static long Params(PlanNode node)
    {
        checked
        {
            switch (node)
            {
                case Conv2dNode c:
                    return (long)c.InChannels / c.Groups * c.OutChannels * c.Kernel * c.Kernel + (c.Bias ? c.OutChannels : 0);
                case BatchNormNode bn:
                    return bn.Affine ? 2L * bn.Channels : 0;
                case LinearNode l:
                    return (long)l.InFeatures * l.OutFeatures + (l.Bias ? l.OutFeatures : 0);
                case SqueezeExciteNode se:
                    return 2L * se.Channels * se.Reduced + se.Reduced + se.Channels;
                case SequenceNode s:
                {
                    long sum = 0;
                    foreach (var child in s.Children) sum += Params(child);
                    return sum;
                }
                case ResidualNode r:
                    return Params(r.Body) + (r.Shortcut is null ? 0 : Params(r.Shortcut));
                case CellNode cell:
                {
                    long sum = 0;
                    foreach (var e in cell.Edges) sum += Params(e.Op);
                    return sum;
                }
                case DagCellNode dag:
                {
                    long sum = 0;
                    for (var v = 0; v < dag.VertexCount; v++)
                        sum += (dag.VertexOps[v] is { } op ? Params(op) : 0) + (dag.Projections[v] is { } p ? Params(p) : 0);
                    return sum;
                }
                case EncoderDecoderNode ed:
                    return Params(ed.Encoder) + Params(ed.Decoder);
                case OpNode op:
                    return op.Params;
                default:
                    return 0;
            }
        }
    }

    public static long Flops(PlanNode node, bool countBias = false)
    {
        checked
        {
            switch (node)
            {
                case Conv2dNode c:
                {
                    long positions = (long)c.Output.Height * c.Output.Width;
                    return positions * ((long)c.InChannels / c.Groups * c.OutChannels * c.Kernel * c.Kernel + (countBias && c.Bias ? c.OutChannels : 0));
                }
                case LinearNode l:
                    return (long)l.InFeatures * l.OutFeatures + (countBias && l.Bias ? l.OutFeatures : 0);
                case SqueezeExciteNode se:
                    return 2L * se.Channels * se.Reduced + (countBias ? se.Reduced + se.Channels : 0);
                case SequenceNode s:
                {
                    long sum = 0;
                    foreach (var child in s.Children) sum += Flops(child, countBias);
                    return sum;
                }
                case ResidualNode r:
                    return Flops(r.Body, countBias) + (r.Shortcut is null ? 0 : Flops(r.Shortcut, countBias));
                case CellNode cell:
                {
                    long sum = 0;
                    foreach (var e in cell.Edges) sum += Flops(e.Op, countBias);
                    return sum;
                }
                case DagCellNode dag:
                {
                    long sum = 0;
                    for (var v = 0; v < dag.VertexCount; v++)
                        sum += (dag.VertexOps[v] is { } op ? Flops(op, countBias) : 0) + (dag.Projections[v] is { } p ? Flops(p, countBias) : 0);
                    return sum;
                }
                case EncoderDecoderNode ed:
                    return Flops(ed.Encoder, countBias) + Flops(ed.Decoder, countBias);
                case OpNode op:
                    return op.Flops(countBias);
                default:
                    return 0;
            }
        }
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AutoBuild.Runtime.Plans;

public enum CombineKind { Sum, Concat }

/// <summary>A concrete layer of one architecture: what the cost model counts and what emitted
/// TorchSharp code builds. <see cref="Name"/> is the PyTorch-style state_dict name segment of the
/// node inside its parent ("stem", "0", "conv", "bn").</summary>
public abstract class PlanNode
{
    protected PlanNode(string name, Shape input, Shape output)
    {
        Name = name;
        Input = input;
        Output = output;
    }

    public string Name { get; }
    public Shape Input { get; }
    public Shape Output { get; }

    /// <summary>Weights of this node and everything inside it (BN affine included, bias when present); what
    /// <see cref="Cost.CostModel.Params(PlanNode)"/> returns. Zero unless the node has weights. Checked arithmetic.</summary>
    public virtual long Params => 0;

    /// <summary>Multiply-accumulates per example of this node and everything inside it (bias additions only when
    /// <paramref name="countBias"/>); what <see cref="Cost.CostModel.Flops(PlanNode, bool)"/> returns. Checked arithmetic.</summary>
    public virtual long Flops(bool countBias) => 0;

    /// <summary>One line for `autobuild inspect` (e.g. "conv 3x3 16->32", "bn", "residual with projection").</summary>
    public virtual string Description => GetType().Name;

    /// <summary>" 'name'" for a named node, nothing for the root or a numbered child (descriptions append it).</summary>
    protected string NameSuffix => Name.Length == 0 || char.IsDigit(Name[0]) ? "" : $" '{Name}'";
}

/// <summary>Children applied in order.</summary>
public sealed class SequenceNode : PlanNode
{
    public SequenceNode(string name, Shape input, Shape output, IReadOnlyList<PlanNode> children) : base(name, input, output) => Children = children;
    public IReadOnlyList<PlanNode> Children { get; }

    public override long Params
    {
        get
        {
            long sum = 0;
            foreach (var child in Children) sum = checked(sum + child.Params);
            return sum;
        }
    }

    public override long Flops(bool countBias)
    {
        long sum = 0;
        foreach (var child in Children) sum = checked(sum + child.Flops(countBias));
        return sum;
    }

    /// <summary>"conv 3x3 + bn + relu" for short sequences of leaves, "N x cell (...)" for a stack of cells, else
    /// "sequence of N"; then the name.</summary>
    public override string Description
    {
        get
        {
            string summary;
            if (Children.Count <= 4 && Children.All(c => c is not SequenceNode and not ResidualNode and not CellNode and not DagCellNode))
                summary = string.Join(" + ", Children.Select(c => c.Description));
            else if (Children.Count > 0 && Children.All(c => c is CellNode or DagCellNode))
                summary = string.Format(CultureInfo.InvariantCulture, "{0} x {1}", Children.Count, Children[0].Description);
            else
                summary = string.Format(CultureInfo.InvariantCulture, "sequence of {0}", Children.Count);
            return summary + NameSuffix;
        }
    }
}

/// <summary>out = PostActivation(Body(x) + Shortcut(x)); a null shortcut is the identity.</summary>
public sealed class ResidualNode : PlanNode
{
    public ResidualNode(string name, Shape input, Shape output, PlanNode body, PlanNode? shortcut, ActivationKind postActivation = ActivationKind.None)
        : base(name, input, output)
    {
        Body = body; Shortcut = shortcut; PostActivation = postActivation;
    }

    public PlanNode Body { get; }
    public PlanNode? Shortcut { get; }
    public ActivationKind PostActivation { get; }

    public override long Params => checked(Body.Params + (Shortcut is null ? 0 : Shortcut.Params));

    public override long Flops(bool countBias) => checked(Body.Flops(countBias) + (Shortcut is null ? 0 : Shortcut.Flops(countBias)));

    public override string Description => "residual" + (Shortcut is null ? "" : " with projection") + NameSuffix;
}

/// <summary>One edge of a cell: Op applied to the output of node From, feeding node To.</summary>
public sealed class CellEdge
{
    public CellEdge(int from, int to, PlanNode op)
    {
        From = from; To = to; Op = op;
    }

    public int From { get; }
    public int To { get; }
    public PlanNode Op { get; }
}

/// <summary>A DAG cell: node 0 is the cell input; each other node combines the ops on its incoming edges
/// (sum, or concat along channels); <see cref="OutputNode"/> is the cell output. (NAS-Bench-101 style cells with
/// ops on nodes are <see cref="DagCellNode"/>.)</summary>
public sealed class CellNode : PlanNode
{
    public CellNode(string name, Shape input, Shape output, int nodeCount, IReadOnlyList<CellEdge> edges, CombineKind combine, int outputNode)
        : base(name, input, output)
    {
        NodeCount = nodeCount; Edges = edges; Combine = combine; OutputNode = outputNode;
    }

    public int NodeCount { get; }
    public IReadOnlyList<CellEdge> Edges { get; }
    public CombineKind Combine { get; }
    public int OutputNode { get; }

    public override long Params
    {
        get
        {
            long sum = 0;
            foreach (var e in Edges) sum = checked(sum + e.Op.Params);
            return sum;
        }
    }

    public override long Flops(bool countBias)
    {
        long sum = 0;
        foreach (var e in Edges) sum = checked(sum + e.Op.Flops(countBias));
        return sum;
    }

    public override string Description => string.Format(CultureInfo.InvariantCulture, "cell ({0} nodes, {1} edges, {2})", NodeCount, Edges.Count,
        Combine.ToString().ToLowerInvariant());
}

/// <summary>The concrete network of one architecture, with the input shape and the number of classes.</summary>
public sealed class Plan
{
    public Plan(Shape input, PlanNode root, bool countBiasFlops = false)
    {
        Input = input;
        Root = root;
        CountBiasFlops = countBiasFlops;
    }

    public Shape Input { get; }
    public PlanNode Root { get; }
    /// <summary>Whether FLOPs count bias additions (the NAS-Bench-201 counter does; torchvision-style MAC counts do not).</summary>
    public bool CountBiasFlops { get; }
}

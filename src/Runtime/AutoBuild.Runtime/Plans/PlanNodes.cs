using System.Collections.Generic;

namespace AutoBuild.Runtime.Plans;

/// <summary>A tensor shape per example: channels × height × width for feature maps; for vectors Height = Width = 0;
/// for a sequence of token features <see cref="Sequence"/> (Channels = features per token, Height = length); for the
/// token ids a sequence network reads <see cref="Tokens"/> (Channels = vocabulary size, Height = length).</summary>
public readonly struct Shape : System.IEquatable<Shape>
{
    private const byte Spatial = 0, SequenceKind = 1, TokenKind = 2;
    private readonly byte _kind;

    public Shape(int channels, int height, int width) : this(channels, height, width, Spatial) { }

    private Shape(int channels, int height, int width, byte kind)
    {
        Channels = channels;
        Height = height;
        Width = width;
        _kind = kind;
    }

    /// <summary>The most channels a feature map may have (concatenating cells could otherwise overflow an int).</summary>
    public const int MaxChannels = 1 << 30;

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public bool IsVector => _kind == Spatial && Height == 0 && Width == 0;
    /// <summary>C×H×W: what convolutions, pooling and cells need.</summary>
    public bool IsFeatureMap => _kind == Spatial && !IsVector;
    /// <summary>A sequence of <see cref="Length"/> tokens with <see cref="Channels"/> features each.</summary>
    public bool IsSequence => _kind == SequenceKind;
    /// <summary>Token ids in 0..Channels−1 (the vocabulary), <see cref="Length"/> of them.</summary>
    public bool IsTokens => _kind == TokenKind;
    /// <summary>The number of tokens of a sequence or of token ids (Height).</summary>
    public int Length => Height;

    public static Shape Vector(int features) => new(features, 0, 0);
    public static Shape Sequence(int features, int length) => new(features, length, 0, SequenceKind);
    public static Shape Tokens(int vocabulary, int length) => new(vocabulary, length, 0, TokenKind);
    public bool Equals(Shape other) => Channels == other.Channels && Height == other.Height && Width == other.Width && _kind == other._kind;
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);
    public override int GetHashCode() => ((Channels * 397 ^ Height) * 397 ^ Width) * 397 ^ _kind;
    public override string ToString() => IsTokens ? $"{Length} tokens of {Channels}" : IsSequence ? $"{Length}x{Channels} sequence" : IsVector ? $"{Channels}" : $"{Channels}x{Height}x{Width}";
}

public enum ActivationKind { None, Relu, Relu6, LeakyRelu, HardSwish, HardSigmoid, Swish, Sigmoid, Tanh }

public enum PoolKind { Average, Max }

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
}

/// <summary>2-D convolution; depthwise when Groups == InChannels.</summary>
public sealed class Conv2dNode : PlanNode
{
    public Conv2dNode(string name, Shape input, Shape output, int inChannels, int outChannels, int kernel, int stride, int padding, int groups, bool bias)
        : base(name, input, output)
    {
        InChannels = inChannels; OutChannels = outChannels; Kernel = kernel; Stride = stride; Padding = padding; Groups = groups; Bias = bias;
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int Groups { get; }
    public bool Bias { get; }
}

/// <summary>BatchNorm2d with affine weight and bias.</summary>
public sealed class BatchNormNode : PlanNode
{
    public BatchNormNode(string name, Shape shape, bool affine = true, double eps = Ir.Network.DefaultBatchNormEps, double momentum = Ir.Network.DefaultBatchNormMomentum)
        : base(name, shape, shape)
    {
        Affine = affine; Eps = eps; Momentum = momentum;
    }

    public int Channels => Input.Channels;
    public bool Affine { get; }
    public double Eps { get; }
    public double Momentum { get; }
    /// <summary>PyTorch's defaults: generated code then omits the arguments.</summary>
    public bool DefaultSettings => Eps == Ir.Network.DefaultBatchNormEps && Momentum == Ir.Network.DefaultBatchNormMomentum;
}

public sealed class ActivationNode : PlanNode
{
    public ActivationNode(string name, Shape shape, ActivationKind kind) : base(name, shape, shape) => Kind = kind;
    public ActivationKind Kind { get; }
}

public sealed class PoolNode : PlanNode
{
    public PoolNode(string name, Shape input, Shape output, PoolKind kind, int kernel, int stride, int padding, bool countIncludePad = true)
        : base(name, input, output)
    {
        Kind = kind; Kernel = kernel; Stride = stride; Padding = padding; CountIncludePad = countIncludePad;
    }

    public PoolKind Kind { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Padding { get; }
    public bool CountIncludePad { get; }
}

/// <summary>Global average pooling to C×1×1 followed by flattening to a vector of C.</summary>
public sealed class GlobalPoolNode : PlanNode
{
    public GlobalPoolNode(string name, Shape input) : base(name, input, Shape.Vector(input.Channels)) { }
}

public sealed class LinearNode : PlanNode
{
    public LinearNode(string name, int inFeatures, int outFeatures, bool bias)
        : base(name, Shape.Vector(inFeatures), Shape.Vector(outFeatures))
    {
        InFeatures = inFeatures; OutFeatures = outFeatures; Bias = bias;
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public bool Bias { get; }
}

public sealed class DropoutNode : PlanNode
{
    public DropoutNode(string name, Shape shape, double probability) : base(name, shape, shape) => Probability = probability;
    public double Probability { get; }
}

public sealed class IdentityNode : PlanNode
{
    public IdentityNode(string name, Shape shape) : base(name, shape, shape) { }
}

/// <summary>Outputs zeros of the output shape (the "none" op); stride may shrink H and W.</summary>
public sealed class ZeroNode : PlanNode
{
    public ZeroNode(string name, Shape input, Shape output) : base(name, input, output) { }
}

/// <summary>Children applied in order.</summary>
public sealed class SequenceNode : PlanNode
{
    public SequenceNode(string name, Shape input, Shape output, IReadOnlyList<PlanNode> children) : base(name, input, output) => Children = children;
    public IReadOnlyList<PlanNode> Children { get; }
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
}

/// <summary>Squeeze-and-excitation: x * Gate(Expand(Act(Reduce(GlobalAvgPool(x))))), Reduce/Expand are 1×1 convs with bias.</summary>
public sealed class SqueezeExciteNode : PlanNode
{
    public SqueezeExciteNode(string name, Shape shape, int reduced, ActivationKind inner, ActivationKind gate) : base(name, shape, shape)
    {
        Reduced = reduced; Inner = inner; Gate = gate;
    }

    public int Channels => Input.Channels;
    public int Reduced { get; }
    public ActivationKind Inner { get; }
    public ActivationKind Gate { get; }
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

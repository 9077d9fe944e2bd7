using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>The <c>skip_connect</c> of NAS-Bench-201 and TransNAS-Bench-101 (DARTS's FactorizedReduce): the identity
/// where the shape is kept; with stride 2, ReLU, then two 1×1 stride-2 convolutions to out/2 and out − out/2
/// channels, the second on the input shifted by one pixel (zero-padded at the bottom and right, so odd sizes work),
/// concatenated, then BatchNorm; with stride 1 and a new width, a 1×1 convolution and BatchNorm. Spec:
/// <c>- factorized_reduce</c>, or <c>{ factorized_reduce: { out: 64, stride: 2, affine: true } }</c>. Like <c>skip</c>,
/// its width and stride default to the context's, so in a cell's op list it is the identity in a normal cell and the
/// factorised reduction on a reducing cell's input edges. With <c>affine: false</c> the BatchNorm has no weights and
/// the convolutions carry a bias, as in the benchmarks' code.</summary>
public sealed class FactorizedReduceOp : OpDefinition
{
    public override string Name => "factorized_reduce";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "out", "stride", "affine" };
    public override string Example => "{ factorized_reduce: { out: 64, stride: 2 } }";
    public override Type NodeType => typeof(FactorizedReduceNode);

    public override OpLayer? Bind(IOpOptions options)
    {
        var width = options.Width("out");
        var stride = options.Stride("stride");
        var affine = options.Bool("affine", true);
        return width.Ok && stride is not null && affine is { } a ? new FactorizedReduceLayer(width.Value, stride, a) : null;
    }

    public override string TorchSharpModule => "n.IsIdentity ? (Layer)new IdentityLayer() : new FactorizedReduceLayer(n)";
}

public sealed class FactorizedReduceLayer : OpLayer
{
    public FactorizedReduceLayer(Value<int>? @out, Value<int> stride, bool affine)
    {
        Out = @out; Stride = stride; Affine = affine;
    }

    /// <summary>Output channels; null keeps the input's.</summary>
    public Value<int>? Out { get; }
    public Value<int> Stride { get; }
    public bool Affine { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture)
    {
        RequireFeatureMap(input, "factorized_reduce");
        var outChannels = Out?.Resolve(architecture) ?? input.Channels;
        var stride = Stride.Resolve(architecture);
        if (stride != 1 && stride != 2)
            throw new ShapeException(this, $"factorized_reduce takes stride 1 or 2, not {stride}");
        if (stride == 2 && outChannels < 2)
            throw new ShapeException(this, $"factorized_reduce with stride 2 needs at least 2 output channels (two halves), not {outChannels}");
        var output = stride == 1 ? new Shape(outChannels, input.Height, input.Width)
            : new Shape(outChannels, (input.Height - 1) / 2 + 1, (input.Width - 1) / 2 + 1);
        // Its BatchNorm follows the spec-wide `bn:` settings, like every built-in BatchNorm.
        var network = architecture.Space.Network;
        return new FactorizedReduceNode(name, input, output, stride, Affine,
            network?.BatchNormEps ?? Network.DefaultBatchNormEps, network?.BatchNormMomentum ?? Network.DefaultBatchNormMomentum);
    }
}

public sealed class FactorizedReduceNode : OpNode
{
    public FactorizedReduceNode(string name, Shape input, Shape output, int stride, bool affine,
        double eps = Network.DefaultBatchNormEps, double momentum = Network.DefaultBatchNormMomentum) : base(name, input, output)
    {
        Stride = stride; Affine = affine; Eps = eps; Momentum = momentum;
    }

    public int Stride { get; }
    public bool Affine { get; }
    /// <summary>The BatchNorm's settings (the spec's `bn:`).</summary>
    public double Eps { get; }
    public double Momentum { get; }

    /// <summary>The BatchNorm that ends the reduction.</summary>
    public BatchNormNode Norm => new("bn", Output, Affine, Eps, Momentum);

    /// <summary>Stride 1 at the input's width: no layer at all.</summary>
    public bool IsIdentity => Stride == 1 && Output.Channels == Input.Channels;

    /// <summary>Channels of the first stride-2 convolution (the second has the rest).</summary>
    public int FirstHalf => Output.Channels / 2;

    public override long Params => IsIdentity ? 0
        : checked((long)Input.Channels * Output.Channels + (Affine ? 2L * Output.Channels : Output.Channels));

    public override long Flops(bool countBias) => IsIdentity ? 0
        : checked((long)Output.Height * Output.Width * Output.Channels * (Input.Channels + (countBias && !Affine ? 1 : 0)));

    public override string Description => IsIdentity ? "factorized_reduce (identity)"
        : string.Format(CultureInfo.InvariantCulture, Stride == 2 ? "factorized_reduce {0} -> {1}, stride 2 (two 1x1 convs, shifted)" : "factorized_reduce {0} -> {1} (1x1 conv)",
            Input.Channels, Output.Channels);

    public override string OpName => "factorized_reduce";
}

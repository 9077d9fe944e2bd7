using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ops;

/// <summary>LayerNorm over each token's d features, with affine weight and bias (PyTorch's nn.LayerNorm). Spec:
/// <c>- layer_norm</c> or <c>- layer_norm: { eps: 1e-6 }</c>. Params 2d; like BatchNorm it is not counted in MACs.</summary>
public sealed class LayerNormOp : OpDefinition
{
    public const double DefaultEps = 1e-5;

    public override string Name => "layer_norm";
    public override IReadOnlyList<string> OptionKeys { get; } = new[] { "eps" };
    public override string Example => "{ layer_norm: { eps: 1e-5 } }";
    public override Type NodeType => typeof(LayerNormNode);

    public override OpLayer? Bind(IOpOptions options) =>
        options.Number("eps", 1e-12, 1, DefaultEps) is { } eps ? new LayerNormLayer(eps) : null;

    public override string TorchSharpModule => "Torch.nn.LayerNorm(new long[] { n.Dim }, n.Eps)";
}

public sealed class LayerNormLayer : OpLayer
{
    public LayerNormLayer(double eps) => Eps = eps;

    public double Eps { get; }

    public override OpNode Instantiate(string name, Shape input, Architecture architecture)
    {
        RequireSequence(input, "layer_norm");
        return new LayerNormNode(name, input, Eps);
    }
}

public sealed class LayerNormNode : OpNode
{
    public LayerNormNode(string name, Shape input, double eps) : base(name, input, input) => Eps = eps;

    public int Dim => Input.Channels;
    public double Eps { get; }
    public override long Params => 2L * Dim;
    public override long Flops(bool countBias) => 0;
    public override string Description => string.Format(CultureInfo.InvariantCulture, "layer_norm {0}", Dim);
    public override string OpName => "layer_norm";
}

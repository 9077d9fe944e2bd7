// Dispatch from plan node to TorchSharp module, activations, and the chain every sequence runs.
// Not compiled by the generator (it has no TorchSharp): embedded in it and emitted, from `namespace` on, into
// AutoBuild.TorchSharpLayers.g.cs (TorchSharpEmitter.EmitLayers); compiled by AutoBuild.TorchSharpLayers.Check.
namespace AutoBuild.Generated.TorchSharp
{
    using Tensor = global::TorchSharp.torch.Tensor;
    using Layer = global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>;
    using Torch = global::TorchSharp.torch;
    using Plans = global::AutoBuild.Runtime.Plans;
    using Ops = global::AutoBuild.Runtime.Ops;

    /// <summary>Builds the TorchSharp layer of one plan node.</summary>
    internal static class PlanLayers
    {
        public static Layer Build(Plans.PlanNode node)
        {
            if (node is Plans.Conv2dNode c)
                return Torch.nn.Conv2d(c.InChannels, c.OutChannels, c.Kernel, stride: c.Stride, padding: c.Padding, groups: c.Groups, bias: c.Bias);
            if (node is Plans.BatchNormNode b) return Torch.nn.BatchNorm2d(b.Channels, b.Eps, b.Momentum, affine: b.Affine);
            if (node is Plans.ActivationNode a) return Activation(a.Kind);
            if (node is Plans.PoolNode p)
                return p.Kind == Plans.PoolKind.Max
                    ? Torch.nn.MaxPool2d(p.Kernel, stride: p.Stride, padding: p.Padding)
                    // Positional: ceil_mode and count_include_pad are not named alike in every TorchSharp version.
                    : Torch.nn.AvgPool2d(p.Kernel, p.Stride, p.Padding, false, p.CountIncludePad);
            if (node is Plans.GlobalPoolNode) return new GlobalAveragePool();
            if (node is Plans.LinearNode l) return Torch.nn.Linear(l.InFeatures, l.OutFeatures, hasBias: l.Bias);
            if (node is Plans.DropoutNode d) return Torch.nn.Dropout(d.Probability);
            if (node is Plans.IdentityNode) return new IdentityLayer();
            if (node is Plans.ZeroNode z) return new ZeroLayer(z.Output);
            if (node is Plans.SequenceNode s) return new SequenceLayer(s);
            if (node is Plans.ResidualNode r) return new ResidualLayer(r);
            if (node is Plans.SqueezeExciteNode se) return new SqueezeExciteLayer(se);
            if (node is Plans.CellNode cell) return new CellLayer(cell);
            if (node is Plans.DagCellNode dag) return new DagCellLayer(dag);
            if (node is Plans.EncoderDecoderNode ed) return new TransformerLayers.EncoderDecoder(ed);
            // {registered ops}
            throw new global::System.NotSupportedException("AutoBuild: no TorchSharp layer for plan node " + node.GetType().Name + ".");
        }

        /// <summary>An activation module; the identity for ActivationKind.None.</summary>
        public static Layer Activation(Plans.ActivationKind kind)
        {
            switch (kind)
            {
                case Plans.ActivationKind.Relu: return Torch.nn.ReLU();
                case Plans.ActivationKind.Relu6: return Torch.nn.ReLU6();
                case Plans.ActivationKind.LeakyRelu: return Torch.nn.LeakyReLU();
                case Plans.ActivationKind.HardSwish: return Torch.nn.Hardswish();
                case Plans.ActivationKind.HardSigmoid: return Torch.nn.Hardsigmoid();
                case Plans.ActivationKind.Swish: return Torch.nn.SiLU();
                case Plans.ActivationKind.Sigmoid: return Torch.nn.Sigmoid();
                case Plans.ActivationKind.Tanh: return Torch.nn.Tanh();
                default: return new IdentityLayer();
            }
        }
    }

    /// <summary>Runs children in order inside a dispose scope; shared by the sequence layer and the generated models.</summary>
    internal static class LayerChain
    {
        public static Tensor Forward(Layer[] layers, Tensor input)
        {
            using var scope = Torch.NewDisposeScope();
            var x = input;
            foreach (var layer in layers) x = layer.forward(x);
            // A layer never hands back its input object: an enclosing Sequential would dispose it.
            if (ReferenceEquals(x, input)) x = input.alias();
            return x.MoveToOuterDisposeScope();
        }
    }
}

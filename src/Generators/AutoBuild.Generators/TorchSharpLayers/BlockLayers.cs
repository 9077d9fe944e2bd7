// Blocks built of other layers: sequences, residuals, and the squeeze-and-excitation block.
// Not compiled by the generator (it has no TorchSharp): embedded in it and emitted, from `namespace` on, into
// AutoBuild.TorchSharpLayers.g.cs (TorchSharpEmitter.EmitLayers); compiled by AutoBuild.TorchSharpLayers.Check.
namespace AutoBuild.Generated.TorchSharp
{
    using Tensor = global::TorchSharp.torch.Tensor;
    using Layer = global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>;
    using Torch = global::TorchSharp.torch;
    using Plans = global::AutoBuild.Runtime.Plans;
    using Ops = global::AutoBuild.Runtime.Ops;

    /// <summary>Children applied in order, registered under their plan names ("0", "conv", "bn", ...).</summary>
    internal sealed class SequenceLayer : Layer
    {
        // An array, not fields: RegisterComponents() ignores arrays, the names come from register_module.
        private readonly Layer[] _children;

        public SequenceLayer(Plans.SequenceNode node) : base("Sequence")
        {
            _children = new Layer[node.Children.Count];
            for (var i = 0; i < _children.Length; i++)
            {
                _children[i] = PlanLayers.Build(node.Children[i]);
                register_module(node.Children[i].Name, _children[i]);
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => LayerChain.Forward(_children, input);
    }

    /// <summary>out = act(body(x) + shortcut(x)); the shortcut is the identity when the plan has none.</summary>
    internal sealed class ResidualLayer : Layer
    {
        // Body, shortcut and activation by index, in an array so that only their plan names are registered.
        private readonly Layer?[] _parts = new Layer?[3];

        public ResidualLayer(Plans.ResidualNode node) : base("Residual")
        {
            _parts[0] = PlanLayers.Build(node.Body);
            register_module(node.Body.Name, _parts[0]!);
            if (node.Shortcut != null)
            {
                _parts[1] = PlanLayers.Build(node.Shortcut);
                register_module(node.Shortcut.Name, _parts[1]!);
            }
            if (node.PostActivation != Plans.ActivationKind.None)
            {
                _parts[2] = PlanLayers.Activation(node.PostActivation);
                register_module("act", _parts[2]!);
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = Torch.NewDisposeScope();
            var y = _parts[0]!.forward(input);
            var shortcut = _parts[1];
            var sum = shortcut == null ? y + input : y + shortcut.forward(input);
            var act = _parts[2];
            var output = act == null ? sum : act.forward(sum);
            return output.MoveToOuterDisposeScope();
        }
    }

    /// <summary>Squeeze-and-excitation: x * gate(expand(act(reduce(mean(x))))). Fields are the state_dict names.</summary>
    internal sealed class SqueezeExciteLayer : Layer
    {
        private readonly global::TorchSharp.Modules.Conv2d reduce;
        private readonly Layer act;
        private readonly global::TorchSharp.Modules.Conv2d expand;
        private readonly Layer gate;

        public SqueezeExciteLayer(Plans.SqueezeExciteNode node) : base("SqueezeExcite")
        {
            reduce = Torch.nn.Conv2d(node.Channels, node.Reduced, 1, bias: true);
            act = PlanLayers.Activation(node.Inner);
            expand = Torch.nn.Conv2d(node.Reduced, node.Channels, 1, bias: true);
            gate = PlanLayers.Activation(node.Gate);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = Torch.NewDisposeScope();
            var squeezed = input.mean(new long[] { 2, 3 }, true);
            var weights = gate.forward(expand.forward(act.forward(reduce.forward(squeezed))));
            return (input * weights).MoveToOuterDisposeScope();
        }
    }
}

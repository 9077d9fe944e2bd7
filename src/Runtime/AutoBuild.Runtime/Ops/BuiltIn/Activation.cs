// The built-in activations in one file: the kinds, IR layer, plan node, description. Two namespaces, the ones generated
// code names the types by (see Convolution.cs).
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir
{
    public sealed class ActivationLayer : Layer
    {
        public ActivationLayer(Value<ActivationKind> kind) => Kind = kind;
        public Value<ActivationKind> Kind { get; }

        internal override PlanNode BuildNode(Instantiator at, Shape input, string name) => new ActivationNode(name, input, Kind.Resolve(at.Architecture));
    }
}

namespace AutoBuild.Runtime.Plans
{
    public enum ActivationKind { None, Relu, Relu6, LeakyRelu, HardSwish, HardSigmoid, Swish, Sigmoid, Tanh }

    /// <summary>An element-wise activation: no weights, not counted as FLOPs.</summary>
    public sealed class ActivationNode : PlanNode
    {
        public ActivationNode(string name, Shape shape, ActivationKind kind) : base(name, shape, shape) => Kind = kind;
        public ActivationKind Kind { get; }

        public override string Description => Kind.ToString().ToLowerInvariant();
    }
}

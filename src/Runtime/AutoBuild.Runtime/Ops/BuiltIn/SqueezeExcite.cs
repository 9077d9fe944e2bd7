// The built-in squeeze-and-excitation in one file: IR layer, plan node, shape rule, cost, description. Two namespaces,
// the ones generated code names the types by (see Convolution.cs). Inverted residuals build the node directly
// (InvertedResidual.cs), with their own reduced width.
using System.Globalization;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir
{
    /// <summary>Squeeze-and-excitation; reduced channels = make_divisible(channels / Ratio, divisor).</summary>
    public sealed class SqueezeExciteLayer : Layer
    {
        public SqueezeExciteLayer(int ratio, ActivationKind inner, ActivationKind gate)
        {
            Ratio = ratio; Inner = inner; Gate = gate;
        }

        public int Ratio { get; }
        public ActivationKind Inner { get; }
        public ActivationKind Gate { get; }

        internal override PlanNode BuildNode(Instantiator at, Shape input, string name)
        {
            ShapeRules.RequireMap(this, input, "squeeze-and-excitation");
            return new SqueezeExciteNode(name, input, Channels.MakeDivisible(input.Channels / Ratio, at.Network.Divisor), Inner, Gate);
        }
    }
}

namespace AutoBuild.Runtime.Plans
{
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

        /// <summary>The two 1×1 convolutions' weights and biases.</summary>
        public override long Params => checked(2L * Channels * Reduced + Reduced + Channels);

        /// <summary>The two 1×1 convolutions on the pooled 1×1 map (pooling and the gate's product are not counted).</summary>
        public override long Flops(bool countBias) => checked(2L * Channels * Reduced + (countBias ? Reduced + Channels : 0));

        public override string Description => string.Format(CultureInfo.InvariantCulture, "se {0}->{1}", Channels, Reduced);
    }
}

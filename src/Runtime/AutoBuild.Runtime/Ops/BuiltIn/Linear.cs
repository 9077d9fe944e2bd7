// The built-in fully connected layer in one file: IR layer, plan node, shape rule, cost, description. Two namespaces,
// the ones generated code names the types by (see Convolution.cs).
using System.Globalization;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir
{
    /// <summary>A fully connected layer; Out null = the number of classes (a classifier).</summary>
    public sealed class LinearLayer : Layer
    {
        public LinearLayer(Value<int>? outFeatures, bool bias)
        {
            Out = outFeatures; Bias = bias;
        }

        public Value<int>? Out { get; }
        public bool Bias { get; }

        internal override PlanNode BuildNode(Instantiator at, Shape input, string name)
        {
            if (!input.IsVector)
                throw new ShapeException(this, input.IsFeatureMap
                    ? $"a linear layer needs a vector input but gets a {input} feature map; add global_pool before it"
                    : $"a linear layer needs a vector input but gets {input}; on sequences use ffn or lm_head");
            var outFeatures = Out?.Resolve(at.Architecture) ?? at.Network.Classes;
            return new LinearNode(name, input.Channels, ShapeRules.Positive(this, outFeatures, "output features"), Bias);
        }
    }
}

namespace AutoBuild.Runtime.Plans
{
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

        public override long Params => checked((long)InFeatures * OutFeatures + (Bias ? OutFeatures : 0));

        public override long Flops(bool countBias) => checked((long)InFeatures * OutFeatures + (countBias && Bias ? OutFeatures : 0));

        public override string Description => string.Format(CultureInfo.InvariantCulture, "linear {0}->{1}", InFeatures, OutFeatures);
    }
}

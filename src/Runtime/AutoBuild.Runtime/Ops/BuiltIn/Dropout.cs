// The built-in dropout in one file: IR layer, plan node, description (no weights, no FLOPs). Two namespaces, the ones
// generated code names the types by (see Convolution.cs).
using System.Globalization;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir
{
    public sealed class DropoutLayer : Layer
    {
        public DropoutLayer(double probability) => Probability = probability;
        public double Probability { get; }

        internal override PlanNode BuildNode(Instantiator at, Shape input, string name) => new DropoutNode(name, input, Probability);
    }
}

namespace AutoBuild.Runtime.Plans
{
    public sealed class DropoutNode : PlanNode
    {
        public DropoutNode(string name, Shape shape, double probability) : base(name, shape, shape) => Probability = probability;
        public double Probability { get; }

        public override string Description => string.Format(CultureInfo.InvariantCulture, "dropout {0}", Probability);
    }
}

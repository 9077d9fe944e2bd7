// The built-in identity op in one file: IR layer, plan node, description (no weights, no FLOPs). Two namespaces, the
// ones generated code names the types by (see Convolution.cs).
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir
{
    public sealed class IdentityLayer : Layer
    {
        internal override PlanNode BuildNode(Instantiator at, Shape input, string name) => new IdentityNode(name, input);
    }
}

namespace AutoBuild.Runtime.Plans
{
    /// <summary>The input unchanged (also what a <c>skip</c> that keeps the shape becomes).</summary>
    public sealed class IdentityNode : PlanNode
    {
        public IdentityNode(string name, Shape shape) : base(name, shape, shape) { }

        public override string Description => "identity";
    }
}

// The built-in "none"/zero op in one file: IR layer, plan node, shape rule, description (no weights, no FLOPs). Two
// namespaces, the ones generated code names the types by (see Convolution.cs).
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir
{
    /// <summary>The "none" op: zeros of the output shape.</summary>
    public sealed class ZeroLayer : Layer
    {
        public ZeroLayer(Value<int>? outChannels, Value<int> stride)
        {
            Out = outChannels; Stride = stride;
        }

        public Value<int>? Out { get; }
        public Value<int> Stride { get; }

        internal override PlanNode BuildNode(Instantiator at, Shape input, string name)
        {
            ShapeRules.RequireMap(this, input, "zero");
            var stride = Stride.Resolve(at.Architecture);
            var output = stride == 1 && Out is null
                ? input
                : ShapeRules.Spatial(this, input, ShapeRules.Positive(this, Out?.Resolve(at.Architecture) ?? input.Channels, "channels"), 1, stride, 0);
            return new ZeroNode(name, input, output);
        }
    }
}

namespace AutoBuild.Runtime.Plans
{
    /// <summary>Outputs zeros of the output shape (the "none" op); stride may shrink H and W.</summary>
    public sealed class ZeroNode : PlanNode
    {
        public ZeroNode(string name, Shape input, Shape output) : base(name, input, output) { }

        public override string Description => "zero";
    }
}

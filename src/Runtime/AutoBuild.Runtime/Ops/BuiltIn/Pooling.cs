// The built-in pooling ops in one file: windowed average/max pooling and global average pooling (IR layers, plan
// nodes, shape rules, descriptions; no weights, not counted as FLOPs). Two namespaces, the ones generated code names
// the types by (see Convolution.cs).
using System.Globalization;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir
{
    /// <summary>Average or max pooling; stride null = kernel.</summary>
    public sealed class PoolLayer : Layer
    {
        public PoolLayer(PoolKind kind, int kernel, int? stride, int padding, bool countIncludePad)
        {
            Kind = kind; Kernel = kernel; Stride = stride; Padding = padding; CountIncludePad = countIncludePad;
        }

        public PoolKind Kind { get; }
        public int Kernel { get; }
        public int? Stride { get; }
        public int Padding { get; }
        public bool CountIncludePad { get; }

        internal override PlanNode BuildNode(Instantiator at, Shape input, string name)
        {
            ShapeRules.RequireMap(this, input, "pooling");
            var stride = Stride ?? Kernel;
            return new PoolNode(name, input, ShapeRules.Spatial(this, input, input.Channels, Kernel, stride, Padding), Kind, Kernel, stride, Padding, CountIncludePad);
        }
    }

    public sealed class GlobalPoolLayer : Layer
    {
        internal override PlanNode BuildNode(Instantiator at, Shape input, string name)
        {
            ShapeRules.RequireMap(this, input, "global pooling");
            return new GlobalPoolNode(name, input);
        }
    }
}

namespace AutoBuild.Runtime.Plans
{
    public enum PoolKind { Average, Max }

    public sealed class PoolNode : PlanNode
    {
        public PoolNode(string name, Shape input, Shape output, PoolKind kind, int kernel, int stride, int padding, bool countIncludePad = true)
            : base(name, input, output)
        {
            Kind = kind; Kernel = kernel; Stride = stride; Padding = padding; CountIncludePad = countIncludePad;
        }

        public PoolKind Kind { get; }
        public int Kernel { get; }
        public int Stride { get; }
        public int Padding { get; }
        public bool CountIncludePad { get; }

        public override string Description =>
            string.Format(CultureInfo.InvariantCulture, "{0}pool {1}x{1}/{2}", Kind == PoolKind.Average ? "avg" : "max", Kernel, Stride);
    }

    /// <summary>Global average pooling to C×1×1 followed by flattening to a vector of C.</summary>
    public sealed class GlobalPoolNode : PlanNode
    {
        public GlobalPoolNode(string name, Shape input) : base(name, input, Shape.Vector(input.Channels)) { }

        public override string Description => "global_pool";
    }
}

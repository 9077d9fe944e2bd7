// The built-in BatchNorm in one file: IR layer, plan node, shape rule, cost, description. Two namespaces, the ones
// generated code names the types by (see Convolution.cs).
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir
{
    /// <summary>BatchNorm over channels; <see cref="Eps"/>/<see cref="Momentum"/> override the spec-wide <c>bn:</c> settings
    /// (<see cref="Network.BatchNormEps"/>) for this layer when given.</summary>
    public sealed class BatchNormLayer : Layer
    {
        public BatchNormLayer(double? eps = null, double? momentum = null)
        {
            Eps = eps; Momentum = momentum;
        }

        public double? Eps { get; }
        public double? Momentum { get; }

        internal override PlanNode BuildNode(Instantiator at, Shape input, string name)
        {
            ShapeRules.RequireMap(this, input, "BatchNorm");
            return new BatchNormNode(name, input, eps: Eps ?? at.Network.BatchNormEps, momentum: Momentum ?? at.Network.BatchNormMomentum);
        }
    }
}

namespace AutoBuild.Runtime.Plans
{
    /// <summary>BatchNorm2d with affine weight and bias.</summary>
    public sealed class BatchNormNode : PlanNode
    {
        public BatchNormNode(string name, Shape shape, bool affine = true, double eps = Ir.Network.DefaultBatchNormEps, double momentum = Ir.Network.DefaultBatchNormMomentum)
            : base(name, shape, shape)
        {
            Affine = affine; Eps = eps; Momentum = momentum;
        }

        public int Channels => Input.Channels;
        public bool Affine { get; }
        public double Eps { get; }
        public double Momentum { get; }
        /// <summary>PyTorch's defaults: generated code then omits the arguments.</summary>
        public bool DefaultSettings => Eps == Ir.Network.DefaultBatchNormEps && Momentum == Ir.Network.DefaultBatchNormMomentum;

        /// <summary>The affine weight and bias; normalising is not counted as FLOPs.</summary>
        public override long Params => Affine ? checked(2L * Channels) : 0;

        public override string Description => "bn";
    }
}

// The built-in 2-D convolution in one file: its IR layer, its plan node, its shape rule, its cost and its description.
// The types keep the namespaces generated code names them by (the IR literal says `AutoBuild.Runtime.Ir.ConvLayer`, the
// TorchSharp layers `Plans.Conv2dNode`), so this file declares two namespaces.
using System.Globalization;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir
{
    /// <summary>A 2-D convolution. Padding null = "same" (kernel / 2); depthwise = one group per input channel.</summary>
    public sealed class ConvLayer : Layer
    {
        public ConvLayer(Value<int>? outChannels, Value<int> kernel, Value<int> stride, int? padding = null, int groups = 1, bool depthwise = false, bool bias = false)
        {
            Out = outChannels; Kernel = kernel; Stride = stride; Padding = padding; Groups = groups; Depthwise = depthwise; Bias = bias;
        }

        public Value<int>? Out { get; }
        public Value<int> Kernel { get; }
        public Value<int> Stride { get; }
        public int? Padding { get; }
        public int Groups { get; }
        public bool Depthwise { get; }
        public bool Bias { get; }

        internal override PlanNode BuildNode(Instantiator at, Shape input, string name) =>
            Conv2dNode.Create(this, name, input, Out?.Resolve(at.Architecture) ?? input.Channels, Kernel.Resolve(at.Architecture),
                Stride.Resolve(at.Architecture), Padding, Depthwise ? input.Channels : Groups, Bias);
    }
}

namespace AutoBuild.Runtime.Plans
{
    /// <summary>2-D convolution; depthwise when Groups == InChannels.</summary>
    public sealed class Conv2dNode : PlanNode
    {
        public Conv2dNode(string name, Shape input, Shape output, int inChannels, int outChannels, int kernel, int stride, int padding, int groups, bool bias)
            : base(name, input, output)
        {
            InChannels = inChannels; OutChannels = outChannels; Kernel = kernel; Stride = stride; Padding = padding; Groups = groups; Bias = bias;
        }

        public int InChannels { get; }
        public int OutChannels { get; }
        public int Kernel { get; }
        public int Stride { get; }
        public int Padding { get; }
        public int Groups { get; }
        public bool Bias { get; }

        public override long Params => checked((long)InChannels / Groups * OutChannels * Kernel * Kernel + (Bias ? OutChannels : 0));

        public override long Flops(bool countBias)
        {
            checked
            {
                long positions = (long)Output.Height * Output.Width;
                return positions * ((long)InChannels / Groups * OutChannels * Kernel * Kernel + (countBias && Bias ? OutChannels : 0));
            }
        }

        public override string Description => string.Format(CultureInfo.InvariantCulture, "{0}conv {1}x{1}{2} {3}->{4}",
            Groups == InChannels && Groups > 1 ? "depthwise " : "", Kernel, Stride > 1 ? "/" + Stride.ToString(CultureInfo.InvariantCulture) : "",
            InChannels, OutChannels);

        /// <summary>The convolution of <paramref name="origin"/> (a conv layer, or a block built of convolutions) on
        /// <paramref name="input"/>; padding null = kernel / 2. Throws <see cref="ShapeException"/> when it does not fit.</summary>
        internal static Conv2dNode Create(Ir.Layer origin, string name, Shape input, int outChannels, int kernel, int stride, int? padding, int groups, bool bias)
        {
            ShapeRules.RequireMap(origin, input, "a convolution");
            ShapeRules.Positive(origin, outChannels, "output channels");
            ShapeRules.Positive(origin, kernel, "kernel size");
            ShapeRules.Positive(origin, groups, "groups");
            if (input.Channels % groups != 0 || outChannels % groups != 0)
                throw new ShapeException(origin, $"a convolution with {groups} groups needs input ({input.Channels}) and output ({outChannels}) channels divisible by {groups}");
            var pad = padding ?? kernel / 2;
            var output = ShapeRules.Spatial(origin, input, outChannels, kernel, stride, pad);
            return new Conv2dNode(name, input, output, input.Channels, outChannels, kernel, stride, pad, groups, bias);
        }
    }
}

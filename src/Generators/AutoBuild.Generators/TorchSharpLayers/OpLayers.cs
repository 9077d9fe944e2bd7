// Single ops TorchSharp has no module for: global pooling, identity, factorized reduction, function layers, zeros.
// Not compiled by the generator (it has no TorchSharp): embedded in it and emitted, from `namespace` on, into
// AutoBuild.TorchSharpLayers.g.cs (TorchSharpEmitter.EmitLayers); compiled by AutoBuild.TorchSharpLayers.Check.
namespace AutoBuild.Generated.TorchSharp
{
    using Tensor = global::TorchSharp.torch.Tensor;
    using Layer = global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>;
    using Torch = global::TorchSharp.torch;
    using Plans = global::AutoBuild.Runtime.Plans;
    using Ops = global::AutoBuild.Runtime.Ops;

    /// <summary>Global average pooling to a vector of channels.</summary>
    internal sealed class GlobalAveragePool : Layer
    {
        public GlobalAveragePool() : base("GlobalAveragePool") { RegisterComponents(); }

        public override Tensor forward(Tensor input) => input.mean(new long[] { 2, 3 });
    }

    /// <summary>The identity, returning a new tensor object (an alias) as every layer must.</summary>
    internal sealed class IdentityLayer : Layer
    {
        public IdentityLayer() : base("Identity") { RegisterComponents(); }

        public override Tensor forward(Tensor input) => input.alias();
    }

    /// <summary>The registered op factorized_reduce where it changes the shape (NAS-Bench-201's FactorizedReduce): with
    /// stride 2, ReLU, then 1x1 stride-2 convolutions of the input and of the input shifted by one pixel (zero-padded at
    /// the bottom and right) to the two halves of the channels, concatenated; with stride 1, one 1x1 convolution; then
    /// BatchNorm.</summary>
    internal sealed class FactorizedReduceLayer : Layer
    {
        private readonly Layer? relu, conv, conv_1, conv_2;
        private readonly Layer bn;

        public FactorizedReduceLayer(Ops.FactorizedReduceNode n) : base("FactorizedReduce")
        {
            var bias = !n.Affine;
            if (n.Stride == 1) conv = Torch.nn.Conv2d(n.Input.Channels, n.Output.Channels, 1, stride: 1, bias: bias);
            else
            {
                relu = Torch.nn.ReLU();
                conv_1 = Torch.nn.Conv2d(n.Input.Channels, n.FirstHalf, 1, stride: n.Stride, bias: bias);
                conv_2 = Torch.nn.Conv2d(n.Input.Channels, n.Output.Channels - n.FirstHalf, 1, stride: n.Stride, bias: bias);
            }
            bn = Torch.nn.BatchNorm2d(n.Output.Channels, n.Eps, n.Momentum, affine: n.Affine);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = Torch.NewDisposeScope();
            Tensor output;
            if (conv != null) output = conv.forward(input);
            else
            {
                var x = relu!.forward(input);
                long batch = x.shape[0], channels = x.shape[1], height = x.shape[2], width = x.shape[3];
                // The input one pixel down and right, zero-padded: rows and columns 1.. of x, then a zero row and column.
                var down = Torch.cat(new[] { x.narrow(2, 1, height - 1), Torch.zeros(new long[] { batch, channels, 1, width }, x.dtype, x.device) }, 2);
                var shifted = Torch.cat(new[] { down.narrow(3, 1, width - 1), Torch.zeros(new long[] { batch, channels, height, 1 }, x.dtype, x.device) }, 3);
                output = Torch.cat(new[] { conv_1!.forward(x), conv_2!.forward(shifted) }, 1);
            }
            return bn.forward(output).MoveToOuterDisposeScope();
        }
    }

    /// <summary>A layer without weights given by a function of its input (registered ops such as channel_shuffle).</summary>
    internal sealed class FunctionLayer : Layer
    {
        private readonly global::System.Func<Tensor, Tensor> _forward;

        public FunctionLayer(string name, global::System.Func<Tensor, Tensor> forward) : base(name)
        {
            _forward = forward;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            // The function may make intermediates (reshape, transpose): only its result leaves the scope.
            using var scope = Torch.NewDisposeScope();
            var x = _forward(input);
            if (ReferenceEquals(x, input)) x = input.alias();
            return x.MoveToOuterDisposeScope();
        }
    }

    /// <summary>The "none" op: zeros of the planned output shape.</summary>
    internal sealed class ZeroLayer : Layer
    {
        private readonly long[] _shape;

        public ZeroLayer(Plans.Shape output) : base("Zero")
        {
            _shape = output.IsVector ? new long[] { 0, output.Channels } : new long[] { 0, output.Channels, output.Height, output.Width };
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var shape = (long[])_shape.Clone();
            shape[0] = input.shape[0];
            return Torch.zeros(shape, input.dtype, input.device);
        }
    }
}

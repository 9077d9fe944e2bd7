// The transformer ops: embedding, attention, feed-forward, layer norm, encoder/decoder layers, LM head, encoder-decoder.
// Not compiled by the generator (it has no TorchSharp): embedded in it and emitted, from `namespace` on, into
// AutoBuild.TorchSharpLayers.g.cs (TorchSharpEmitter.EmitLayers); compiled by AutoBuild.TorchSharpLayers.Check.
namespace AutoBuild.Generated.TorchSharp
{
    using Tensor = global::TorchSharp.torch.Tensor;
    using Layer = global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>;
    using Torch = global::TorchSharp.torch;
    using Plans = global::AutoBuild.Runtime.Plans;
    using Ops = global::AutoBuild.Runtime.Ops;

    /// <summary>The transformer ops (AutoBuild.Runtime/Ops/Transformer). Sequences are batch-first: token ids N x L
    /// (int64), token features N x L x d. An encoder-decoder reads N x 2 x L token ids (source in row 0, target in row
    /// 1). Field names follow fairseq's state_dict (embed_tokens, self_attn.q_proj, fc1, final_layer_norm, ...).</summary>
    internal static class TransformerLayers
    {
        /// <summary>The encoder output the decoder's cross-attention reads, set by the enclosing EncoderDecoder for the
        /// duration of its decoder's forward (a stack per thread, so nothing leaks between models or threads).</summary>
        [global::System.ThreadStatic] private static global::System.Collections.Generic.Stack<Tensor>? _memory;

        internal static Tensor Memory => _memory != null && _memory.Count > 0 ? _memory.Peek()
            : throw new global::System.InvalidOperationException("AutoBuild: cross-attention runs outside the decoder of an encoder-decoder.");

        /// <summary>Token embedding x sqrt(d) (unless scale is off) + sinusoidal or learned positions.</summary>
        internal sealed class Embedding : Layer
        {
            private readonly global::TorchSharp.Modules.Embedding embed_tokens;
            private readonly global::TorchSharp.Modules.Embedding? embed_positions;
            private readonly float[]? _sinusoid;
            private readonly Ops.EmbeddingNode _node;

            public Embedding(Ops.EmbeddingNode node) : base("Embedding")
            {
                _node = node;
                embed_tokens = Torch.nn.Embedding(node.Vocabulary, node.Dim);
                if (node.LearnedPositions) embed_positions = Torch.nn.Embedding(node.Length, node.Dim);
                else _sinusoid = Sinusoid(node.Length, node.Dim);
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                using var scope = Torch.NewDisposeScope();
                var length = input.shape[1];
                var x = embed_tokens.forward(input);
                if (_node.Scale) x = x * global::System.Math.Sqrt(_node.Dim);
                var positions = embed_positions != null
                    ? embed_positions.weight!.narrow(0, 0, length)
                    : Torch.tensor(_sinusoid!, new long[] { _node.Length, _node.Dim }).narrow(0, 0, length).to(x.device);
                return (x + positions.unsqueeze(0)).MoveToOuterDisposeScope();
            }
        }

        /// <summary>Multi-head attention: self-attention (causal in decoders) or, for cross-attention, over the encoder output.</summary>
        internal sealed class Attention : Layer
        {
            private readonly global::TorchSharp.Modules.Linear q_proj, k_proj, v_proj, out_proj;
            private readonly Ops.AttentionNode _node;

            public Attention(Ops.AttentionNode node) : base("Attention")
            {
                _node = node;
                q_proj = Torch.nn.Linear(node.Dim, node.Dim);
                k_proj = Torch.nn.Linear(node.KeyValueDim, node.Dim);
                v_proj = Torch.nn.Linear(node.KeyValueDim, node.Dim);
                out_proj = Torch.nn.Linear(node.Dim, node.Dim);
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                using var scope = Torch.NewDisposeScope();
                var source = _node.IsCross ? Memory : input;
                long n = input.shape[0], lq = input.shape[1], lk = source.shape[1], h = _node.Heads, dh = _node.Dim / _node.Heads;
                var q = (q_proj.forward(input) * (1.0 / global::System.Math.Sqrt(dh))).reshape(n, lq, h, dh).transpose(1, 2);
                var k = k_proj.forward(source).reshape(n, lk, h, dh).transpose(1, 2);
                var v = v_proj.forward(source).reshape(n, lk, h, dh).transpose(1, 2);
                var scores = q.matmul(k.transpose(2, 3));
                if (_node.Causal) scores = scores + Torch.tensor(CausalMask(lq, lk), new long[] { lq, lk }).to(scores.device);
                var context = scores.softmax(-1).matmul(v).transpose(1, 2).reshape(n, lq, _node.Dim);
                return out_proj.forward(context).MoveToOuterDisposeScope();
            }
        }

        // fairseq's table: sin in the first half of the features, cos in the second, frequencies 10000^(-i/(half-1)).
        private static float[] Sinusoid(int length, int dim)
        {
            var table = new float[length * dim];
            var half = dim / 2;
            for (var p = 0; p < length; p++)
                for (var i = 0; i < half; i++)
                {
                    var angle = p * global::System.Math.Exp(-global::System.Math.Log(10000.0) * i / global::System.Math.Max(1, half - 1));
                    table[p * dim + i] = (float)global::System.Math.Sin(angle);
                    table[p * dim + half + i] = (float)global::System.Math.Cos(angle);
                }
            return table;
        }

        /// <summary>Added to the attention scores of a decoder: -inf where a token would see a later one.</summary>
        private static float[] CausalMask(long queries, long keys)
        {
            var mask = new float[queries * keys];
            for (long i = 0; i < queries; i++)
                for (var j = i + 1; j < keys; j++) mask[i * keys + j] = float.NegativeInfinity;
            return mask;
        }

        /// <summary>fc2(relu(fc1(x))).</summary>
        internal sealed class FeedForward : Layer
        {
            private readonly global::TorchSharp.Modules.Linear fc1, fc2;

            public FeedForward(Ops.FeedForwardNode node) : base("FeedForward")
            {
                fc1 = Torch.nn.Linear(node.Dim, node.Hidden);
                fc2 = Torch.nn.Linear(node.Hidden, node.Dim);
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                using var scope = Torch.NewDisposeScope();
                return fc2.forward(fc1.forward(input).relu()).MoveToOuterDisposeScope();
            }
        }

        /// <summary>x + sublayer(x), normalised after (post-norm, fairseq's default) or before the sublayer (pre-norm).</summary>
        private static Tensor Sublayer(Layer sublayer, global::TorchSharp.Modules.LayerNorm norm, Tensor x, bool preNorm) =>
            preNorm ? x + sublayer.forward(norm.forward(x)) : norm.forward(x + sublayer.forward(x));

        private static global::TorchSharp.Modules.LayerNorm Norm(Ops.LayerNormNode node) => Torch.nn.LayerNorm(new long[] { node.Dim }, node.Eps);

        internal sealed class EncoderLayer : Layer
        {
            private readonly Attention self_attn;
            private readonly global::TorchSharp.Modules.LayerNorm self_attn_layer_norm, final_layer_norm;
            private readonly FeedForward ffn;
            private readonly bool _preNorm;

            public EncoderLayer(Ops.EncoderLayerNode node) : base("EncoderLayer")
            {
                self_attn = new Attention(node.SelfAttention);
                self_attn_layer_norm = Norm(node.SelfAttentionNorm);
                ffn = new FeedForward(node.FeedForward);
                final_layer_norm = Norm(node.FinalNorm);
                _preNorm = node.PreNorm;
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                using var scope = Torch.NewDisposeScope();
                var x = Sublayer(self_attn, self_attn_layer_norm, input, _preNorm);
                return Sublayer(ffn, final_layer_norm, x, _preNorm).MoveToOuterDisposeScope();
            }
        }

        internal sealed class DecoderLayer : Layer
        {
            private readonly Attention self_attn, encoder_attn;
            private readonly global::TorchSharp.Modules.LayerNorm self_attn_layer_norm, encoder_attn_layer_norm, final_layer_norm;
            private readonly FeedForward ffn;
            private readonly bool _preNorm;

            public DecoderLayer(Ops.DecoderLayerNode node) : base("DecoderLayer")
            {
                self_attn = new Attention(node.SelfAttention);
                self_attn_layer_norm = Norm(node.SelfAttentionNorm);
                encoder_attn = new Attention(node.EncoderAttention);
                encoder_attn_layer_norm = Norm(node.EncoderAttentionNorm);
                ffn = new FeedForward(node.FeedForward);
                final_layer_norm = Norm(node.FinalNorm);
                _preNorm = node.PreNorm;
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                using var scope = Torch.NewDisposeScope();
                var x = Sublayer(self_attn, self_attn_layer_norm, input, _preNorm);
                x = Sublayer(encoder_attn, encoder_attn_layer_norm, x, _preNorm);
                return Sublayer(ffn, final_layer_norm, x, _preNorm).MoveToOuterDisposeScope();
            }
        }

        /// <summary>Encoder on the source ids (row 0), decoder on the target ids (row 1) with the encoder output as memory.</summary>
        internal sealed class EncoderDecoder : Layer
        {
            private readonly Layer encoder, decoder;

            public EncoderDecoder(Plans.EncoderDecoderNode node) : base("EncoderDecoder")
            {
                encoder = PlanLayers.Build(node.Encoder);
                decoder = PlanLayers.Build(node.Decoder);
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                using var scope = Torch.NewDisposeScope();
                var memory = encoder.forward(input.select(1, 0));
                var stack = _memory ??= new global::System.Collections.Generic.Stack<Tensor>();
                stack.Push(memory);
                try
                {
                    return decoder.forward(input.select(1, 1)).MoveToOuterDisposeScope();
                }
                finally
                {
                    stack.Pop();
                }
            }
        }
    }
}

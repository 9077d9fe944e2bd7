using AutoBuild.Examples;
using AutoBuild.TorchSharp.Tests.Infrastructure;
using AutoBuild.TorchSharp.Tests.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoBuild.TorchSharp.Tests;

/// <summary>Generated models of transformer spaces on the real TorchSharp: the HAT example's smallest SubTransformer
/// and every corner of a tiny encoder–decoder that uses each transformer construct (Fixtures/Specs/tiny-seq2seq).
/// Forward gives N x L x vocab logits, the parameter count equals the cost model's, backward reaches every weight,
/// the decoder is causal and its cross-attention reads the source.</summary>
public sealed class TransformerModelTests
{
    public TransformerModelTests() => TorchTestSetup.Ensure();

    public static TheoryData<int> TinyCases() => new() { 0, 1, 2, 3 };

    /// <summary>First and last value of every decision, and two seeded samples.</summary>
    private static TinySeq2Seq.Architecture Tiny(int which)
    {
        var space = TinySeq2Seq.Space;
        return which switch
        {
            0 => TinySeq2Seq.Architecture.From(space.Create(space.Decisions.Select(d => d.ActiveWhen is null || d.Name.StartsWith("enc.l1") || d.Name.StartsWith("dec.l1") ? 0 : -1).ToArray())),
            1 => TinySeq2Seq.Architecture.From(space.Create(space.Decisions.Select(d => d.Values.Count - 1).ToArray())),
            _ => TinySeq2Seq.Architecture.From(space.Sample(new Random(which))),
        };
    }

    /// <summary>N x 2 x L token ids: the source in row 0, the target in row 1.</summary>
    private static Tensor Tokens(int batch, int length, int vocabulary, int seed)
    {
        torch.manual_seed(seed);
        return randint(vocabulary, new long[] { batch, 2, length });
    }

    [Theory]
    [MemberData(nameof(TinyCases))]
    public void Tiny_forward_shape_and_parameters_match_the_plan_and_the_cost_model(int which)
    {
        var architecture = Tiny(which);
        using var scope = NewDisposeScope();
        using var model = new TinySeq2SeqModel(architecture);
        model.eval();
        using var _ = no_grad();
        var output = model.forward(Tokens(3, 6, 23, which));
        Assert.Equal(new long[] { 3, 6, 23 }, output.shape);
        Assert.True(output.isfinite().all().item<bool>(), "non-finite output");
        Assert.Equal(TinySeq2Seq.Params(architecture), model.parameters().Sum(p => p.numel()));
    }

    [Theory]
    [MemberData(nameof(TinyCases))]
    public void Tiny_backward_gives_every_parameter_a_finite_gradient_and_a_step_changes_it(int which)
    {
        var architecture = Tiny(which);
        using var scope = NewDisposeScope();
        torch.manual_seed(11);
        using var model = new TinySeq2SeqModel(architecture);
        model.train();
        var tokens = Tokens(4, 6, 23, 5);
        var logits = model.forward(tokens);
        var loss = nn.functional.cross_entropy(logits.reshape(-1, 23), tokens.select(1, 1).reshape(-1));
        loss.backward();
        var named = model.named_parameters().ToList();
        foreach (var (name, parameter) in named)
        {
            var grad = parameter.grad;
            Assert.True(grad is not null, name + " has no gradient");
            Assert.True(grad!.isfinite().all().item<bool>(), name + " has a non-finite gradient");
        }
        // Every weight matrix and LayerNorm takes part: its gradient is not all zero (embedding rows of unseen tokens may be).
        Assert.All(named.Where(p => !p.name.EndsWith("embed_tokens.weight")), p => Assert.True(p.parameter.grad!.abs().sum().item<float>() > 0, p.name));
    }

    [Fact]
    public void The_decoder_is_causal_and_attends_to_the_source()
    {
        var architecture = Tiny(1);
        using var scope = NewDisposeScope();
        torch.manual_seed(3);
        using var model = new TinySeq2SeqModel(architecture);
        model.eval();
        using var _ = no_grad();
        var tokens = Tokens(2, 6, 23, 9);
        var reference = model.forward(tokens);

        // A different last target token changes only the last position's logits.
        var later = tokens.clone();
        later[TensorIndex.Colon, 1, 5] = (later[TensorIndex.Colon, 1, 5] + 1) % 23;
        var changed = model.forward(later);
        Assert.True(changed.narrow(1, 0, 5).allclose(reference.narrow(1, 0, 5)), "an earlier position saw a later target token");
        Assert.False(changed.narrow(1, 5, 1).allclose(reference.narrow(1, 5, 1)), "the last position ignores its own token");

        // A different first source token changes every target position (cross-attention reads the whole source).
        var source = tokens.clone();
        source[TensorIndex.Colon, 0, 0] = (source[TensorIndex.Colon, 0, 0] + 1) % 23;
        var moved = model.forward(source);
        for (var t = 0; t < 6; t++)
            Assert.False(moved.narrow(1, t, 1).allclose(reference.narrow(1, t, 1)), $"position {t} ignores the source");
    }

    [Fact]
    public void The_smallest_hat_subtransformer_runs_with_the_cost_models_parameter_count()
    {
        var space = HatTransformer.Space;
        var architecture = HatTransformer.Architecture.From(space.Create(space.Decisions.Select(d => d.ActiveWhen is null ? 0 : -1).ToArray()));
        using var scope = NewDisposeScope();
        using var model = new HatTransformerModel(architecture);
        model.eval();
        using var _ = no_grad();
        var output = model.forward(Tokens(1, 30, 32768, 1));
        Assert.Equal(new long[] { 1, 30, 32768 }, output.shape);
        Assert.True(output.isfinite().all().item<bool>(), "non-finite output");
        Assert.Equal(62_429_184L, model.parameters().Sum(p => p.numel()));
        // fairseq's names inside the layers (docs/spec-language.md, "Transformer spaces").
        var keys = model.state_dict();
        Assert.Equal(new long[] { 512, 512 }, keys["0.encoder.encoder.0.self_attn.q_proj.weight"].shape);
        Assert.Equal(new long[] { 512, 512 }, keys["0.decoder.decoder.0.encoder_attn.k_proj.weight"].shape);
        Assert.Equal(new long[] { 512, 512 }, keys["0.encoder.encoder.5.ffn.fc1.weight"].shape);
        Assert.Equal(new long[] { 32768, 512 }, keys["0.decoder.0.embed_tokens.weight"].shape);
        Assert.Equal(new long[] { 32768, 512 }, keys["1.weight"].shape);
        Assert.Equal(HatTransformer.Params(architecture), model.parameters().Sum(p => p.numel()));
    }
}

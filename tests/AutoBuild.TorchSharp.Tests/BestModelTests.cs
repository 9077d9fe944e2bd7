using AutoBuild.Examples;
using AutoBuild.TorchSharp.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoBuild.TorchSharp.Tests;

/// <summary>
/// <c>&lt;Space&gt;BestModel</c> is Best written out as explicit code (named fields, a plain forward). It has the same
/// state-dict names as the generic <c>&lt;Space&gt;Model</c> of Best: the generic model's weights load into it by
/// name (strict) and give bit-identical outputs, and its own weights load back. Cell (NAS-Bench-201), DAG
/// (NAS-Bench-101) and macro spaces (NAS-Bench-Macro, OFA-MobileNetV3 with squeeze-and-excite, OFA-ProxylessNAS).
/// </summary>
public sealed class BestModelTests
{
    public BestModelTests() => TorchTestSetup.Ensure();

    public static TheoryData<string> Spaces => new() { "NasBench201", "NasBench101", "NasBenchMacro", "OfaMobileNetV3", "OfaProxylessNas", "TransNasMicro" };

    private static nn.Module<Tensor, Tensor> Generic(string space) => space switch
    {
        "NasBench201" => new NasBench201Model(NasBench201.Best),
        "NasBench101" => new NasBench101Model(NasBench101.Best),
        "NasBenchMacro" => new NasBenchMacroModel(NasBenchMacro.Best),
        "OfaMobileNetV3" => new OfaMobileNetV3Model(OfaMobileNetV3.Best),
        "OfaProxylessNas" => new OfaProxylessNasModel(OfaProxylessNas.Best),
        "TransNasMicro" => new TransNasMicroModel(TransNasMicro.Best),
        _ => throw new ArgumentException(space),
    };

    private static nn.Module<Tensor, Tensor> Explicit(string space) => space switch
    {
        "NasBench201" => new NasBench201BestModel(),
        "NasBench101" => new NasBench101BestModel(),
        "NasBenchMacro" => new NasBenchMacroBestModel(),
        "OfaMobileNetV3" => new OfaMobileNetV3BestModel(),
        "OfaProxylessNas" => new OfaProxylessNasBestModel(),
        "TransNasMicro" => new TransNasMicroBestModel(),
        _ => throw new ArgumentException(space),
    };

    private static (nn.Module<Tensor, Tensor> Generic, nn.Module<Tensor, Tensor> Explicit, AutoBuild.Runtime.Plans.Plan Plan) Create(string space)
    {
        manual_seed(12);
        var generic = Generic(space);
        return (generic, Explicit(space), (AutoBuild.Runtime.Plans.Plan)generic.GetType().GetProperty("Plan")!.GetValue(generic)!);
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void The_generic_models_weights_load_into_the_explicit_best_model_by_name_and_give_identical_outputs(string space)
    {
        using var scope = NewDisposeScope();
        var (generic, best, plan) = Create(space);
        using var _1 = generic;
        using var _2 = best;
        Assert.Equal(generic.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal), best.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(generic.parameters().Sum(p => p.numel()), best.parameters().Sum(p => p.numel()));
        // The explicit model creates its layers in the generic model's order: the same seed, the same initial weights.
        manual_seed(11);
        using (var seeded = Explicit(space))
        {
            manual_seed(11);
            using var seededGeneric = Generic(space);
            var weights = seededGeneric.state_dict();
            Assert.All(seeded.state_dict(), kv => Assert.True(kv.Value.eq(weights[kv.Key]).all().item<bool>(), kv.Key));
        }

        // A few training steps first, so that BatchNorm running statistics are not the defaults.
        generic.train();
        var input = randn(2, plan.Input.Channels, plan.Input.Height, plan.Input.Width);
        using (no_grad()) generic.forward(input);
        best.load_state_dict(generic.state_dict(), strict: true);
        generic.eval();
        best.eval();
        using (no_grad())
        {
            var expected = generic.forward(input);
            var actual = best.forward(input);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(expected.eq(actual).all().item<bool>(), $"max difference {(expected - actual).abs().max().item<float>()}");
        }
        // And back: the explicit model's trained weights load into the generic model.
        best.train();
        using (no_grad()) best.forward(input);
        generic.load_state_dict(best.state_dict(), strict: true);
        generic.eval();
        best.eval();
        using (no_grad()) Assert.True(generic.forward(input).eq(best.forward(input)).all().item<bool>());
    }
}

using AutoBuild.TorchSharp.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoBuild.TorchSharp.Tests;

/// <summary>
/// Every example spec's generated <c>&lt;Space&gt;Model</c> on the real TorchSharp/libtorch: it builds, runs
/// forward with the plan's output shape, has exactly the cost model's parameter count, trains (backward and an
/// optimizer step change the weights), switches train/eval, and survives a state-dict round trip bit for bit.
/// </summary>
public sealed class GeneratedModelTests
{
    public GeneratedModelTests() => TorchTestSetup.Ensure();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (space, which, _) in ExampleModels.Cases()) data.Add(space, which);
        return data;
    }

    private static (ExampleModels.Entry Entry, AutoBuild.Runtime.Architecture Architecture) Find(string space, string which) =>
        (ExampleModels.All[space], ExampleModels.Cases().Single(c => c.Space == space && c.Which == which).Architecture);

    private static Tensor Input(AutoBuild.Runtime.Plans.Plan plan, int batch, int seed)
    {
        torch.manual_seed(seed);
        return plan.Input.IsVector ? randn(batch, plan.Input.Channels) : randn(batch, plan.Input.Channels, plan.Input.Height, plan.Input.Width);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_shape_and_parameter_count_match_the_plan_and_the_cost_model(string space, string which)
    {
        var (entry, architecture) = Find(space, which);
        var plan = entry.Space.Instantiate(architecture);
        using var scope = NewDisposeScope();
        using var model = entry.Create(architecture);
        model.eval();
        using var _ = no_grad();
        var output = model.forward(Input(plan, 2, 0));
        var expected = plan.Root.Output.IsVector ? new long[] { 2, plan.Root.Output.Channels }
            : new long[] { 2, plan.Root.Output.Channels, plan.Root.Output.Height, plan.Root.Output.Width };
        Assert.Equal(expected, output.shape);
        Assert.True(output.isfinite().all().item<bool>(), "non-finite output");
        Assert.Equal(entry.Space.Params(architecture), model.parameters().Sum(p => p.numel()));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_and_an_optimizer_step_train_every_parameter_and_the_state_dict_round_trips(string space, string which)
    {
        var (entry, architecture) = Find(space, which);
        var plan = entry.Space.Instantiate(architecture);
        using var scope = NewDisposeScope();
        torch.manual_seed(7); // the initial weights
        using var model = entry.Create(architecture);
        model.train();
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        var optimizer = optim.SGD(model.parameters(), 0.01);
        optimizer.zero_grad();
        var output = model.forward(Input(plan, 2, 1));
        var loss = output.square().mean();
        loss.backward();
        // A parameter gets no gradient only when its layer cannot reach the output (a cell edge cut off by 'none'
        // edges); every gradient that exists is finite, and exactly the parameters with a gradient move.
        var parameters = model.parameters().ToList();
        var withGradient = parameters.Where(p => p.grad is not null).ToList();
        Assert.NotEmpty(withGradient);
        Assert.All(withGradient, p => Assert.True(p.grad!.isfinite().all().item<bool>(), "non-finite gradient"));
        optimizer.step();
        var changed = parameters.Zip(before).Count(x => !x.First.detach().eq(x.Second).all().item<bool>());
        Assert.InRange(changed, 1, withGradient.Count);

        // Train → eval → save → load into a fresh model of the same architecture: identical outputs.
        model.eval();
        var path = Path.Combine(Path.GetTempPath(), $"autobuild-{space}-{which}-{Guid.NewGuid():N}.dat");
        try
        {
            model.save(path);
            using var copy = entry.Create(architecture);
            copy.load(path);
            copy.eval();
            using var _ = no_grad();
            var x = Input(plan, 2, 2);
            Assert.True(model.forward(x).eq(copy.forward(x)).all().item<bool>(), "outputs differ after a state-dict round trip");
            Assert.Equal(model.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal), copy.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_model_converts_to_float64_and_still_computes_the_same_function()
    {
        var (entry, architecture) = Find("NasBench201", "sample1");
        var plan = entry.Space.Instantiate(architecture);
        using var scope = NewDisposeScope();
        using var model = entry.Create(architecture);
        model.eval();
        using var _ = no_grad();
        var x = Input(plan, 2, 3);
        var single = model.forward(x);
        model.to(ScalarType.Float64);
        var @double = model.forward(x.to(ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, @double.dtype);
        Assert.True(single.to(ScalarType.Float64).allclose(@double, rtol: 1e-4, atol: 1e-5));
    }
}

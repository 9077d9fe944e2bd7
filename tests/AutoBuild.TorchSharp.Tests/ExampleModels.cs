using AutoBuild.Examples;
using AutoBuild.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoBuild.TorchSharp.Tests;

/// <summary>The generated model classes of every example spec (examples/spaces/*.space.yaml), by space name.</summary>
internal static class ExampleModels
{
    public sealed record Entry(SearchSpace Space, Func<AutoBuild.Runtime.Architecture, nn.Module<Tensor, Tensor>> Create);

    public static IReadOnlyDictionary<string, Entry> All { get; } = new Dictionary<string, Entry>(StringComparer.Ordinal)
    {
        ["EfficientNetB0"] = new(EfficientNetB0.Space, a => new EfficientNetB0Model(EfficientNetB0.Architecture.From(a))),
        ["MobileNetV2"] = new(MobileNetV2.Space, a => new MobileNetV2Model(MobileNetV2.Architecture.From(a))),
        ["MobileNetV3Large"] = new(MobileNetV3Large.Space, a => new MobileNetV3LargeModel(MobileNetV3Large.Architecture.From(a))),
        ["MobileNetV3Small"] = new(MobileNetV3Small.Space, a => new MobileNetV3SmallModel(MobileNetV3Small.Architecture.From(a))),
        ["NasBench101"] = new(NasBench101.Space, a => new NasBench101Model(NasBench101.Architecture.From(a))),
        ["NasBench201"] = new(NasBench201.Space, a => new NasBench201Model(NasBench201.Architecture.From(a))),
        ["NasBenchMacro"] = new(NasBenchMacro.Space, a => new NasBenchMacroModel(NasBenchMacro.Architecture.From(a))),
        ["OfaMobileNetV3"] = new(OfaMobileNetV3.Space, a => new OfaMobileNetV3Model(OfaMobileNetV3.Architecture.From(a))),
        ["OfaProxylessNas"] = new(OfaProxylessNas.Space, a => new OfaProxylessNasModel(OfaProxylessNas.Architecture.From(a))),
        ["TransNasMicro"] = new(TransNasMicro.Space, a => new TransNasMicroModel(TransNasMicro.Architecture.From(a))),
        ["ResNet18"] = new(ResNet18.Space, a => new ResNet18Model(ResNet18.Architecture.From(a))),
    };

    /// <summary>The architectures each space is tested on: the first and last choice of every decision (where that
    /// is a buildable network and not already listed), seeded samples (one, or two where first or last is not new), and the space's
    /// <c>Best</c> where a build result is compiled in.</summary>
    public static IEnumerable<(string Space, string Which, AutoBuild.Runtime.Architecture Architecture)> Cases()
    {
        foreach (var (name, entry) in All)
        {
            var space = entry.Space;
            var first = space.Decisions.Select(_ => 0).ToArray();
            var last = space.Decisions.Select(d => d.Values.Count - 1).ToArray();
            var ends = new List<AutoBuild.Runtime.Architecture>();
            foreach (var (which, choices) in new[] { ("first", first), ("last", last) })
                if (space.IsValid(choices, out _) && Buildable(space, space.Create(choices)) && !ends.Contains(space.Create(choices)))
                {
                    ends.Add(space.Create(choices));
                    yield return (name, which, space.Create(choices));
                }
            foreach (var seed in ends.Count == 2 ? new[] { 1 } : new[] { 1, 2 })
            {
                var sample = space.Sample(new Random(seed), a => Buildable(space, a));
                if (!ends.Contains(sample)) yield return (name, $"sample{seed}", sample); // a fixed network has one architecture
            }
        }
        yield return ("NasBench201", "Best", NasBench201.Best.Untyped);
    }

    private static bool Buildable(SearchSpace space, AutoBuild.Runtime.Architecture architecture)
    {
        try { space.Instantiate(architecture); return true; }
        catch (Exception e) when (e is AutoBuild.Runtime.Plans.InvalidArchitectureException or AutoBuild.Runtime.Plans.ShapeException) { return false; }
    }
}

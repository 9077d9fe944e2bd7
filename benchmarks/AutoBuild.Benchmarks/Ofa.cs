using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks;

/// <summary>The OFA-MobileNetV3 decision structure (autobuild-method.md §1.1): resolution 192/208/224, 5 stages of depth
/// 2–4, kernel 3/5/7 and expansion 3/4/6 per layer (layers 3–4 active by depth). Built in code with the metadata the
/// spec front end produces, so the benchmark does not depend on the example spec.</summary>
public static class Ofa
{
    public const int Stages = 5;

    public static SearchSpace Space()
    {
        var list = new List<Decision> { new("resolution", DecisionKind.Integer, new[] { "192", "208", "224" }, DecisionRole.Resolution) };
        for (var s = 0; s < Stages; s++)
        {
            var stage = $"s{s + 1}";
            var depth = list.Count;
            list.Add(new Decision($"{stage}.depth", DecisionKind.Integer, new[] { "2", "3", "4" }, DecisionRole.Depth, site: new DecisionSite(stage, s)));
            for (var l = 0; l < 4; l++)
            {
                var when = l < 2 ? null : new ActivityCondition(depth, l == 2 ? new[] { 1, 2 } : new[] { 2 });
                var site = new DecisionSite(stage, s, l);
                list.Add(new Decision($"{stage}.l{l + 1}.kernel", DecisionKind.Integer, new[] { "3", "5", "7" }, DecisionRole.Kernel, when, site));
                list.Add(new Decision($"{stage}.l{l + 1}.expand", DecisionKind.Integer, new[] { "3", "4", "6" }, DecisionRole.Expand, when, site));
            }
        }
        return new SearchSpace("OfaMobileNetV3", null, SpaceKind.Macro, list);
    }

    /// <summary>The space of examples/spaces/ofa-mobilenetv3.space.yaml through the real front end, or the hand-built
    /// equivalent when the spec is missing or has errors. The second value names the source.</summary>
    public static (SearchSpace Space, string Source) Load()
    {
        var path = Path.Combine(Args.RepoRoot, "examples", "spaces", "ofa-mobilenetv3.space.yaml");
        if (File.Exists(path))
        {
            var result = AutoBuild.Spec.SpecCompiler.CompileFile(path);
            if (!result.HasErrors && result.Space != null) return (result.Space, "examples/spaces/ofa-mobilenetv3.space.yaml");
        }
        return (Space(), "hand-built OFA-MobileNetV3 decisions");
    }
}

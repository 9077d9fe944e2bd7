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

    /// <summary>A uniformly random architecture (depth uniform per stage, every active choice uniform).</summary>
    public static Architecture Sample(SearchSpace space, Random rng)
    {
        var choices = new int[space.Decisions.Count];
        for (var d = 0; d < choices.Length; d++)
        {
            var when = space.Decisions[d].ActiveWhen;
            choices[d] = when != null && !when.Choices.Contains(choices[when.Decision]) ? -1 : rng.Next(space.Decisions[d].Values.Count);
        }
        return new Architecture(space, choices);
    }

    /// <summary>Every configuration of one stage, inside <paramref name="context"/>: 9² + 9³ + 9⁴ = 7,371.</summary>
    public static IEnumerable<Architecture> StageModules(SearchSpace space, int stage, Architecture context)
    {
        var depth = space.IndexOfDecision($"s{stage + 1}.depth");
        for (var dc = 0; dc < 3; dc++)
        {
            var layers = dc + 2;
            var combos = (int)Math.Pow(9, layers);
            for (var code = 0; code < combos; code++)
            {
                var choices = context.Choices.ToArray();
                choices[depth] = dc;
                var c = code;
                for (var l = 0; l < 4; l++)
                {
                    var k = space.IndexOfDecision($"s{stage + 1}.l{l + 1}.kernel");
                    var e = space.IndexOfDecision($"s{stage + 1}.l{l + 1}.expand");
                    if (l < layers) { choices[k] = c % 3; choices[e] = c / 3 % 3; c /= 9; }
                    else { choices[k] = -1; choices[e] = -1; }
                }
                yield return new Architecture(space, choices);
            }
        }
    }
}

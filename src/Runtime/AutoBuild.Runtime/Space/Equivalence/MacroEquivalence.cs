using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime;

// Macro spaces whose stages choose an op per layer, an identity among them (NAS-Bench-Macro's `id`; docs/generated-code.md,
// "Canonical"). After a stage's first layer (which carries the stride and the new width) every layer keeps the
// shape, so an identity there passes its input on unchanged and the stage computes the composition of its other
// layers in order: where the identities sit does not matter. The representative moves them to the end of the stage
// (NAS-Bench-Macro's own `canonical_arch`), keeping the order of the other layers. This is checked on the
// architecture's plan before anything moves: every layer after the first keeps its input shape and every layer whose
// value is an identity option is an identity node; otherwise the architecture is its own representative. A stage's
// depth is not folded (an identity layer is not the same decision as a shorter stage). Spaces without such stages
// (OFA, ResNet) have no macro equivalence.
internal sealed class MacroEquivalence : IArchitectureEquivalence
{
    private readonly SearchSpace _space;
    private readonly Stage[] _stages;

    private sealed class Stage
    {
        public Stage(string name, int[] decisions, bool[] identity)
        {
            Name = name; Decisions = decisions; Identity = identity;
        }

        public string Name { get; }
        /// <summary>The decisions of the stage's layers after the first, in order.</summary>
        public int[] Decisions { get; }
        /// <summary>[value]: the option is an identity.</summary>
        public bool[] Identity { get; }
    }

    private MacroEquivalence(SearchSpace space, Stage[] stages)
    {
        _space = space; _stages = stages;
    }

    public static MacroEquivalence? TryCreate(SearchSpace space)
    {
        if (space.Kind != SpaceKind.Macro || space.Network is null) return null;
        var stages = new List<Stage>();
        var used = new HashSet<int>();
        foreach (var stage in LayerTree.Nested(space.Network.Body).OfType<StageLayer>())
        {
            if (stage.Layers.Count < 3) continue; // two movable layers at least
            var choices = stage.Layers.Skip(1).Select(l => l as ChoiceLayer).ToArray();
            if (choices.Any(c => c is null)) continue;
            var decisions = choices.Select(c => c!.Decision).ToArray();
            var values = space.Decisions[decisions[0]].Values;
            // Each layer its own decision, with the same values, and the same options being identities (so a moved
            // value means the same op at its new position).
            if (decisions.Distinct().Count() != decisions.Length || decisions.Any(d => !used.Add(d))) continue;
            if (decisions.Any(d => !space.Decisions[d].Values.SequenceEqual(values))) continue;
            var identity = choices[0]!.Options.Select(IsIdentity).ToArray();
            if (!identity.Contains(true) || identity.All(i => i)) continue;
            if (choices.Any(c => c!.Options.Count != identity.Length || !c.Options.Select(IsIdentity).SequenceEqual(identity))) continue;
            stages.Add(new Stage(stage.Name, decisions, identity));
        }
        return stages.Count == 0 ? null : new MacroEquivalence(space, stages.ToArray());
    }

    private static bool IsIdentity(Layer option) =>
        option is IdentityLayer || option is SkipLayer { Stride: { IsChoice: false, Constant: 1 } };

    /// <summary>Never: a graph with no input-to-output path is no architecture of the space, and no layer here passes only zeros.</summary>
    public bool IgnoresInput(Architecture a) => false;

    public Architecture Canonical(Architecture a)
    {
        int[]? result = null;
        Plan? plan = null;
        foreach (var stage in _stages)
        {
            // The active layers after the first, in order (a shallower stage leaves the last ones inactive).
            var active = stage.Decisions.Where(d => a[d] >= 0).ToArray();
            var values = active.Select(d => a[d]).ToArray();
            var moved = values.Where(v => !stage.Identity[v]).Concat(values.Where(v => stage.Identity[v])).ToArray();
            if (moved.SequenceEqual(values)) continue;
            plan ??= _space.Instantiate(a);
            if (!Preserves(plan.Root, stage, values)) continue;
            result ??= a.Choices.ToArray();
            for (var i = 0; i < active.Length; i++) result[active[i]] = moved[i];
        }
        return result is null ? a : new Architecture(_space, result);
    }

    /// <summary>Whether, in the plan, the stage's layers after the first keep their shape and its identity values are
    /// identity nodes (then moving them preserves the function).</summary>
    private static bool Preserves(PlanNode root, Stage stage, int[] values)
    {
        if (Find(root, stage.Name) is not { } node || node.Children.Count != values.Length + 1) return false;
        for (var i = 0; i < values.Length; i++)
        {
            var child = node.Children[i + 1];
            if (!child.Input.Equals(child.Output)) return false;
            if (stage.Identity[values[i]] && child is not IdentityNode) return false;
        }
        return true;
    }

    private static SequenceNode? Find(PlanNode node, string name)
    {
        if (node is not SequenceNode s) return null;
        if (s.Name == name) return s;
        foreach (var child in s.Children)
            if (Find(child, name) is { } found) return found;
        return null;
    }
}

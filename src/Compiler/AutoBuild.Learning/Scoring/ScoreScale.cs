using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Scoring;

/// <summary>The target moments module scores are rescaled with (autobuild-method.md §4.1): per (stage, depth) the
/// mean and standard deviation of the raw training targets of architectures whose stage has that depth. Groups
/// with fewer than two architectures or no spread fall back to the moments of all training targets, which is
/// also what cell and DAG modules use.</summary>
public sealed class ScoreScale
{
    private readonly Dictionary<(int Stage, int Depth), (double Mean, double Std)> _byStageDepth = new();

    public ScoreScale(SearchSpace space, IReadOnlyList<Architecture> training, IReadOnlyList<double> targets)
    {
        if (training.Count != targets.Count) throw new ArgumentException("One target per architecture is needed.", nameof(targets));
        Overall = Moments(targets);
        var groups = new Dictionary<(int, int), List<double>>();
        for (var i = 0; i < training.Count; i++)
            foreach (var (stage, depth) in StageDepths(space, training[i]))
            {
                if (!groups.TryGetValue((stage, depth), out var list)) groups[(stage, depth)] = list = new List<double>();
                list.Add(targets[i]);
            }
        foreach (var g in groups)
        {
            var m = Moments(g.Value);
            if (g.Value.Count >= 2 && m.Std > 0) _byStageDepth[g.Key] = m;
        }
    }

    /// <summary>Mean and (population) standard deviation of all training targets; std 1 when they do not vary.</summary>
    public (double Mean, double Std) Overall { get; }

    public (double Mean, double Std) For(int stage, int depth) =>
        _byStageDepth.TryGetValue((stage, depth), out var m) ? m : Overall;

    /// <summary>The number of active layers of every stage of an architecture: the distinct layer sites of its
    /// active stage- and layer-sited decisions.</summary>
    public static IEnumerable<(int Stage, int Depth)> StageDepths(SearchSpace space, Architecture architecture)
    {
        var layers = new SortedDictionary<int, HashSet<int>>();
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            var site = space.Decisions[d].Site;
            if (site.StageIndex is not int s || site.Layer is not int l || architecture[d] < 0 || space.Decisions[d].Role == DecisionRole.Depth) continue;
            if (!layers.TryGetValue(s, out var set)) layers[s] = set = new HashSet<int>();
            set.Add(l);
        }
        return layers.Select(p => (p.Key, p.Value.Count));
    }

    private static (double Mean, double Std) Moments(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return (0, 1);
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        return (mean, std > 0 ? std : 1);
    }
}

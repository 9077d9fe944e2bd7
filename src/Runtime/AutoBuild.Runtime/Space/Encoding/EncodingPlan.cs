using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoBuild.Runtime;

/// <summary>The layout behind a space's canonical strings: which encoding, and the decision groups it writes. Decided
/// once per space (by <see cref="ArchitectureCodec"/>).</summary>
internal sealed class EncodingPlan
{
    private EncodingPlan(CanonicalEncoding kind) { Kind = kind; }

    public CanonicalEncoding Kind { get; }
    /// <summary>CellEdges: decision indices grouped by target node (ascending), sources ascending.</summary>
    public List<int[]> Groups { get; } = new();
    /// <summary>MacroCompact: the global segment (Stage null) then one per stage.</summary>
    public List<EncodingSegment> Segments { get; } = new();
    /// <summary>MacroCompact: the key letter of each decision.</summary>
    public string[] Keys { get; private set; } = Array.Empty<string>();

    public static EncodingPlan Choose(SearchSpace space) =>
        TryCell(space) ?? TryCompact(space) ?? TryDigits(space) ?? new EncodingPlan(CanonicalEncoding.Generic);

    private static EncodingPlan? TryCell(SearchSpace space)
    {
        if (space.Kind != SpaceKind.Cell || space.Decisions.Count == 0) return null;
        var byTarget = new SortedDictionary<int, SortedDictionary<int, int>>();
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            var decision = space.Decisions[d];
            if (decision.Role != DecisionRole.Edge || decision.ActiveWhen is not null || decision.Site.From is not { } from || decision.Site.To is not { } to || from < 0) return null;
            foreach (var v in decision.Values)
                if (v.Length == 0 || v.IndexOfAny(new[] { '|', '~', '+' }) >= 0) return null;
            if (!byTarget.TryGetValue(to, out var sources)) byTarget.Add(to, sources = new SortedDictionary<int, int>());
            if (sources.ContainsKey(from)) return null;
            sources.Add(from, d);
        }
        var plan = new EncodingPlan(CanonicalEncoding.CellEdges);
        foreach (var sources in byTarget.Values) plan.Groups.Add(new List<int>(sources.Values).ToArray());
        return plan;
    }

    private static EncodingPlan? TryCompact(SearchSpace space)
    {
        if (space.Kind != SpaceKind.Macro || space.Decisions.Count == 0) return null;
        var keys = new string[space.Decisions.Count];
        var global = new List<int>();
        var stages = new List<string>();
        var heads = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var layers = new Dictionary<string, SortedDictionary<int, List<int>>>(StringComparer.Ordinal);
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            var decision = space.Decisions[d];
            var key = KeyOf(decision.Role);
            if (key is null || decision.Kind != DecisionKind.Integer) return null;
            foreach (var v in decision.Values)
                if (!IsDigits(v)) return null;
            keys[d] = key;
            var stage = decision.Site.Stage;
            if (stage is null)
            {
                if (decision.Site.Layer is not null) return null;
                global.Add(d);
                continue;
            }
            if (!IsStageName(stage)) return null;
            if (!heads.ContainsKey(stage))
            {
                stages.Add(stage);
                heads.Add(stage, new List<int>());
                layers.Add(stage, new SortedDictionary<int, List<int>>());
            }
            if (decision.Site.Layer is not { } layer) heads[stage].Add(d);
            else
            {
                if (!layers[stage].TryGetValue(layer, out var list)) layers[stage].Add(layer, list = new List<int>());
                list.Add(d);
            }
        }

        var plan = new EncodingPlan(CanonicalEncoding.MacroCompact) { Keys = keys };
        if (global.Count > 0) plan.Segments.Add(new EncodingSegment(null, global.ToArray(), new List<int[]>()));
        foreach (var stage in stages)
        {
            var stageLayers = new List<int[]>();
            foreach (var l in layers[stage].Values) stageLayers.Add(l.ToArray());
            plan.Segments.Add(new EncodingSegment(stage, heads[stage].ToArray(), stageLayers));
        }

        // Keys must be unique within a group, and every controller must sit in an earlier group, so that a
        // reader knows which decisions (and layers) are present before it reaches them.
        var groupOf = new int[space.Decisions.Count];
        var groupIndex = 0;
        foreach (var segment in plan.Segments)
            foreach (var group in segment.Groups())
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var d in group)
                {
                    if (!seen.Add(keys[d])) return null;
                    groupOf[d] = groupIndex;
                }
                groupIndex++;
            }
        for (var d = 0; d < space.Decisions.Count; d++)
            if (space.Decisions[d].ActiveWhen is { } c && (c.Decision < 0 || c.Decision >= groupOf.Length || groupOf[c.Decision] >= groupOf[d])) return null;
        return plan;
    }

    private static EncodingPlan? TryDigits(SearchSpace space)
    {
        if (space.Kind != SpaceKind.Macro || space.Decisions.Count == 0) return null;
        foreach (var decision in space.Decisions)
            if (decision.ActiveWhen is not null || decision.Values.Count > 10) return null;
        return new EncodingPlan(CanonicalEncoding.MacroDigits);
    }

    private static string? KeyOf(DecisionRole role) => role switch
    {
        DecisionRole.Resolution => "r",
        DecisionRole.Depth => "d",
        DecisionRole.Kernel => "k",
        DecisionRole.Expand => "e",
        DecisionRole.Width => "w",
        _ => null,
    };

    private static bool IsDigits(string s)
    {
        if (s.Length == 0) return false;
        foreach (var ch in s)
            if (ch < '0' || ch > '9') return false;
        return true;
    }

    private static bool IsStageName(string s)
    {
        if (s.Length == 0) return false;
        foreach (var ch in s)
            if (!(ch is >= 'a' and <= 'z' || ch is >= 'A' and <= 'Z' || ch is >= '0' and <= '9' || ch == '_' || ch == '.')) return false;
        return true;
    }
}

/// <summary>MacroCompact: one segment of the string (the global decisions, or a stage and its layers).</summary>
internal sealed class EncodingSegment
{
    public EncodingSegment(string? stage, int[] head, List<int[]> layers) { Stage = stage; Head = head; Layers = layers; }

    /// <summary>Null for the global segment.</summary>
    public string? Stage { get; }
    /// <summary>Global decisions, or the stage-level decisions (depth).</summary>
    public int[] Head { get; }
    /// <summary>Per layer (ascending), its decisions in declaration order.</summary>
    public List<int[]> Layers { get; }

    public IEnumerable<int[]> Groups()
    {
        yield return Head;
        foreach (var l in Layers) yield return l;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Graphs;

/// <summary>Turns architectures of one search space into the graphs the AutoBuild predictor learns on
/// (autobuild-method.md §1). Three layouts, chosen from the decisions' roles and sites:
/// <list type="bullet">
/// <item><b>Macro</b> (decisions sited at a stage and layer): one node per active layer in network order, a directed
/// chain i→i+1 across stages. Categorical features: <c>stage</c>, <c>layer</c>, then one per kind of per-layer or
/// per-stage choice (named by role: <c>kernel</c>, <c>expand</c>, <c>width</c>, <c>op</c>, <c>se</c>, <c>activation</c>,
/// else the last segment of the decision name). Global integer decisions (resolution) and widths are also continuous
/// features, normalised to [0, 1] over their domain.</item>
/// <item><b>Cell</b> (decisions with role Edge and a from/to site, NAS-Bench-201): the line graph of the cell — an input
/// node, one node per edge carrying its op, an output node; op(i→j) feeds op(j→k). An edge whose op is <c>none</c>/<c>zero</c>
/// keeps its node (its op is a feature) but passes and receives no messages, since no data flows through it.
/// With 4 cell nodes the longest path input→op→op→op→output has 4 hops, so a 4-layer GNN sees the whole cell.</item>
/// <item><b>DAG</b> (roles NodeOp and Adjacency, NAS-Bench-101): one node per DAG node (input, active op nodes, output),
/// edges where the adjacency decision is on.</item>
/// </list>
/// Node features depend only on the node's own decisions and the global ones, so a module (a stage, or any set of
/// nodes) encoded with <see cref="EncodeSubgraph"/> has exactly the features it has in context.</summary>
public sealed partial class GraphEncoder
{
    /// <summary>How one decision feeds node features.</summary>
    private sealed class DecisionFeature
    {
        public int Categorical = -1;          // feature index, or -1
        public int[] LabelOfChoice = Array.Empty<int>();
        public int Continuous = -1;           // feature index, or -1
        public float[] ValueOfChoice = Array.Empty<float>();
    }

    /// <summary>A potential node: its kind, site and own decisions.</summary>
    private sealed class Slot
    {
        public GraphNodeKind Kind;
        public int Stage = -1, Layer = -1, From = -1, To = -1, DagNode = -1;
        public int Position = -1;             // label of the "position" feature (cell/DAG)
        public int OpLabel = -1;              // fixed "op" label (input/output)
        public readonly List<int> Decisions = new();
    }

    private readonly Layout _layout;
    private readonly List<Slot> _slots = new();
    private readonly DecisionFeature?[] _features;
    private readonly List<int> _globals = new();                      // decisions on every node
    private readonly Dictionary<int, List<int>> _stageDecisions = new(); // stage index -> stage-wide decisions
    private readonly int[] _missingLabel;                              // per categorical feature: label of "-" or -1
    private readonly int _stageFeature = -1, _layerFeature = -1, _positionFeature = -1, _opFeature = -1;

    /// <param name="costFeatures">Attach the exact cost model's log parameter count and log FLOPs to every whole
    /// architecture's graph (<see cref="EncodedGraph.Globals"/>); ignored for a space without a network template.</param>
    /// <param name="pathFeatures">Attach the path counts of cell and DAG graphs (GraphEncoder.Paths.cs) to every whole
    /// architecture's graph, after the cost features; ignored for macro spaces.</param>
    public GraphEncoder(SearchSpace space, bool costFeatures = false, bool pathFeatures = false)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        _costFeatures = costFeatures && space.Network is not null;
        var decisions = space.Decisions;
        _features = new DecisionFeature?[decisions.Count];
        _layout = LayoutOf(decisions);
        _pathFeatures = pathFeatures && _layout != Layout.Macro;

        var categorical = new List<(string Name, List<string> Labels, bool NeedsMissing)>();
        var continuous = new List<(string Name, double Min, double Max)>();
        int Cat(string name)
        {
            for (var i = 0; i < categorical.Count; i++) if (categorical[i].Name == name) return i;
            categorical.Add((name, new List<string>(), false));
            return categorical.Count - 1;
        }
        int Label(int feature, string label)
        {
            var labels = categorical[feature].Labels;
            var i = labels.IndexOf(label);
            if (i >= 0) return i;
            labels.Add(label);
            return labels.Count - 1;
        }

        // 1. Slots (potential nodes) and structural features.
        var own = new HashSet<int>();
        if (_layout == Layout.Macro)
        {
            FindEncoderDecoderStages(space.Network);
            _stageFeature = Cat("stage");
            _layerFeature = Cat("layer");
            var sited = Enumerable.Range(0, decisions.Count)
                .Where(i => IsLayerDecision(decisions[i]))
                .GroupBy(i => (decisions[i].Site.StageIndex!.Value, decisions[i].Site.Layer!.Value))
                .OrderBy(g => g.Key.Item1).ThenBy(g => g.Key.Item2);
            var stageNames = new SortedDictionary<int, string>();
            foreach (var d in decisions)
                if (d.Site.StageIndex is int s && !stageNames.ContainsKey(s))
                    stageNames[s] = d.Site.Stage ?? "s" + (s + 1).ToString(CultureInfo.InvariantCulture);
            var maxStage = stageNames.Count == 0 ? -1 : stageNames.Keys.Max();
            for (var s = 0; s <= maxStage; s++) Label(_stageFeature, stageNames.TryGetValue(s, out var n) ? n : "s" + (s + 1).ToString(CultureInfo.InvariantCulture));
            var maxLayer = decisions.Where(d => d.Site.Layer != null).Select(d => d.Site.Layer!.Value).DefaultIfEmpty(-1).Max();
            for (var l = 0; l <= maxLayer; l++) Label(_layerFeature, "l" + (l + 1).ToString(CultureInfo.InvariantCulture));
            foreach (var g in sited)
            {
                var slot = new Slot { Kind = GraphNodeKind.Layer, Stage = g.Key.Item1, Layer = g.Key.Item2 };
                slot.Decisions.AddRange(g);
                _slots.Add(slot);
                foreach (var i in g) own.Add(i);
            }
            if (_slots.Count == 0) throw new ArgumentException(WhyNoEncoding(space), nameof(space)); // builds check WhyNoEncoding first
            for (var i = 0; i < decisions.Count; i++)
            {
                if (own.Contains(i) || decisions[i].Role == DecisionRole.Depth) continue;
                if (decisions[i].Site.StageIndex is int s)
                {
                    if (!_stageDecisions.TryGetValue(s, out var list)) _stageDecisions[s] = list = new List<int>();
                    list.Add(i);
                }
                else _globals.Add(i);
            }
        }
        else
        {
            _positionFeature = Cat("position");
            _opFeature = Cat("op");
            Label(_opFeature, "input");
            Label(_opFeature, "output");
            if (_layout == Layout.Cell)
            {
                var edges = Enumerable.Range(0, decisions.Count)
                    .Where(i => decisions[i].Role == DecisionRole.Edge && decisions[i].Site.From != null && decisions[i].Site.To != null)
                    .OrderBy(i => decisions[i].Site.To!.Value).ThenBy(i => decisions[i].Site.From!.Value).ToList();
                var first = edges.Min(i => decisions[i].Site.From!.Value);
                var last = edges.Max(i => decisions[i].Site.To!.Value);
                _slots.Add(new Slot { Kind = GraphNodeKind.Input, DagNode = first, Position = Label(_positionFeature, "input"), OpLabel = 0 });
                foreach (var i in edges)
                {
                    var slot = new Slot { Kind = GraphNodeKind.EdgeOp, From = decisions[i].Site.From!.Value, To = decisions[i].Site.To!.Value, Position = Label(_positionFeature, decisions[i].Name) };
                    slot.Decisions.Add(i);
                    _slots.Add(slot);
                    own.Add(i);
                }
                _slots.Add(new Slot { Kind = GraphNodeKind.Output, DagNode = last, Position = Label(_positionFeature, "output"), OpLabel = 1 });
            }
            else
            {
                var nodeCount = 1 + decisions.Where(d => d.Role is DecisionRole.NodeOp or DecisionRole.Adjacency)
                    .Select(d => Math.Max(d.Site.Node ?? -1, Math.Max(d.Site.From ?? -1, d.Site.To ?? -1))).Max();
                for (var v = 0; v < nodeCount; v++)
                {
                    var ops = Enumerable.Range(0, decisions.Count).Where(i => decisions[i].Role == DecisionRole.NodeOp && decisions[i].Site.Node == v).ToList();
                    var kind = ops.Count > 0 ? GraphNodeKind.NodeOp : v == 0 ? GraphNodeKind.Input : GraphNodeKind.Output;
                    var slot = new Slot { Kind = kind, DagNode = v, Position = Label(_positionFeature, "n" + v.ToString(CultureInfo.InvariantCulture)), OpLabel = kind == GraphNodeKind.Input ? 0 : kind == GraphNodeKind.Output ? 1 : -1 };
                    slot.Decisions.AddRange(ops);
                    foreach (var i in ops) own.Add(i);
                    _slots.Add(slot);
                }
                for (var i = 0; i < decisions.Count; i++) if (decisions[i].Role == DecisionRole.Adjacency) own.Add(i);
            }
            for (var i = 0; i < decisions.Count; i++)
                if (!own.Contains(i) && decisions[i].Role != DecisionRole.Depth) _globals.Add(i);
        }

        // 2. Decision features.
        foreach (var i in Enumerable.Range(0, decisions.Count))
        {
            var d = decisions[i];
            if (d.Role is DecisionRole.Depth or DecisionRole.Adjacency) continue;
            var f = new DecisionFeature();
            var global = _globals.Contains(i);
            var numeric = d.Kind == DecisionKind.Integer;
            var isContinuous = numeric && (global || d.Role is DecisionRole.Width or DecisionRole.Resolution);
            var isCategorical = !numeric || d.Role != DecisionRole.Resolution && !global;
            if (d.Role is DecisionRole.Edge or DecisionRole.NodeOp) { isContinuous = false; isCategorical = true; }
            var key = d.Role is DecisionRole.Edge or DecisionRole.NodeOp ? "op" : FeatureKey(d);
            if (isCategorical)
            {
                f.Categorical = d.Role is DecisionRole.Edge or DecisionRole.NodeOp ? _opFeature : Cat(key);
                f.LabelOfChoice = d.Values.Select(v => Label(f.Categorical, v)).ToArray();
                if (d.ActiveWhen != null && d.Role is not (DecisionRole.Edge or DecisionRole.NodeOp))
                    categorical[f.Categorical] = (categorical[f.Categorical].Name, categorical[f.Categorical].Labels, true);
            }
            if (isContinuous)
            {
                var values = d.Values.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
                var c = continuous.FindIndex(x => x.Name == key);
                if (c < 0) { continuous.Add((key, values.Min(), values.Max())); c = continuous.Count - 1; }
                else continuous[c] = (key, Math.Min(continuous[c].Min, values.Min()), Math.Max(continuous[c].Max, values.Max()));
                f.Continuous = c;
                f.ValueOfChoice = values.Select(v => (float)v).ToArray(); // normalised below
            }
            _features[i] = f;
        }
        foreach (var f in _features)
        {
            if (f == null || f.Continuous < 0) continue;
            var (_, min, max) = continuous[f.Continuous];
            for (var c = 0; c < f.ValueOfChoice.Length; c++)
                f.ValueOfChoice[c] = max > min ? (float)((f.ValueOfChoice[c] - min) / (max - min)) : 0f;
        }
        // A decision-derived categorical feature that some layer node lacks gets a "-" label.
        if (_layout == Layout.Macro)
            for (var c = 0; c < categorical.Count; c++)
            {
                if (c == _stageFeature || c == _layerFeature) continue;
                var everywhere = _slots.All(s => Scope(s).Any(i => _features[i]?.Categorical == c));
                if (!everywhere) categorical[c] = (categorical[c].Name, categorical[c].Labels, true);
            }
        _missingLabel = new int[categorical.Count];
        for (var c = 0; c < categorical.Count; c++)
            _missingLabel[c] = categorical[c].NeedsMissing ? Label(c, "-") : -1;

        _opLabelCount = _opFeature >= 0 ? categorical[_opFeature].Labels.Count : 0;
        var globals = (_costFeatures ? CostFeatureNames : Array.Empty<string>())
            .Concat(_pathFeatures ? PathFeatureNames(categorical[_opFeature].Labels) : Array.Empty<string>()).ToArray();
        Schema = new FeatureSchema(
            categorical.Select(c => new CategoricalFeature(c.Name, c.Labels.ToArray())).ToArray(),
            continuous.Select(c => c.Name).ToArray(),
            globals.Length > 0 ? globals : null);
    }

    /// <summary>The graph-level features of an encoder with cost features: ln(1 + params), ln(1 + FLOPs).</summary>
    public static readonly IReadOnlyList<string> CostFeatureNames = new[] { "log params", "log FLOPs" };

    private readonly bool _costFeatures;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Architecture, float[]> _costs = new();

    /// <summary>ln(1 + params) and ln(1 + FLOPs) of the exact cost model, computed once per architecture (the encoder
    /// is shared between the members' training threads).</summary>
    private float[] CostFeatures(Architecture architecture) => _costs.GetOrAdd(architecture, a =>
    {
        var plan = Space.Instantiate(a);
        return new[] { (float)Math.Log(1 + (double)Runtime.Cost.CostModel.Params(plan)), (float)Math.Log(1 + (double)Runtime.Cost.CostModel.Flops(plan)) };
    });

    /// <summary>The space this encoder encodes.</summary>
    public SearchSpace Space { get; }

    /// <summary>The node features all graphs of the space share.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The graph of a whole architecture.</summary>
    public EncodedGraph Encode(Architecture architecture) => EncodeSubgraph(architecture, null);

    /// <summary>The categorical node feature a decision's value is encoded in ("kernel", "op"...), or null when it has
    /// none (depth, adjacency, continuous globals such as resolution). Its labels are the decision's values.</summary>
    public string? CategoricalFeatureOf(int decision) =>
        _features[decision] is { Categorical: >= 0 } f ? Schema.Categorical[f.Categorical].Name : null;

    /// <summary>What each node of <see cref="Encode"/>'s graph is, in node order.</summary>
    public IReadOnlyList<GraphNode> Nodes(Architecture architecture)
    {
        var active = ActiveSlots(architecture);
        return active.Select(s => new GraphNode(s.Kind, s.Stage, s.Layer, s.From, s.To, s.DagNode, s.Decisions.ToArray())).ToArray();
    }

    /// <summary>The module of one macro stage: the chain of that stage's active layers, with the features they have
    /// inside <paramref name="architecture"/> (global decisions such as resolution are read from it too).</summary>
    public EncodedGraph EncodeStage(Architecture architecture, int stageIndex)
    {
        var active = ActiveSlots(architecture);
        var keep = new List<int>();
        for (var i = 0; i < active.Count; i++) if (active[i].Stage == stageIndex) keep.Add(i);
        if (keep.Count == 0) throw new ArgumentException($"Stage {stageIndex} has no active layer.", nameof(stageIndex));
        CheckSpace(architecture);
        return EncodeSubgraph(architecture, active, keep);
    }

    /// <summary>The subgraph induced by some nodes of <see cref="Encode"/>'s graph (node indices as there, kept in
    /// that order), with in-context features. Null means all nodes.</summary>
    public EncodedGraph EncodeSubgraph(Architecture architecture, IReadOnlyList<int>? nodes)
    {
        CheckSpace(architecture);
        return EncodeSubgraph(architecture, ActiveSlots(architecture), nodes);
    }

    private void CheckSpace(Architecture architecture)
    {
        if (!ReferenceEquals(architecture.Space, Space) && architecture.Space.Decisions.Count != Space.Decisions.Count)
            throw new ArgumentException("The architecture belongs to another space.", nameof(architecture));
    }

    /// <summary><see cref="EncodeSubgraph(Architecture, IReadOnlyList{int})"/> with the architecture's active slots already computed.</summary>
    private EncodedGraph EncodeSubgraph(Architecture architecture, List<Slot> active, IReadOnlyList<int>? nodes)
    {
        var pick = nodes ?? Enumerable.Range(0, active.Count).ToArray();
        var cats = Schema.Categorical.Count;
        var conts = Schema.Continuous.Count;
        var categorical = new int[pick.Count * cats];
        var continuous = new float[pick.Count * conts];
        var map = new int[active.Count];
        for (var i = 0; i < map.Length; i++) map[i] = -1;
        for (var n = 0; n < pick.Count; n++)
        {
            if (pick[n] < 0 || pick[n] >= active.Count) throw new ArgumentOutOfRangeException(nameof(nodes), "Node index out of range.");
            map[pick[n]] = n;
            WriteFeatures(architecture, active[pick[n]], categorical, n * cats, continuous, n * conts);
        }
        var src = new List<int>();
        var dst = new List<int>();
        foreach (var (a, b) in Edges(architecture, active))
            if (map[a] >= 0 && map[b] >= 0) { src.Add(map[a]); dst.Add(map[b]); }
        var (sources, targets) = (src.ToArray(), dst.ToArray());
        return new EncodedGraph(pick.Count, categorical, continuous, sources, targets)
        {
            Globals = nodes is null && (_costFeatures || _pathFeatures)
                ? (_costFeatures ? CostFeatures(architecture) : Array.Empty<float>())
                    .Concat(_pathFeatures ? PathFeatures(pick.Count, categorical, sources, targets) : Array.Empty<float>()).ToArray()
                : Array.Empty<float>(),
        };
    }

    /// <summary>The nodes whose messages reach <paramref name="root"/> within <paramref name="hops"/> message-passing
    /// steps (its receptive field), ascending. The root's embedding at hop k depends on exactly these nodes.</summary>
    public static IReadOnlyList<int> ReceptiveField(EncodedGraph graph, int root, int hops)
    {
        var seen = new bool[graph.NodeCount];
        seen[root] = true;
        var frontier = new List<int> { root };
        for (var h = 0; h < hops && frontier.Count > 0; h++)
        {
            var next = new List<int>();
            for (var e = 0; e < graph.EdgeCount; e++)
                if (!seen[graph.EdgeSource[e]] && frontier.Contains(graph.EdgeTarget[e]))
                {
                    seen[graph.EdgeSource[e]] = true;
                    next.Add(graph.EdgeSource[e]);
                }
            frontier = next;
        }
        var result = new List<int>();
        for (var i = 0; i < seen.Length; i++) if (seen[i]) result.Add(i);
        return result;
    }

    private static string FeatureKey(Decision d) => d.Role switch
    {
        DecisionRole.Other => d.Name.Substring(d.Name.LastIndexOf('.') + 1),
        DecisionRole.SqueezeExcite => "se",
        _ => d.Role.ToString().ToLowerInvariant(),
    };

    /// <summary>The decisions that shape a slot's features: its own, its stage's, the global ones.</summary>
    private IEnumerable<int> Scope(Slot slot)
    {
        foreach (var i in slot.Decisions) yield return i;
        if (slot.Stage >= 0 && _stageDecisions.TryGetValue(slot.Stage, out var stage))
            foreach (var i in stage) yield return i;
        foreach (var i in _globals) yield return i;
    }

    private List<Slot> ActiveSlots(Architecture architecture)
    {
        var active = new List<Slot>(_slots.Count);
        foreach (var slot in _slots)
        {
            var on = slot.Kind switch
            {
                GraphNodeKind.Layer or GraphNodeKind.NodeOp => slot.Decisions.Any(i => architecture[i] >= 0),
                _ => true,
            };
            if (on) active.Add(slot);
        }
        return active;
    }

    private void WriteFeatures(Architecture architecture, Slot slot, int[] categorical, int cat0, float[] continuous, int cont0)
    {
        for (var c = 0; c < _missingLabel.Length; c++) categorical[cat0 + c] = _missingLabel[c];
        if (_stageFeature >= 0) { categorical[cat0 + _stageFeature] = slot.Stage; categorical[cat0 + _layerFeature] = slot.Layer; }
        if (_positionFeature >= 0) categorical[cat0 + _positionFeature] = slot.Position;
        if (slot.OpLabel >= 0) categorical[cat0 + _opFeature] = slot.OpLabel;
        foreach (var i in Scope(slot))
        {
            var f = _features[i];
            var choice = architecture[i];
            if (f == null || choice < 0) continue;
            if (f.Categorical >= 0) categorical[cat0 + f.Categorical] = f.LabelOfChoice[choice];
            if (f.Continuous >= 0) continuous[cont0 + f.Continuous] = f.ValueOfChoice[choice];
        }
        for (var c = 0; c < _missingLabel.Length; c++)
            if (categorical[cat0 + c] < 0) categorical[cat0 + c] = 0; // only reachable for malformed metadata; keeps indices valid
    }

    private IEnumerable<(int, int)> Edges(Architecture architecture, List<Slot> active)
    {
        switch (_layout)
        {
            case Layout.Macro:
                for (var i = 0; i + 1 < active.Count; i++) yield return (i, i + 1);
                foreach (var edge in MemoryEdges(active)) yield return edge;
                break;
            case Layout.Cell:
                bool Passes(Slot s) => s.Kind != GraphNodeKind.EdgeOp || !IsNone(Space.Decisions[s.Decisions[0]].Values[architecture[s.Decisions[0]]]);
                for (var a = 0; a < active.Count; a++)
                for (var b = 0; b < active.Count; b++)
                {
                    Slot sa = active[a], sb = active[b];
                    if (!Passes(sa) || !Passes(sb)) continue;
                    var linked = sa.Kind == GraphNodeKind.Input && sb.Kind == GraphNodeKind.EdgeOp && sb.From == sa.DagNode
                        || sa.Kind == GraphNodeKind.EdgeOp && sb.Kind == GraphNodeKind.EdgeOp && sa.To == sb.From
                        || sa.Kind == GraphNodeKind.EdgeOp && sb.Kind == GraphNodeKind.Output && sa.To == sb.DagNode;
                    if (linked) yield return (a, b);
                }
                break;
            default:
                var index = new Dictionary<int, int>();
                for (var i = 0; i < active.Count; i++) index[active[i].DagNode] = i;
                var decisions = Space.Decisions;
                for (var d = 0; d < decisions.Count; d++)
                {
                    if (decisions[d].Role != DecisionRole.Adjacency || architecture[d] < 0) continue;
                    var v = decisions[d].Values[architecture[d]];
                    if (v != "1" && !string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)) continue;
                    if (index.TryGetValue(decisions[d].Site.From ?? -1, out var a) && index.TryGetValue(decisions[d].Site.To ?? -1, out var b))
                        yield return (a, b);
                }
                break;
        }
    }

    private static bool IsNone(string op) => op == "none" || op == "zero";
}

using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

// Op choices, stages and cells: the constructs that create structural decisions.
internal sealed partial class Binder
{
    private static readonly string[] StageKeys = { "name", "depth", "out", "stride", "block" };
    private static readonly string[] CellKeys = { "nodes", "ops", "edges", "combine", "name" };
    private static readonly string[] DagKeys = { "nodes", "ops", "max_edges", "op_name", "edge_name" };

    /// <summary>`{ choose: [op, op, ...], name: pattern, shared: bool }` as a layer: one decision whose values are op names.</summary>
    private Layer? BindOpChoice(MappingSyntax choose, BindContext ctx)
    {
        _read.CheckKeys(choose, "an op choice", ValueBinder.ChooseKeys);
        if (ctx.InOption)
        {
            _read.Error(SpecDiagnostics.NestedChoice(_read.At(choose)));
            return null;
        }
        var names = OpNames(choose.Get("choose")!, "choose");
        if (names is null) return null;
        var options = new List<Layer>();
        var optionCtx = ctx.ForOption();
        var ok = true;
        foreach (var n in names)
        {
            var layer = BindOp(n.Value, n, null, optionCtx);
            if (layer is null) ok = false;
            else
            {
                layer.Origin ??= n;
                options.Add(layer);
            }
        }
        if (!ok) return null;
        var texts = names.ConvertAll(n => n.Value);
        var index = _values.CreateDecision(choose, "op", ctx, DecisionRole.Op, DecisionKind.Categorical, texts, null);
        return index < 0 ? null : new ChoiceLayer(index, options);
    }

    /// <summary>A list of op names that become a decision's values (so enum members): safe identifiers, no duplicates.</summary>
    private List<ScalarSyntax>? OpNames(SyntaxNode node, string what)
    {
        if (node is not SequenceSyntax list)
        {
            _read.Error(SpecDiagnostics.WrongType(_read.At(node), $"'{what}'", "a list of op names, e.g. [identity, mbconv3, mbconv6]", node.KindName));
            return null;
        }
        if (list.Items.Count == 0)
        {
            _read.Error(SpecDiagnostics.EmptyDomain(_read.At(list), $"'{what}' lists no ops; give at least one op"));
            return null;
        }
        var names = new List<ScalarSyntax>();
        var ok = true;
        foreach (var item in list.Items)
        {
            if (item is not ScalarSyntax s || s.IsNull)
            {
                _read.Error(SpecDiagnostics.WrongType(_read.At(item), "an option of an op choice", "an op name (define ops with options under 'ops:')", item.KindName));
                ok = false;
                continue;
            }
            var problem = Identifiers.Problem(s.Value);
            if (problem is not null)
            {
                _read.Error(SpecDiagnostics.UnsafeIdentifier(_read.At(s), "op choice value", s.Value, problem));
                ok = false;
                continue;
            }
            var first = names.Find(n => n.Value == s.Value);
            if (first is not null)
            {
                _read.Error(SpecDiagnostics.Duplicate(_read.At(s), "option", s.Value, $"line {first.Line}"));
                ok = false;
                continue;
            }
            names.Add(s);
        }
        return ok ? names : null;
    }

    private Layer? BindStage(SyntaxNode node, ScalarSyntax key, int stageIndex)
    {
        if (Options("stage", node, key) is not { } o) return null;
        var name = _read.Identifier(o, "name", "stage name", required: true, example: "name: s1");
        if (name is null) return null;
        if (_stageNames.TryGetValue(name, out var firstName))
        {
            _read.Error(SpecDiagnostics.Duplicate(_read.At(o.Get("name")!), "stage", name, $"line {firstName.Line}"));
            return null;
        }
        _stageNames.Add(name, (ScalarSyntax)o.Get("name")!);
        var ctx = BindContext.Root.ForStage(name, stageIndex);
        var depth = o.Get("depth") is { } d ? _values.IntValue(d, "depth", ctx, DecisionRole.Depth, 1, MaxStageDepth, channels: false) : Value<int>.Of(1);
        var (outOk, outChannels) = o.Get("out") is { } outNode
            ? (_values.IntValue(outNode, "width", ctx, DecisionRole.Width, 1, 1_000_000, channels: true) is { } w ? (true, w) : (false, null))
            : (true, (Value<int>?)null);
        var stride = o.Get("stride") is { } s ? _values.IntValue(s, "stride", ctx, DecisionRole.Other, 1, 64, channels: false) : Value<int>.Of(1);
        if (o.Get("block") is not { } block)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(key), "block", "a stage", "block: { mbconv: { kernel: 3, expand: 6 } }"));
            return null;
        }
        if (depth is null || !outOk || stride is null) return null;
        if (stride.IsChoice)
        {
            _read.Error(SpecDiagnostics.Unsupported(_read.At(o.Get("stride")!), "a choice of a stage's stride", "fix the stride"));
            return null;
        }

        var minDepth = int.MaxValue;
        var maxDepth = 0;
        foreach (var v in depth.Options)
        {
            minDepth = Math.Min(minDepth, v);
            maxDepth = Math.Max(maxDepth, v);
        }
        var layers = new List<Layer>(maxDepth);
        for (var i = 0; i < maxDepth; i++)
        {
            ActivityCondition? active = null;
            if (i >= minDepth)
            {
                var choices = new List<int>();
                for (var c = 0; c < depth.Options.Count; c++)
                    if (depth.Options[c] > i) choices.Add(c);
                active = new ActivityCondition(depth.Decision, choices);
            }
            var layerCtx = ctx.ForLayer(i, _globalLayer++, outChannels, i == 0 ? stride : Value<int>.Of(1), active);
            var layer = BindLayer(block, layerCtx);
            if (layer is null) return null;
            layers.Add(layer);
        }
        return new StageLayer(name, stageIndex, depth, layers) { Origin = key };
    }

    private CellTemplate? BindCell(SyntaxNode node)
    {
        if (_read.Mapping(node, "cell") is not { } cell) return null;
        _read.CheckKeys(cell, "'cell'", CellKeys);
        if (!GraphHeader(cell, "cell", 32, "nodes: 4", "ops: [none, skip_connect, nor_conv_3x3]", out var nodes, out var opNames)) return null;
        var combine = CombineKind.Sum;
        if (cell.Get("combine") is { } combineNode)
        {
            var text = _read.Text(combineNode, "combine");
            if (text == "concat") combine = CombineKind.Concat;
            else if (text != "sum" && text is not null)
                _read.Error(SpecDiagnostics.WrongType(_read.At(combineNode), "'combine'", "sum or concat", combineNode.KindName));
        }
        var pattern = cell.Get("name") is { } nameNode ? _read.Text(nameNode, "name") : "edge_{from}{to}";
        if (pattern is null) return null;
        var edges = BindCellEdges(cell.Get("edges"), nodes);
        if (edges is null) return null;

        var ops = GraphOps(opNames!, BindContext.Root.ForCell());
        if (ops is null) return null;
        _cellOps = opNames;
        var texts = opNames!.ConvertAll(n => n.Value);
        var templates = new List<CellEdgeTemplate>();
        foreach (var (from, to) in edges)
        {
            var index = _values.AddStructural(_values.ExpandName(pattern, cell.Get("name") ?? cell, BindContext.Root, from, to), cell,
                DecisionKind.Categorical, texts, DecisionRole.Edge, new DecisionSite(from: from, to: to));
            if (index < 0) return null;
            templates.Add(new CellEdgeTemplate(from, to, new ChoiceLayer(index, ops) { Origin = cell }));
        }
        return new CellTemplate(nodes, templates, combine);
    }

    /// <summary>`edges: all` (default; every i→j with i &lt; j, grouped by target: 0→1, 0→2, 1→2, 0→3, ...) or a list of [from, to] pairs.</summary>
    private List<(int From, int To)>? BindCellEdges(SyntaxNode? node, int nodes)
    {
        var edges = new List<(int, int)>();
        if (node is null || node is ScalarSyntax { Quoted: false, Value: "all" })
        {
            for (var to = 1; to < nodes; to++)
                for (var from = 0; from < to; from++)
                    edges.Add((from, to));
            return edges;
        }
        if (node is not SequenceSyntax list)
        {
            _read.Error(SpecDiagnostics.WrongType(_read.At(node), "'edges'", "'all' or a list of [from, to] pairs", node.KindName));
            return null;
        }
        foreach (var item in list.Items)
        {
            if (item is not SequenceSyntax pair || pair.Items.Count != 2 || pair.Items[0] is not ScalarSyntax a || pair.Items[1] is not ScalarSyntax b
                || !SpecReader.TryInt(a, out var from) || !SpecReader.TryInt(b, out var to))
            {
                _read.Error(SpecDiagnostics.WrongType(_read.At(item), "an edge", "a pair [from, to] of node numbers", item.KindName));
                return null;
            }
            if (from < 0 || to >= nodes || from >= to)
            {
                _read.Error(SpecDiagnostics.OutOfRange(_read.At(item), string.Format(CultureInfo.InvariantCulture,
                    "edge [{0}, {1}] must go from a lower to a higher node number, both between 0 and {2}", from, to, nodes - 1)));
                return null;
            }
            if (edges.Contains((from, to)))
            {
                _read.Error(SpecDiagnostics.Duplicate(_read.At(item), "edge", $"[{from}, {to}]", "an earlier item"));
                return null;
            }
            edges.Add((from, to));
        }
        if (edges.Count == 0)
        {
            _read.Error(SpecDiagnostics.EmptyDomain(_read.At(list), "the cell has no edges; list at least one [from, to] pair or write 'edges: all'"));
            return null;
        }
        edges.Sort((x, y) => x.Item2 != y.Item2 ? x.Item2.CompareTo(y.Item2) : x.Item1.CompareTo(y.Item1));
        return edges;
    }

    /// <summary>A NAS-Bench-101 style DAG: an op decision per interior vertex (op1, op2, ...) and an on/off decision per
    /// possible edge (edge_01, edge_02, edge_12, ...), at most max_edges edges after pruning.</summary>
    private DagTemplate? BindDag(SyntaxNode node)
    {
        if (_read.Mapping(node, "dag") is not { } dag) return null;
        _read.CheckKeys(dag, "'dag'", DagKeys);
        if (!GraphHeader(dag, "dag", 16, "nodes: 7", "ops: [conv3x3_bn_relu, conv1x1_bn_relu, maxpool3x3]", out var nodes, out var opNames)) return null;
        var maxEdges = dag.Get("max_edges") is { } me ? _read.IntLiteral(me, "max_edges", 1, 1000) : 1000;
        var opPattern = dag.Get("op_name") is { } opName ? _read.Text(opName, "op_name") : "op{node}";
        var edgePattern = dag.Get("edge_name") is { } edgeName ? _read.Text(edgeName, "edge_name") : "edge_{from}{to}";
        if (maxEdges is null || opPattern is null || edgePattern is null) return null;

        var ops = GraphOps(opNames!, BindContext.Root.ForCell());
        if (ops is null) return null;
        var texts = opNames!.ConvertAll(n => n.Value);
        var vertexOps = new List<Layer>();
        for (var v = 1; v < nodes - 1; v++)
        {
            var index = _values.AddStructural(_values.ExpandName(opPattern, dag.Get("op_name") ?? dag, BindContext.Root, node: v), dag,
                DecisionKind.Categorical, texts, DecisionRole.NodeOp, new DecisionSite(node: v));
            if (index < 0) return null;
            vertexOps.Add(new ChoiceLayer(index, ops) { Origin = dag });
        }
        var edges = new List<DagEdgeTemplate>();
        for (var to = 1; to < nodes; to++)
            for (var from = 0; from < to; from++)
            {
                var index = _values.AddStructural(_values.ExpandName(edgePattern, dag.Get("edge_name") ?? dag, BindContext.Root, from, to), dag,
                    DecisionKind.Boolean, new[] { "false", "true" }, DecisionRole.Adjacency, new DecisionSite(from: from, to: to));
                if (index < 0) return null;
                edges.Add(new DagEdgeTemplate(from, to, Value<bool>.FromDecision(index, new[] { false, true })));
            }
        return new DagTemplate(nodes, vertexOps, edges, maxEdges.Value);
    }

    /// <summary>The `nodes` and `ops` every cell and DAG needs.</summary>
    private bool GraphHeader(MappingSyntax map, string what, int maxNodes, string nodesExample, string opsExample, out int nodes, out List<ScalarSyntax>? opNames)
    {
        nodes = 0;
        opNames = null;
        if (map.Get("nodes") is not { } nodesNode)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(map), "nodes", $"'{what}'", nodesExample));
            return false;
        }
        if (map.Get("ops") is not { } opsNode)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(map), "ops", $"'{what}'", opsExample));
            return false;
        }
        var n = _read.IntLiteral(nodesNode, "nodes", 2, maxNodes);
        opNames = OpNames(opsNode, "ops");
        nodes = n ?? 0;
        return n is not null && opNames is not null;
    }

    /// <summary>The ops of a cell or DAG, bound once (no choices inside them) and shared by every edge or vertex.</summary>
    private List<Layer>? GraphOps(List<ScalarSyntax> names, BindContext ctx)
    {
        var ops = new List<Layer>();
        foreach (var n in names)
        {
            var op = BindOp(n.Value, n, null, ctx);
            if (op is null) return null;
            op.Origin ??= n;
            ops.Add(op);
        }
        return ops;
    }
}

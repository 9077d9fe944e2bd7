using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

// Cell placements: `- cell: { repeat: N, reduce: { out: C, stride: 2 } }`. The first repetition of a reducing placement
// is the cell's reducing variant (TransNAS-Bench-101 micro, DARTS-style stages): the same decisions, its edges leaving the
// input strided, and every op bound for the new width; the other repetitions are the normal cell at that width.

/// <summary>Binds the spec's cell (NAS-Bench-201 style, an op decision per edge) and DAG (NAS-Bench-101 style, an op
/// decision per vertex and an on/off decision per edge), and their placements in the network. The ops of a cell or DAG
/// are bound by the layer binder (<c>bindOp</c>).</summary>
internal sealed class GraphBinder
{
    private readonly SpecReader _read;
    private readonly ValueBinder _values;
    private readonly Func<string, ScalarSyntax, SyntaxNode?, BindContext, Layer?> _bindOp;
    /// <summary>The cell's op names, bound again for each reducing placement.</summary>
    private List<ScalarSyntax>? _cellOps;

    public GraphBinder(SpecReader read, ValueBinder values, Func<string, ScalarSyntax, SyntaxNode?, BindContext, Layer?> bindOp)
    {
        _read = read;
        _values = values;
        _bindOp = bindOp;
    }

    /// <summary>The spec's cell, once <see cref="DefineCell"/> bound it.</summary>
    public CellTemplate? Cell { get; private set; }
    /// <summary>The spec's DAG, once <see cref="DefineDag"/> bound it.</summary>
    public DagTemplate? Dag { get; private set; }

    /// <summary>Binds the top-level <c>cell:</c>.</summary>
    public void DefineCell(SyntaxNode node) => Cell = BindCell(node);

    /// <summary>Binds the top-level <c>dag:</c>.</summary>
    public void DefineDag(SyntaxNode node) => Dag = BindDag(node);

    private static readonly string[] CellKeys = { "nodes", "ops", "edges", "combine", "name" };

    private static readonly string[] DagKeys = { "nodes", "ops", "max_edges", "op_name", "edge_name" };

    private static readonly string[] ReduceKeys = { "out", "stride" };

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
        opNames = _read.OpNames(opsNode, "ops");
        nodes = n ?? 0;
        return n is not null && opNames is not null;
    }

    /// <summary>The ops of a cell or DAG, bound once (no choices inside them) and shared by every edge or vertex.</summary>
    private List<Layer>? GraphOps(List<ScalarSyntax> names, BindContext ctx)
    {
        var ops = new List<Layer>();
        foreach (var n in names)
        {
            var op = _bindOp(n.Value, n, null, ctx);
            if (op is null) return null;
            op.Origin ??= n;
            ops.Add(op);
        }
        return ops;
    }

    public Layer? PlaceCell(ScalarSyntax at, int? repeat, SyntaxNode? reduce = null)
    {
        if (repeat is null) return null;
        if (Cell is null)
        {
            _read.Error(SpecDiagnostics.BadReference(_read.At(at), "'cell' is placed in the network but no cell is defined; add a top-level 'cell:' with nodes and ops"));
            return null;
        }
        if (reduce is null) return new CellLayer(Cell, repeat.Value);
        var reducing = ReducingCell(reduce);
        if (reducing is null) return null;
        var first = new CellLayer(reducing, 1) { Origin = reduce };
        return repeat.Value == 1 ? first : new SequenceLayer(new Layer[] { first, new CellLayer(Cell, repeat.Value - 1) });
    }

    /// <summary>The reducing variant of the spec's cell for `reduce: { out: C, stride: S }` (S defaults to 2).</summary>
    private CellTemplate? ReducingCell(SyntaxNode node)
    {
        if (_read.Mapping(node, "reduce") is not { } reduce) return null;
        _read.CheckKeys(reduce, "'reduce'", ReduceKeys);
        if (reduce.Get("out") is not { } outNode)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(reduce), "out", "'reduce'", "reduce: { out: 64 }"));
            return null;
        }
        var width = _read.IntLiteral(outNode, "out", 1, 1_000_000);
        var stride = reduce.Get("stride") is { } s ? _read.IntLiteral(s, "stride", 1, 64) : 2;
        if (width is null || stride is null || Cell is null || _cellOps is null) return null;
        var @out = Value<int>.Of(_values.ScaleChannels(width.Value));
        var cellCtx = BindContext.Root.ForCell();
        var fromInput = GraphOps(_cellOps, cellCtx.ForReducingEdge(@out, Value<int>.Of(stride.Value)));
        var inside = GraphOps(_cellOps, cellCtx.ForReducingEdge(@out, Value<int>.Of(1)));
        if (fromInput is null || inside is null) return null;
        var edges = new List<CellEdgeTemplate>(Cell.Edges.Count);
        foreach (var e in Cell.Edges)
        {
            var decision = ((ChoiceLayer)e.Op).Decision;
            edges.Add(new CellEdgeTemplate(e.From, e.To, new ChoiceLayer(decision, e.From == 0 ? fromInput : inside) { Origin = reduce }));
        }
        return new CellTemplate(Cell.Nodes, edges, Cell.Combine, reducing: true);
    }

    public Layer? PlaceDag(ScalarSyntax at, MappingSyntax o, BindContext ctx)
    {
        var repeat = o.Get("repeat") is { } r ? _read.IntLiteral(r, "repeat", 1, SpecLimits.MaxRepeat) : 1;
        var (ok, outChannels) = _values.Optional(o, "out", ctx, true);
        if (repeat is null || !ok) return null;
        if (Dag is null)
        {
            _read.Error(SpecDiagnostics.BadReference(_read.At(at), "'dag' is placed in the network but no DAG is defined; add a top-level 'dag:' with nodes and ops"));
            return null;
        }
        return new DagLayer(Dag, repeat.Value, outChannels);
    }
}

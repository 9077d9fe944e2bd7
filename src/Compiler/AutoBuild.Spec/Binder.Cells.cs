using System.Collections.Generic;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

// Cell placements: `- cell: { repeat: N, reduce: { out: C, stride: 2 } }`. The first repetition of a reducing placement
// is the cell's reducing variant (TransNAS-Bench-101 micro, DARTS-style stages): the same decisions, its edges leaving the
// input strided, and every op bound for the new width; the other repetitions are the normal cell at that width.
internal sealed partial class Binder
{
    private static readonly string[] ReduceKeys = { "out", "stride" };

    private Layer? PlaceCell(ScalarSyntax at, int? repeat, SyntaxNode? reduce = null)
    {
        if (repeat is null) return null;
        if (_cell is null)
        {
            _read.Error(SpecDiagnostics.BadReference(_read.At(at), "'cell' is placed in the network but no cell is defined; add a top-level 'cell:' with nodes and ops"));
            return null;
        }
        if (reduce is null) return new CellLayer(_cell, repeat.Value);
        var reducing = ReducingCell(reduce);
        if (reducing is null) return null;
        var first = new CellLayer(reducing, 1) { Origin = reduce };
        return repeat.Value == 1 ? first : new SequenceLayer(new Layer[] { first, new CellLayer(_cell, repeat.Value - 1) });
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
        if (width is null || stride is null || _cell is null || _cellOps is null) return null;
        var @out = Value<int>.Of(_values.ScaleChannels(width.Value));
        var cellCtx = BindContext.Root.ForCell();
        var fromInput = GraphOps(_cellOps, cellCtx.ForReducingEdge(@out, Value<int>.Of(stride.Value)));
        var inside = GraphOps(_cellOps, cellCtx.ForReducingEdge(@out, Value<int>.Of(1)));
        if (fromInput is null || inside is null) return null;
        var edges = new List<CellEdgeTemplate>(_cell.Edges.Count);
        foreach (var e in _cell.Edges)
        {
            var decision = ((ChoiceLayer)e.Op).Decision;
            edges.Add(new CellEdgeTemplate(e.From, e.To, new ChoiceLayer(decision, e.From == 0 ? fromInput : inside) { Origin = reduce }));
        }
        return new CellTemplate(_cell.Nodes, edges, _cell.Combine, reducing: true);
    }
}

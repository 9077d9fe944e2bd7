// Cells: NAS-Bench-201 cells (ops on edges) and NAS-Bench-101 cells (ops on vertices).
// Not compiled by the generator (it has no TorchSharp): embedded in it and emitted, from `namespace` on, into
// AutoBuild.TorchSharpLayers.g.cs (TorchSharpEmitter.EmitLayers); compiled by AutoBuild.TorchSharpLayers.Check.
namespace AutoBuild.Generated.TorchSharp
{
    using Tensor = global::TorchSharp.torch.Tensor;
    using Layer = global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>;
    using Torch = global::TorchSharp.torch;
    using Plans = global::AutoBuild.Runtime.Plans;
    using Ops = global::AutoBuild.Runtime.Ops;

    /// <summary>A DAG cell: node 0 is the input; every other node sums (or concatenates) the ops on its incoming edges.</summary>
    internal sealed class CellLayer : Layer
    {
        private readonly Plans.CellNode _node;
        private readonly Layer[] _edges;

        public CellLayer(Plans.CellNode node) : base("Cell")
        {
            _node = node;
            _edges = new Layer[node.Edges.Count];
            for (var i = 0; i < _edges.Length; i++)
            {
                _edges[i] = PlanLayers.Build(node.Edges[i].Op);
                register_module(node.Edges[i].Op.Name, _edges[i]);
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = Torch.NewDisposeScope();
            var nodes = new Tensor?[_node.NodeCount];
            nodes[0] = input;
            for (var j = 1; j < nodes.Length; j++)
            {
                var incoming = new global::System.Collections.Generic.List<Tensor>();
                for (var i = 0; i < _edges.Length; i++)
                {
                    var edge = _node.Edges[i];
                    var from = nodes[edge.From];
                    if (edge.To == j && from is not null) incoming.Add(_edges[i].forward(from));
                }
                if (incoming.Count == 0) continue;
                Tensor combined;
                if (_node.Combine == Plans.CombineKind.Concat) combined = incoming.Count == 1 ? incoming[0] : Torch.cat(incoming, 1);
                else
                {
                    combined = incoming[0];
                    for (var k = 1; k < incoming.Count; k++) combined = combined + incoming[k];
                }
                nodes[j] = combined;
            }
            var output = nodes[_node.OutputNode] ?? throw new global::System.InvalidOperationException("AutoBuild: the cell's output node has no input.");
            if (ReferenceEquals(output, input)) output = input.alias();
            return output.MoveToOuterDisposeScope();
        }
    }

    /// <summary>A NAS-Bench-101 cell: interior vertices sum their inputs (earlier vertices truncated to the vertex's channels, the cell input through its projection) and apply their op; the output concatenates the interior vertices that feed it, plus the input's projection.</summary>
    internal sealed class DagCellLayer : Layer
    {
        private readonly Plans.DagCellNode _node;
        private readonly Layer?[] _ops;
        private readonly Layer?[] _projections;

        public DagCellLayer(Plans.DagCellNode node) : base("DagCell")
        {
            _node = node;
            _ops = new Layer?[node.VertexCount];
            _projections = new Layer?[node.VertexCount];
            for (var v = 0; v < node.VertexCount; v++)
            {
                var op = v < node.VertexOps.Count ? node.VertexOps[v] : null;
                if (op != null)
                {
                    _ops[v] = PlanLayers.Build(op);
                    register_module(op.Name, _ops[v]!);
                }
                var projection = v < node.Projections.Count ? node.Projections[v] : null;
                if (projection != null)
                {
                    _projections[v] = PlanLayers.Build(projection);
                    register_module(projection.Name, _projections[v]!);
                }
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = Torch.NewDisposeScope();
            var last = _node.VertexCount - 1;
            var outputs = new Tensor?[_node.VertexCount];
            for (var v = 1; v < last; v++)
            {
                Tensor? sum = null;
                foreach (var edge in _node.Edges)
                {
                    var from = outputs[edge.From];
                    if (edge.To != v || edge.From == 0 || from is null) continue;
                    var term = from.narrow(1, 0, _node.VertexChannels[v]);
                    sum = sum is null ? term : sum + term;
                }
                var projection = _projections[v];
                if (projection != null) sum = sum is null ? projection.forward(input) : sum + projection.forward(input);
                var op = _ops[v];
                if (sum is not null && op != null) outputs[v] = op.forward(sum);
            }
            var parts = new global::System.Collections.Generic.List<Tensor>();
            foreach (var edge in _node.Edges)
            {
                var from = outputs[edge.From];
                if (edge.To == last && edge.From != 0 && from is not null) parts.Add(from);
            }
            Tensor? output = parts.Count == 0 ? null : parts.Count == 1 ? parts[0].alias() : Torch.cat(parts, 1);
            var outputProjection = _projections[last];
            if (outputProjection != null) output = output is null ? outputProjection.forward(input) : output + outputProjection.forward(input);
            if (output is null) throw new global::System.InvalidOperationException("AutoBuild: the cell's output vertex has no input.");
            return output.MoveToOuterDisposeScope();
        }
    }
}

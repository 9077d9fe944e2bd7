using System;
using System.Numerics.Tensors;

namespace AutoBuild.Learning.Numerics;

/// <summary>y_i = Σ_{j→i} x_j over the batch's edges (sum aggregation). Sequential over edges: deterministic.</summary>
public sealed class ScatterSum : Op
{
    private readonly Tensor _x;
    private readonly GraphBatch _batch;

    public ScatterSum(Tensor x, GraphBatch batch) : base(x.Cols)
    {
        _x = x; _batch = batch;
    }

    public override void Forward(bool training)
    {
        Output.Resize(_x.Rows, _x.Cols);
        Output.Values.Clear();
        for (var e = 0; e < _batch.Edges; e++)
        {
            var t = Output.Row(_batch.EdgeTarget[e]);
            TensorPrimitives.Add(t, _x.Row(_batch.EdgeSource[e]), t);
        }
    }

    public override void Backward()
    {
        for (var e = 0; e < _batch.Edges; e++)
        {
            var gs = _x.GradRow(_batch.EdgeSource[e]);
            TensorPrimitives.Add(gs, Output.GradRow(_batch.EdgeTarget[e]), gs);
        }
    }
}

/// <summary>GATv2 attention (Brody et al.; PyG GATv2Conv, one head, self-loops):
/// y_i = Σ_{j ∈ N(i) ∪ {i}} α_ij xl_j,  α_ij = softmax_j( aᵀ LeakyReLU_{0.2}(xl_j + xr_i) ),
/// where xl = x·W_l + b_l and xr = x·W_r + b_r come from two <see cref="Linear"/> ops.</summary>
public sealed class GatAttention : Op
{
    private const float Slope = 0.2f;
    private readonly Tensor _xl, _xr;
    private readonly GraphBatch _batch;
    private int[] _start = Array.Empty<int>(), _source = Array.Empty<int>();
    private float[] _alpha = Array.Empty<float>(), _galpha = Array.Empty<float>();

    public GatAttention(Tensor xl, Tensor xr, GraphBatch batch, ParameterSet parameters, string name, int cols, Random rng) : base(cols)
    {
        _xl = xl; _xr = xr; _batch = batch;
        Attention = parameters.Add(name + ".att", 1, cols);
        Init.Uniform(Attention, cols, rng);
    }

    public Tensor Attention { get; }

    /// <summary>Incoming lists per target (CSR), self-loop first, then edges in batch order.</summary>
    private void BuildIncoming()
    {
        var n = _batch.Nodes; var m = _batch.Edges + n;
        if (_start.Length < n + 1) _start = new int[(n + 1) * 5 / 4 + 1];
        if (_source.Length < m) { _source = new int[m * 5 / 4]; _alpha = new float[m * 5 / 4]; _galpha = new float[m * 5 / 4]; }
        Array.Clear(_start, 0, n + 1);
        for (var e = 0; e < _batch.Edges; e++) _start[_batch.EdgeTarget[e] + 1]++;
        for (var i = 0; i < n; i++) _start[i + 1] += _start[i] + 1;
        // fill: self loop at _start[i], edges after (use _galpha as a cursor-free pass by counting again)
        for (var i = 0; i < n; i++) _source[_start[i]] = i;
        for (var i = 0; i < n; i++) _start[i]++; // temporarily: next free slot
        for (var e = 0; e < _batch.Edges; e++) _source[_start[_batch.EdgeTarget[e]]++] = _batch.EdgeSource[e];
        for (var i = n; i > 0; i--) _start[i] = _start[i - 1];
        _start[0] = 0;
    }

    private float Score(int i, int j)
    {
        var a = Attention.Data; var xl = _xl.Row(j); var xr = _xr.Row(i);
        var s = 0f;
        for (var h = 0; h < a.Length; h++)
        {
            var z = xl[h] + xr[h];
            s += a[h] * (z > 0 ? z : Slope * z);
        }
        return s;
    }

    public override void Forward(bool training)
    {
        BuildIncoming();
        var n = _batch.Nodes;
        Output.Resize(n, _xl.Cols);
        Output.Values.Clear();
        for (var i = 0; i < n; i++)
        {
            var max = float.NegativeInfinity;
            for (var k = _start[i]; k < _start[i + 1]; k++) { _alpha[k] = Score(i, _source[k]); max = Math.Max(max, _alpha[k]); }
            var sum = 0f;
            for (var k = _start[i]; k < _start[i + 1]; k++) { _alpha[k] = MathF.Exp(_alpha[k] - max); sum += _alpha[k]; }
            var y = Output.Row(i);
            for (var k = _start[i]; k < _start[i + 1]; k++)
            {
                _alpha[k] /= sum;
                TensorPrimitives.MultiplyAdd(_xl.Row(_source[k]), _alpha[k], y, y);
            }
        }
    }

    public override void Backward()
    {
        var n = _batch.Nodes; var a = Attention.Data; var ga = Attention.GradData;
        for (var i = 0; i < n; i++)
        {
            var gy = Output.GradRow(i);
            var dot = 0f;
            for (var k = _start[i]; k < _start[i + 1]; k++)
            {
                _galpha[k] = TensorPrimitives.Dot(gy, _xl.Row(_source[k]));
                dot += _alpha[k] * _galpha[k];
            }
            var xr = _xr.Row(i); var gxr = _xr.GradRow(i);
            for (var k = _start[i]; k < _start[i + 1]; k++)
            {
                var j = _source[k];
                var xl = _xl.Row(j); var gxl = _xl.GradRow(j);
                TensorPrimitives.MultiplyAdd(gy, _alpha[k], gxl, gxl);
                var ge = _alpha[k] * (_galpha[k] - dot);  // softmax backward
                for (var h = 0; h < a.Length; h++)
                {
                    var z = xl[h] + xr[h];
                    ga[h] += ge * (z > 0 ? z : Slope * z);
                    var dz = ge * a[h] * (z > 0 ? 1f : Slope);
                    gxl[h] += dz;
                    gxr[h] += dz;
                }
            }
        }
    }
}

/// <summary>Per-graph sum or mean of node rows: [nodes, H] → [graphs, H].</summary>
public sealed class Pool : Op
{
    private readonly Tensor _x;
    private readonly GraphBatch _batch;

    public Pool(Tensor x, GraphBatch batch, bool mean) : base(x.Cols)
    {
        _x = x; _batch = batch; Mean = mean;
    }

    public bool Mean { get; }

    public override void Forward(bool training)
    {
        Output.Resize(_batch.Graphs, _x.Cols);
        Output.Values.Clear();
        for (var b = 0; b < _batch.Graphs; b++)
        {
            var y = Output.Row(b);
            int from = _batch.GraphStart[b], to = _batch.GraphStart[b + 1], h = _x.Cols;
            for (var i = from; i < to; i++) RowKernels.AddInPlace(Output.Data, b * h, _x.Data, i * h, h);
            if (Mean && to > from) TensorPrimitives.Multiply(y, 1f / (to - from), y);
        }
    }

    public override void Backward()
    {
        for (var b = 0; b < _batch.Graphs; b++)
        {
            int from = _batch.GraphStart[b], to = _batch.GraphStart[b + 1];
            var scale = Mean && to > from ? 1f / (to - from) : 1f;
            int h = _x.Cols; var gx = _x.GradData;
            for (var i = from; i < to; i++) RowKernels.MultiplyAddInPlace(Output.GradData, b * h, scale, gx, i * h, h);
        }
    }
}

/// <summary>The batch's standardised graph-level features as a [graphs, G] input (no gradient).</summary>
public sealed class GraphGlobals : Op
{
    private readonly GraphBatch _batch;

    public GraphGlobals(GraphBatch batch) : base(batch.GlobalFeatures) => _batch = batch;

    public override void Forward(bool training)
    {
        Output.Resize(_batch.Graphs, _batch.GlobalFeatures);
        _batch.Globals.AsSpan(0, Output.Length).CopyTo(Output.Values);
    }

    public override void Backward() { }
}

/// <summary>Row L1 norms: [R, H] → [R, 1].</summary>
public sealed class RowL1Norm : Op
{
    private readonly Tensor _x;

    public RowL1Norm(Tensor x) : base(1) => _x = x;

    public override void Forward(bool training)
    {
        Output.Resize(_x.Rows, 1);
        for (var r = 0; r < _x.Rows; r++) Output.Data[r] = TensorPrimitives.SumOfMagnitudes(_x.Row(r));
    }

    public override void Backward()
    {
        for (var r = 0; r < _x.Rows; r++)
        {
            var g = Output.GradData[r];
            var x = _x.Row(r); var gx = _x.GradRow(r);
            for (var h = 0; h < x.Length; h++) gx[h] += x[h] > 0 ? g : x[h] < 0 ? -g : 0f;
        }
    }
}

/// <summary>GraphConv with sum aggregation (Morris et al.; PyG GraphConv), fused into one matrix product:
/// Z = X·[W_rel | W_root] ([N, 2H]), y_i = b + Z_i[H..2H) + Σ_{j→i} Z_j[0..H). Equal to W_rel·Σ_j x_j + b + W_root·x_i
/// (aggregating before or after the linear map is the same sum), with half the passes over X of two products.</summary>
public sealed class GraphConv : Op
{
    private readonly Tensor _x;
    private readonly GraphBatch _batch;
    private readonly Tensor _z;
    private readonly int _h;
    private float[] _scratch = Array.Empty<float>();

    public GraphConv(Tensor x, GraphBatch batch, ParameterSet parameters, string name, int inputs, int outputs, Random rng) : base(outputs)
    {
        if (x.Cols != inputs) throw new ArgumentException($"GraphConv {name}: input has {x.Cols} columns, expected {inputs}.");
        _x = x; _batch = batch; _h = outputs;
        Weight = parameters.Add(name + ".weight", inputs, 2 * outputs);   // columns [0, H): W_rel, [H, 2H): W_root
        Init.Uniform(Weight, inputs, rng);
        Bias = parameters.Add(name + ".bias", 1, outputs);
        Init.Uniform(Bias, inputs, rng);
        _z = new Tensor(0, 2 * outputs);
    }

    public Tensor Weight { get; }
    public Tensor Bias { get; }

    public override void Forward(bool training)
    {
        int n = _x.Rows, k = _x.Cols, h = _h;
        _z.Resize(n, 2 * h);
        Gemm.Multiply(_x.Data, Weight.Data, _z.Data, n, k, 2 * h, accumulate: false);
        Output.Resize(n, h);
        // y_i = (Z_i[H..2H) + b) + Σ over i's incoming edges, in batch order, of Z_source[0..H)
        var z = _z.Data; var y = Output.Data; var bias = Bias.Data;
        int[] start = _batch.IncomingStart, source = _batch.IncomingSource;
        for (var i = 0; i < n; i++)
        {
            RowKernels.Add(z, i * 2 * h + h, bias, 0, y, i * h, h);
            RowKernels.GatherAdd(y, i * h, fromZero: false, z, 2 * h, 0, source, start[i], start[i + 1], h);
        }
    }

    public override void Backward()
    {
        int n = _x.Rows, k = _x.Cols, h = _h;
        // dZ_i[0..H) = Σ over i's outgoing edges, in batch order, of dy_target (from zero); dZ_i[H..2H) = dy_i
        var gz = _z.GradData; var gy = Output.GradData; var gBias = Bias.GradData;
        int[] start = _batch.OutgoingStart, target = _batch.OutgoingTarget;
        for (var i = 0; i < n; i++)
        {
            RowKernels.GatherAdd(gz, i * 2 * h, fromZero: true, gy, h, 0, target, start[i], start[i + 1], h);
            Array.Copy(gy, i * h, gz, i * 2 * h + h, h);
            RowKernels.AddInPlace(gBias, 0, gy, i * h, h);
        }
        Gemm.MultiplyTransposedA(_x.Data, gz, Weight.GradData, n, k, 2 * h, accumulate: true);
        Gemm.MultiplyTransposedB(gz, Weight.Data, _x.GradData, n, 2 * h, k, accumulate: true, ref _scratch);
    }
}

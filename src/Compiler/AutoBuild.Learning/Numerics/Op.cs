using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace AutoBuild.Learning.Numerics;

/// <summary>One differentiable step of a <see cref="Tape"/>. Forward writes <see cref="Output"/> (resizing it to the
/// current batch); Backward reads Output's gradient and <b>adds</b> into its inputs' and parameters' gradients.</summary>
public abstract class Op
{
    protected Op(int cols) => Output = new Tensor(0, cols);

    public Tensor Output { get; }

    public abstract void Forward(bool training);
    public abstract void Backward();
}

/// <summary>An op that contributes a weighted scalar to the training loss. Its Backward seeds the gradient.</summary>
public abstract class LossOp : Op
{
    protected LossOp(float weight) : base(1) => Weight = weight;

    public float Weight { get; set; }
    /// <summary>The unweighted loss of the last forward pass.</summary>
    public double Value { get; protected set; }
}

/// <summary>A fixed sequence of ops, built once per model and replayed for every batch: no allocation per step.</summary>
public sealed class Tape
{
    private readonly List<Op> _ops = new();
    private long[] _ticks = System.Array.Empty<long>();

    /// <summary>When true, forward+backward time is accumulated per op (see <see cref="TimeByOpType"/>).</summary>
    public bool Profile { get; set; }

    /// <summary>Seconds spent per op type since profiling started, largest first.</summary>
    public IReadOnlyList<(string Op, double Seconds)> TimeByOpType() =>
        _ops.Select((op, i) => (op.GetType().Name, i < _ticks.Length ? _ticks[i] : 0L))
            .GroupBy(p => p.Item1).Select(g => (g.Key, g.Sum(p => p.Item2) / (double)Stopwatch.Frequency))
            .OrderByDescending(p => p.Item2).ToArray();

    /// <summary>Clears the per-op times.</summary>
    public void ResetProfile() => System.Array.Clear(_ticks);

    private void Run(int i, bool forward, bool training)
    {
        if (!Profile)
        {
            if (forward) _ops[i].Forward(training); else _ops[i].Backward();
            return;
        }
        if (_ticks.Length < _ops.Count) System.Array.Resize(ref _ticks, _ops.Count);
        var start = Stopwatch.GetTimestamp();
        if (forward) _ops[i].Forward(training); else _ops[i].Backward();
        _ticks[i] += Stopwatch.GetTimestamp() - start;
    }

    public IReadOnlyList<Op> Ops => _ops;

    public T Add<T>(T op) where T : Op
    {
        _ops.Add(op);
        return op;
    }

    /// <summary>Runs ops [0, count) forward (count = -1: all); inference can stop early.</summary>
    public void Forward(bool training, int count = -1)
    {
        if (count < 0) count = _ops.Count;
        for (var i = 0; i < count; i++) Run(i, true, training);
    }

    /// <summary>Zeroes every op output's gradient (but those their consumer overwrites), then runs all ops backward
    /// (loss ops seed themselves).</summary>
    public void Backward()
    {
        foreach (var op in _ops)
            if (!op.Output.GradWrittenByConsumer) op.Output.ZeroGrad();
        for (var i = _ops.Count - 1; i >= 0; i--) Run(i, false, false);
    }

    /// <summary>The sum of the weighted losses of the last forward pass.</summary>
    public double Loss()
    {
        var total = 0.0;
        foreach (var op in _ops) if (op is LossOp l) total += l.Weight * l.Value;
        return total;
    }
}

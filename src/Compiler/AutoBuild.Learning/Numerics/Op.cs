using System.Collections.Generic;

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
        for (var i = 0; i < count; i++) _ops[i].Forward(training);
    }

    /// <summary>Zeroes every op output's gradient, then runs all ops backward (loss ops seed themselves).</summary>
    public void Backward()
    {
        foreach (var op in _ops) op.Output.ZeroGrad();
        for (var i = _ops.Count - 1; i >= 0; i--) _ops[i].Backward();
    }

    /// <summary>The sum of the weighted losses of the last forward pass.</summary>
    public double Loss()
    {
        var total = 0.0;
        foreach (var op in _ops) if (op is LossOp l) total += l.Weight * l.Value;
        return total;
    }
}

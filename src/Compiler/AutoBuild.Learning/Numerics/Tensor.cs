using System;

namespace AutoBuild.Learning.Numerics;

/// <summary>A row-major float32 matrix with a gradient buffer of the same shape (allocated on first use, so inference
/// never pays for it). Storage only grows, so a tensor reused across batches of different sizes stops allocating once
/// it has seen the largest batch.</summary>
public sealed class Tensor
{
    private float[] _data = Array.Empty<float>();
    private float[] _grad = Array.Empty<float>();

    public Tensor(int rows, int cols) => Resize(rows, cols);

    public int Rows { get; private set; }
    public int Cols { get; private set; }
    public int Length => Rows * Cols;

    /// <summary>The raw storage (may be longer than <see cref="Length"/>).</summary>
    public float[] Data => _data;
    /// <summary>The raw gradient storage (may be longer than <see cref="Length"/>).</summary>
    public float[] GradData
    {
        get
        {
            if (_grad.Length < _data.Length) _grad = new float[_data.Length];
            return _grad;
        }
    }

    public Span<float> Values => _data.AsSpan(0, Length);
    public Span<float> Grad => GradData.AsSpan(0, Length);
    public Span<float> Row(int r) => _data.AsSpan(r * Cols, Cols);
    public Span<float> GradRow(int r) => GradData.AsSpan(r * Cols, Cols);

    /// <summary>Sets the shape; keeps the storage when it is large enough (contents are then unspecified).</summary>
    public void Resize(int rows, int cols)
    {
        if (rows < 0 || cols < 0) throw new ArgumentOutOfRangeException(nameof(rows));
        var need = rows * cols;
        if (need > _data.Length)
        {
            var size = Math.Max(need, _data.Length + _data.Length / 4);
            _data = new float[size];
            if (_grad.Length > 0) _grad = new float[size];
        }
        Rows = rows;
        Cols = cols;
    }

    public void ZeroGrad() => Grad.Clear();

    /// <summary>Set when the tensor's only consumer writes its gradient instead of adding to it, so a backward pass
    /// need not clear it first (<see cref="Tape.Backward"/>).</summary>
    public bool GradWrittenByConsumer { get; set; }
}

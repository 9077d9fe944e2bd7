using TorchSharp;
using static TorchSharp.torch;

namespace AutoBuild.TorchSharp.Tests.Infrastructure;

/// <summary>
/// Weights and inputs defined by a formula of the state-dict key and the element index, so that a PyTorch
/// model and a TorchSharp model hold the same numbers without shipping weight files. Fixtures/make_reference.py
/// implements the same formula (keep the two in step); every value is computed in double, then rounded to float.
/// </summary>
internal static class DeterministicWeights
{
    /// <summary>The phase of one key: an integer hash of its bytes, as an angle.</summary>
    public static double Phase(string key)
    {
        long h = 0;
        var bytes = System.Text.Encoding.ASCII.GetBytes(key);
        for (var j = 0; j < bytes.Length; j++) h = (h + bytes[j] * (j + 1)) % 997;
        return h / 997.0 * 2 * Math.PI;
    }

    /// <summary>The value of element <paramref name="i"/> (row-major) of the tensor named <paramref name="key"/>.</summary>
    public static double Value(string key, long[] shape, long i)
    {
        var s = Math.Sin(Phase(key) + 0.61803 * i);
        if (key.EndsWith("running_var", StringComparison.Ordinal)) return 0.5 + 0.25 * (s + 1);
        if (key.EndsWith("running_mean", StringComparison.Ordinal) || key.EndsWith("bias", StringComparison.Ordinal)) return 0.1 * s;
        if (shape.Length == 1) return 1 + 0.1 * s; // a normalisation's scale
        var fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        return s * Math.Sqrt(3.0 / fanIn);
    }

    /// <summary>Overwrites every floating-point parameter and buffer of the model with the formula.</summary>
    public static void Apply(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var (key, tensor) in model.state_dict())
        {
            if (!tensor.is_floating_point()) continue; // num_batches_tracked
            var shape = tensor.shape;
            var values = new float[tensor.numel()];
            for (long i = 0; i < values.Length; i++) values[i] = (float)Value(key, shape, i);
            tensor.copy_(torch.tensor(values).reshape(shape));
        }
    }

    /// <summary>The input x[i] = sin(0.37 i), row-major, of the given shape.</summary>
    public static Tensor Input(params long[] shape)
    {
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[n];
        for (long i = 0; i < n; i++) values[i] = (float)Math.Sin(0.37 * i);
        return torch.tensor(values).reshape(shape);
    }
}

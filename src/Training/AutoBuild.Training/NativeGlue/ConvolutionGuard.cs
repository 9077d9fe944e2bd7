using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoBuild.Training.NativeGlue;

/// <summary>
/// Guards against a wrong-results bug in the oneDNN (3.7.1) inside libtorch 2.10 / TorchSharp-cpu 0.107.0: on x64
/// CPUs where oneDNN picks its AVX2 or AVX-512 JIT kernels, a float32 convolution whose channel count is not a
/// multiple of the kernel's block (8 or 16) and that libtorch routes to oneDNN (3x3 and larger, or a batch above
/// one) reads the unset padding of its blocked layout: outputs are off by tens of percent, sometimes NaN, and differ
/// from run to run. NAS-Bench-101's 43/85/171-channel vertices, and 24- or 40-channel layers, are hit.
/// <para>
/// The check runs one such convolution against the same convolution in float64 (libtorch's own reference path).
/// When they disagree, oneDNN is switched off for the process through libtorch's global context (what
/// <c>torch.backends.mkldnn.enabled = False</c> does in Python), and the check runs again: libtorch's native
/// convolution is slower but right. It needs the Itanium-mangled C++ entry points of libtorch_cpu (Linux, macOS);
/// where they cannot be found the failure is reported, never hidden.
/// </para>
/// </summary>
public static class ConvolutionGuard
{
    private const double Tolerance = 1e-4;
    private static readonly Lazy<string> s_state = new(Apply, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Makes float32 convolutions right in this process; returns what was found and done.</summary>
    public static string Ensure() => s_state.Value;

    private static string Apply()
    {
        var error = RelativeError();
        if (error <= Tolerance) return $"float32 convolution checked (relative error {error:G2})";
        var before = FormatError(error);
        if (!TrySwitchOffOneDnn(out var why))
            throw new InvalidOperationException($"libtorch computes wrong float32 convolutions here (relative error {before} on a 24-channel 3x3 convolution) and oneDNN cannot be switched off: {why}");
        error = RelativeError();
        if (error > Tolerance)
            throw new InvalidOperationException($"libtorch computes wrong float32 convolutions here (relative error {before}), even with oneDNN switched off ({FormatError(error)})");
        return $"oneDNN switched off: its float32 convolution was wrong here (relative error {before}); libtorch's native convolution checked ({error:G2})";
    }

    private static string FormatError(double error) => double.IsInfinity(error) ? "NaN or infinite" : error.ToString("G2");

    /// <summary>Max |float32 − float64| / max |float64| of a 24-channel 3x3 convolution, batch 2. Inputs are built
    /// from a fixed formula, not torch's generator, so the check does not move anyone's random stream.</summary>
    private static double RelativeError()
    {
        const int channels = 24, size = 12;
        using var scope = NewDisposeScope();
        var input = new float[2 * channels * size * size];
        for (var i = 0; i < input.Length; i++) input[i] = (float)Math.Sin(0.37 * i + 0.11);
        var weight = new float[channels * channels * 3 * 3];
        for (var i = 0; i < weight.Length; i++) weight[i] = (float)(0.1 * Math.Cos(0.23 * i + 0.7));
        using var _ = no_grad();
        var x = tensor(input, new long[] { 2, channels, size, size });
        var w = tensor(weight, new long[] { channels, channels, 3, 3 });
        var single = nn.functional.conv2d(x, w, padding: new long[] { 1, 1 }).to(ScalarType.Float64);
        var reference = nn.functional.conv2d(x.to(ScalarType.Float64), w.to(ScalarType.Float64), padding: new long[] { 1, 1 });
        var error = (single - reference).abs().max().item<double>() / reference.abs().max().item<double>();
        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }

    private static bool TrySwitchOffOneDnn(out string why)
    {
        if (!NativeLibrary.TryLoad(OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so", typeof(torch).Assembly, null, out var library))
        {
            why = "libtorch_cpu is not loadable by name";
            return false;
        }
        if (!NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var context)
            || !NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledMkldnnEb", out var setEnabled))
        {
            why = "libtorch_cpu does not export at::globalContext() and at::Context::setUserEnabledMkldnn(bool) under their Itanium names";
            return false;
        }
        unsafe
        {
            var instance = ((delegate* unmanaged<IntPtr>)context)();
            ((delegate* unmanaged<IntPtr, byte, void>)setEnabled)(instance, 0);
        }
        why = "";
        return true;
    }
}

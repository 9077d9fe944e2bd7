using System;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoBuild.Training;

/// <summary>CPU latency of one image: the median over <c>runs</c> forward passes of a batch of one in eval mode without
/// gradients, after a few warm-up passes. A measurement, so it varies from run to run and machine to machine.</summary>
public static class LatencyMeter
{
    public static double MillisecondsPerImage(nn.Module<Tensor, Tensor> model, int channels, int height, int width, int runs = 20)
    {
        if (runs < 1) throw new ArgumentOutOfRangeException(nameof(runs), "At least one run is needed.");
        model.to(CPU);
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = zeros(1, channels, height, width);
        for (var i = 0; i < 3; i++) model.forward(input).Dispose();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            model.forward(input).Dispose();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    }
}

using System.Globalization;
using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks.Planted;

/// <summary>The planted function of the OFA-MobileNetV3-shaped space. Both metrics have the form
/// value = global(resolution) + Σ_stages stage(s, configuration of s, resolution), which is what makes their marginal
/// means and optimum exactly computable: stages are independent under the sampling distribution (depth uniform over
/// 2/3/4, then kernel and expansion uniform for every active layer; resolution uniform), so conditioning on one
/// decision only changes the expectation of its own stage's term. Every stage has 3 + 9² + 9³ + 9⁴ configurations
/// weighted exactly, no sampling.</summary>
internal sealed class OfaLikeModel
{
    public const int Stages = 5, MaxDepth = 4, MinDepth = 2;
    private static readonly int[] Resolutions = { 192, 208, 224 };

    // Accuracy (%): resolution gain; per stage: gain of the 3rd and 4th layer, kernel and expansion effects per
    // active layer, a kernel×expansion interaction, a depth×resolution interaction, a penalty for adjacent k7 layers.
    private readonly double[] _resGain = new double[3];
    private readonly double[,] _layerGain = new double[Stages, MaxDepth];
    private readonly double[,] _kernel = new double[Stages, 3], _expand = new double[Stages, 3];
    private readonly double[,,] _kernelExpand = new double[Stages, 3, 3];
    private readonly double[] _depthRes = new double[Stages], _adjacentK7 = new double[Stages];
    // Latency (ms): resolution scale × (fixed part + Σ active layers stage cost × kernel factor × expansion factor).
    private readonly double[] _stageCost = new double[Stages];
    private static readonly double[] KernelCost = { 1.0, 1.15, 1.35 }, ExpandCost = { 1.0, 1.25, 1.8 };
    private const double FixedLatency = 3.0, BaseAccuracy = 74.0;

    public OfaLikeModel(int seed)
    {
        var r = new Random(seed);
        double U(double lo, double hi) => lo + (hi - lo) * r.NextDouble();
        _resGain[1] = U(0.45, 0.65); _resGain[2] = _resGain[1] + U(0.3, 0.5);
        double[] costs = { 0.35, 0.30, 0.45, 0.50, 0.60 };
        for (var s = 0; s < Stages; s++)
        {
            // Depth pays with diminishing returns; larger kernels and expansions pay, by stage-specific amounts.
            _layerGain[s, 2] = U(0.25, 0.45);
            _layerGain[s, 3] = U(0.10, 0.20);
            _kernel[s, 1] = U(0.06, 0.14); _kernel[s, 2] = _kernel[s, 1] + U(0.04, 0.12);
            _expand[s, 1] = U(0.08, 0.16); _expand[s, 2] = _expand[s, 1] + U(0.06, 0.16);
            _kernelExpand[s, 2, 2] = U(0.02, 0.05);   // k7 with e6: a little more than the sum
            _kernelExpand[s, 0, 0] = -U(0.02, 0.05);  // k3 with e3: a little less
            _depthRes[s] = U(0.03, 0.08);             // extra layers help more at higher resolution
            _adjacentK7[s] = -U(0.02, 0.04);          // two k7 layers in a row: diminishing returns
            _stageCost[s] = costs[s] * U(0.9, 1.1);
        }
    }

    public static double ResolutionScale(int res) => Resolutions[res] * Resolutions[res] / (224.0 * 224.0);

    /// <summary>metric 0 = accuracy, 1 = latency. kernels/expands hold value indices of the active layers.</summary>
    public double Global(int metric, int res) => metric == 0 ? BaseAccuracy + _resGain[res] : FixedLatency * ResolutionScale(res);

    public double Stage(int metric, int s, int depth, int[] kernels, int[] expands, int res)
    {
        var sum = 0.0;
        if (metric == 0)
        {
            for (var l = 0; l < depth; l++)
            {
                sum += _layerGain[s, l] + _kernel[s, kernels[l]] + _expand[s, expands[l]] + _kernelExpand[s, kernels[l], expands[l]];
                if (l > 0 && kernels[l] == 2 && kernels[l - 1] == 2) sum += _adjacentK7[s];
            }
            return sum + _depthRes[s] * (depth - MinDepth) * res;
        }
        for (var l = 0; l < depth; l++) sum += _stageCost[s] * KernelCost[kernels[l]] * ExpandCost[expands[l]];
        return sum * ResolutionScale(res);
    }

    public static string ResolutionLabel(int res) => Resolutions[res].ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks.Planted;

/// <summary>The OFA-MobileNetV3-shaped planted space: the spec, the decision layout, the sampler and the exact truth
/// of <see cref="OfaLikeModel"/>.</summary>
internal sealed class OfaLike
{
    public const string SpecText = """
        # Planted-truth space shaped like Once-for-All MobileNetV3: 5 stages of depth 2-4, kernel 3/5/7 and
        # expansion 3/4/6 per layer, input resolution 192/208/224. Targets come from a known function
        # (benchmarks/AutoBuild.Benchmarks/Planted/OfaLikeModel.cs), not from training.
        space: PlantedOfa
        namespace: AutoBuild.Benchmarks
        input: { channels: 3, size: { choose: [192, 208, 224] } }
        classes: 1000
        ops:
          elastic: { mbconv: { kernel: { choose: [3, 5, 7] }, expand: { choose: [3, 4, 6] }, act: $act, se: $se } }
        network:
          - conv_bn: { out: 16, kernel: 3, stride: 2, act: hswish }
          - mbconv: { out: 16, kernel: 3, expand: 1, act: relu }
          - stage: { name: s1, depth: { choose: [2, 3, 4] }, out: 24, stride: 2, block: { elastic: { act: relu, se: false } } }
          - stage: { name: s2, depth: { choose: [2, 3, 4] }, out: 40, stride: 2, block: { elastic: { act: relu, se: true } } }
          - stage: { name: s3, depth: { choose: [2, 3, 4] }, out: 80, stride: 2, block: { elastic: { act: hswish, se: false } } }
          - stage: { name: s4, depth: { choose: [2, 3, 4] }, out: 112, stride: 1, block: { elastic: { act: hswish, se: true } } }
          - stage: { name: s5, depth: { choose: [2, 3, 4] }, out: 160, stride: 2, block: { elastic: { act: hswish, se: true } } }
          - conv_bn: { out: 960, kernel: 1, act: hswish }
          - global_pool
          - linear: { out: 1280, bias: false, act: hswish }
          - classifier: { dropout: 0.1 }

        """;

    private readonly SearchSpace _space;
    private readonly OfaLikeModel _model;
    private readonly int _resolution;
    private readonly int[] _depth = new int[OfaLikeModel.Stages];
    private readonly int[,] _kernel = new int[OfaLikeModel.Stages, OfaLikeModel.MaxDepth], _expand = new int[OfaLikeModel.Stages, OfaLikeModel.MaxDepth];
    // Value index in the spec of resolution 192/208/224, depth 2/3/4, kernel 3/5/7, expansion 3/4/6 (model index → spec index).
    private readonly int[] _resValue, _depthValue, _kernelValue, _expandValue;

    public OfaLike(SearchSpace space, int seed)
    {
        _space = space;
        _model = new OfaLikeModel(seed);
        _resolution = Index("resolution");
        for (var s = 0; s < OfaLikeModel.Stages; s++)
        {
            _depth[s] = Index($"s{s + 1}.depth");
            for (var l = 0; l < OfaLikeModel.MaxDepth; l++)
            {
                _kernel[s, l] = Index($"s{s + 1}.l{l + 1}.kernel");
                _expand[s, l] = Index($"s{s + 1}.l{l + 1}.expand");
            }
        }
        _resValue = Values(_resolution, "192", "208", "224");
        _depthValue = Values(_depth[0], "2", "3", "4");
        _kernelValue = Values(_kernel[0, 0], "3", "5", "7");
        _expandValue = Values(_expand[0, 0], "3", "4", "6");
    }

    private int Index(string name) =>
        _space.IndexOfDecision(name) is var i and >= 0 ? i : throw new InvalidOperationException($"planted OFA spec has no decision '{name}'");

    private int[] Values(int decision, params string[] labels) =>
        labels.Select(l => _space.Decisions[decision].IndexOf(l) is var v and >= 0 ? v
            : throw new InvalidOperationException($"decision '{_space.Decisions[decision].Name}' has no value {l}")).ToArray();

    /// <summary>OFA's sampler: resolution uniform, every stage's depth uniform, kernel and expansion uniform per active layer.</summary>
    public Architecture Draw(Random random)
    {
        var res = random.Next(3);
        var depths = new int[OfaLikeModel.Stages];
        var kernels = new int[OfaLikeModel.Stages][];
        var expands = new int[OfaLikeModel.Stages][];
        for (var s = 0; s < OfaLikeModel.Stages; s++)
        {
            depths[s] = OfaLikeModel.MinDepth + random.Next(3);
            kernels[s] = new int[depths[s]]; expands[s] = new int[depths[s]];
            for (var l = 0; l < depths[s]; l++) { kernels[s][l] = random.Next(3); expands[s][l] = random.Next(3); }
        }
        return Build(res, depths, kernels, expands);
    }

    private Architecture Build(int res, int[] depths, int[][] kernels, int[][] expands)
    {
        var choices = Enumerable.Repeat(-1, _space.Decisions.Count).ToArray();
        choices[_resolution] = _resValue[res];
        for (var s = 0; s < OfaLikeModel.Stages; s++)
        {
            choices[_depth[s]] = _depthValue[depths[s] - OfaLikeModel.MinDepth];
            for (var l = 0; l < depths[s]; l++)
            {
                choices[_kernel[s, l]] = _kernelValue[kernels[s][l]];
                choices[_expand[s, l]] = _expandValue[expands[s][l]];
            }
        }
        return new Architecture(_space, choices);
    }

    /// <summary>The noiseless metric of an architecture.</summary>
    public double Value(int metric, Architecture a)
    {
        var res = Array.IndexOf(_resValue, a[_resolution]);
        var sum = _model.Global(metric, res);
        var kernels = new int[OfaLikeModel.MaxDepth]; var expands = new int[OfaLikeModel.MaxDepth];
        for (var s = 0; s < OfaLikeModel.Stages; s++)
        {
            var depth = Array.IndexOf(_depthValue, a[_depth[s]]) + OfaLikeModel.MinDepth;
            for (var l = 0; l < depth; l++)
            {
                kernels[l] = Array.IndexOf(_kernelValue, a[_kernel[s, l]]);
                expands[l] = Array.IndexOf(_expandValue, a[_expand[s, l]]);
            }
            sum += _model.Stage(metric, s, depth, kernels, expands, res);
        }
        return sum;
    }

    /// <summary>Exact truth of one metric (see <see cref="OfaLikeModel"/> for why it is exact).</summary>
    public PlantedTruth Truth(int metric, string column)
    {
        const int resCount = 3;
        var n = _space.Decisions.Count;
        // Per decision value: probability mass and Σ p·stage term per resolution, of its own stage.
        var mass = new double[n][]; var sums = new double[n][,];
        for (var d = 0; d < n; d++) { mass[d] = new double[_space.Decisions[d].Values.Count]; sums[d] = new double[mass[d].Length, resCount]; }
        var stageMean = new double[OfaLikeModel.Stages, resCount];
        var best = new double[OfaLikeModel.Stages, resCount];
        var bestConfig = new (int Depth, int[] K, int[] E)[OfaLikeModel.Stages, resCount];
        var sign = metric == 0 ? 1.0 : -1.0; // the optimum of latency is its minimum
        for (var s = 0; s < OfaLikeModel.Stages; s++)
        {
            for (var r = 0; r < resCount; r++) best[s, r] = double.NegativeInfinity;
            for (var depth = OfaLikeModel.MinDepth; depth <= OfaLikeModel.MaxDepth; depth++)
            {
                var p = 1.0 / 3 / Math.Pow(9, depth);
                var kernels = new int[depth]; var expands = new int[depth];
                for (var code = 0; code < (int)Math.Pow(9, depth); code++)
                {
                    for (int l = 0, c = code; l < depth; l++, c /= 9) { kernels[l] = c % 9 / 3; expands[l] = c % 3; }
                    var dv = _depthValue[depth - OfaLikeModel.MinDepth];
                    mass[_depth[s]][dv] += p;
                    for (var l = 0; l < depth; l++) { mass[_kernel[s, l]][_kernelValue[kernels[l]]] += p; mass[_expand[s, l]][_expandValue[expands[l]]] += p; }
                    for (var r = 0; r < resCount; r++)
                    {
                        var h = _model.Stage(metric, s, depth, kernels, expands, r);
                        stageMean[s, r] += p * h;
                        sums[_depth[s]][dv, r] += p * h;
                        for (var l = 0; l < depth; l++)
                        {
                            sums[_kernel[s, l]][_kernelValue[kernels[l]], r] += p * h;
                            sums[_expand[s, l]][_expandValue[expands[l]], r] += p * h;
                        }
                        if (sign * h > best[s, r]) { best[s, r] = sign * h; bestConfig[s, r] = (depth, (int[])kernels.Clone(), (int[])expands.Clone()); }
                    }
                }
            }
        }
        var means = new double[n][];
        for (var d = 0; d < n; d++)
        {
            means[d] = new double[mass[d].Length];
            var stage = _space.Decisions[d].Site.StageIndex;
            for (var v = 0; v < means[d].Length; v++)
            {
                if (d == _resolution)
                {
                    var r = Array.IndexOf(_resValue, v);
                    means[d][v] = _model.Global(metric, r) + Enumerable.Range(0, OfaLikeModel.Stages).Sum(s => stageMean[s, r]);
                    continue;
                }
                if (mass[d][v] <= 0 || stage is null) { means[d][v] = double.NaN; continue; }
                var total = 0.0;
                for (var r = 0; r < resCount; r++)
                {
                    var others = Enumerable.Range(0, OfaLikeModel.Stages).Where(s => s != stage).Sum(s => stageMean[s, r]);
                    total += _model.Global(metric, r) + others + sums[d][v, r] / mass[d][v];
                }
                means[d][v] = total / resCount;
            }
        }
        // Optimum: stages are independent given the resolution, so the best configuration per stage per resolution.
        var bestRes = Enumerable.Range(0, resCount).OrderByDescending(r =>
            sign * _model.Global(metric, r) + Enumerable.Range(0, OfaLikeModel.Stages).Sum(s => best[s, r])).First();
        var optimum = Build(bestRes,
            Enumerable.Range(0, OfaLikeModel.Stages).Select(s => bestConfig[s, bestRes].Depth).ToArray(),
            Enumerable.Range(0, OfaLikeModel.Stages).Select(s => bestConfig[s, bestRes].K).ToArray(),
            Enumerable.Range(0, OfaLikeModel.Stages).Select(s => bestConfig[s, bestRes].E).ToArray());
        return new PlantedTruth(_space, column, a => Value(metric, a), means, optimum, metric == 0);
    }

    public static string Describe() => string.Format(CultureInfo.InvariantCulture,
        "OFA-MobileNetV3-shaped: resolution 192/208/224, 5 stages of depth 2-4 (uniform), kernel 3/5/7 and expansion 3/4/6 per active layer (uniform); " +
        "acc = resolution gain + per-layer gains (3rd > 4th layer > 0) + kernel/expansion effects (larger is better) + k×e, depth×resolution and adjacent-k7 interactions, noise sd 0.15; " +
        "latency = resolution² × (fixed + Σ layers stage cost × kernel × expansion factors), noise sd 0.05");
}

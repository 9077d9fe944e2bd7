using System.Globalization;
using System.Text;
using AutoBuild.Spec;
using AutoBuild.Runtime;

namespace AutoBuild.Benchmarks.Planted;

/// <summary>A synthetic benchmark whose truth is known exactly: a spec (valid for the compiler), a seeded sampler of
/// labelled rows (target and latency columns with noise) and the truth of each metric. Made by
/// <see cref="PlantedSpaces"/>.</summary>
public sealed class PlantedSpace
{
    private readonly Func<Random, Architecture> _draw;
    private readonly double[] _noise;

    internal PlantedSpace(string name, string specText, SearchSpace space, Func<Random, Architecture> draw,
        IReadOnlyList<PlantedTruth> truths, double[] noise, string description)
    {
        Name = name; SpecText = specText; Space = space; _draw = draw; Truths = truths; _noise = noise; Description = description;
    }

    /// <summary>Short name for tables ("planted-ofa", "planted-cell").</summary>
    public string Name { get; }
    /// <summary>The YAML spec; compiled into <see cref="Space"/>.</summary>
    public string SpecText { get; }
    public SearchSpace Space { get; }
    /// <summary>One sentence on the sampling distribution and the planted function.</summary>
    public string Description { get; }
    /// <summary>The metrics, in labels-column order: [0] is the target ("acc", higher is better), [1] the latency ("latency").</summary>
    public IReadOnlyList<PlantedTruth> Truths { get; }
    public PlantedTruth Accuracy => Truths[0];
    public PlantedTruth Latency => Truths[1];
    public string TargetColumn => Truths[0].Metric;
    public string LatencyColumn => Truths[1].Metric;

    /// <summary>Writes the spec to <paramref name="directory"/> and returns its path.</summary>
    public string WriteSpec(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Name + ".space.yaml");
        File.WriteAllText(path, SpecText);
        return path;
    }

    /// <summary>One architecture from the sampling distribution the marginal means are defined under.</summary>
    public Architecture Draw(Random random) => _draw(random);

    /// <summary><paramref name="count"/> distinct architectures from the sampling distribution, each with its noisy
    /// metrics (noise: Gaussian, per metric). Same seed → same rows.</summary>
    public IReadOnlyList<PlantedRow> Sample(int count, int seed)
    {
        var random = new Random(seed);
        var seen = new HashSet<Architecture>();
        var rows = new List<PlantedRow>(count);
        for (var tries = 0; rows.Count < count && tries < 100 * count + 1000; tries++)
        {
            var a = _draw(random);
            if (!seen.Add(a)) continue;
            var values = new double[Truths.Count];
            for (var m = 0; m < values.Length; m++) values[m] = Truths[m].Value(a) + _noise[m] * Gaussian(random);
            rows.Add(new PlantedRow(a, values));
        }
        if (rows.Count < count) throw new ArgumentException($"{Name} has fewer than {count} distinct architectures");
        return rows;
    }

    /// <summary>The labels' architectures: <paramref name="labelDepths"/> "planted" (default) draws from the sampler
    /// the marginal means are defined under (OFA's: each depth uniform); "proportional" or "uniform" draws what
    /// `autobuild sample --depths proportional|uniform` would (<see cref="SearchSpace.SampleDistinct(int, Random, Func{Architecture, bool}?, DepthSampling)"/>).</summary>
    public IReadOnlyList<Architecture> Architectures(int count, int seed, string labelDepths) => labelDepths switch
    {
        "planted" => Sample(count, seed).Select(r => r.Architecture).ToArray(),
        "proportional" => Space.SampleDistinct(count, new Random(seed)),
        "uniform" => Space.SampleDistinct(count, new Random(seed), null, DepthSampling.Uniform),
        _ => throw new ArgumentException($"--label-depths must be planted, proportional or uniform (got {labelDepths})"),
    };

    /// <summary>One noisy measurement of <paramref name="architecture"/>: each metric's noiseless value plus the
    /// sampler's Gaussian noise, drawn from a generator seeded by the architecture's choices, so measuring the same
    /// architecture again gives the same row, as a benchmark table would.</summary>
    public double[] NoisyMeasurement(Architecture architecture)
    {
        // FNV-1a over the choices: stable across processes, unlike GetHashCode.
        var hash = 2166136261u;
        foreach (var c in architecture.Choices) hash = (hash ^ (uint)(c + 1)) * 16777619u;
        var random = new Random((int)(hash & 0x7fffffff));
        var values = new double[Truths.Count];
        for (var m = 0; m < values.Length; m++) values[m] = Truths[m].Value(architecture) + _noise[m] * Gaussian(random);
        return values;
    }

    /// <summary>A labels CSV (docs/labels.md): one column per decision (inactive decisions empty), then one per metric.</summary>
    public string ToCsv(IReadOnlyList<PlantedRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Space.Decisions.Select(d => d.Name).Concat(Truths.Select(t => t.Metric))).Append('\n');
        foreach (var row in rows)
        {
            for (var d = 0; d < Space.Decisions.Count; d++)
                sb.Append(row.Architecture[d] >= 0 ? Space.Decisions[d].Values[row.Architecture[d]] : "").Append(',');
            sb.AppendJoin(',', row.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }
        return sb.ToString();
    }

    internal static SearchSpace Compile(string name, string specText)
    {
        var result = SpecCompiler.Compile(name + ".space.yaml", specText);
        if (result.Space is null || result.HasErrors)
            throw new InvalidOperationException($"planted spec {name} does not compile:\n" + string.Join("\n", result.Diagnostics));
        return result.Space;
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm finite.
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}

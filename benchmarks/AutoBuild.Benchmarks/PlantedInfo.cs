using System.Globalization;
using AutoBuild.Benchmarks.Planted;

namespace AutoBuild.Benchmarks;

/// <summary><c>planted</c>: prints the truth of the planted-truth spaces (marginal means, value orders, optimum) and
/// checks the exact marginal means against a Monte-Carlo estimate from the sampler (<c>--draws</c>); with
/// <c>--write DIR --n N</c> also writes each space's spec and N labelled rows there.</summary>
public static class PlantedInfo
{
    public static int Run(Args args)
    {
        var seed = args.Int("seed", 0);
        var draws = args.Int("draws", 200_000);
        var names = args.Get("space", string.Join(",", PlantedSpaces.Names)).Split(',');
        var ok = true;
        foreach (var name in names)
        {
            var p = PlantedSpaces.ByName(name, seed);
            if (args.Get("write", "") is { Length: > 0 } dir)
            {
                // Spec and N labelled rows for trying `autobuild build` by hand.
                var n = args.Int("n", 1000);
                var spec = p.WriteSpec(dir);
                var labels = Path.Combine(dir, $"{p.Name}-{n}.labels.csv");
                File.WriteAllText(labels, p.ToCsv(p.Sample(n, seed)));
                Console.WriteLine($"wrote {spec} and {labels} (target column {p.TargetColumn}, latency column {p.LatencyColumn})");
            }
            Console.WriteLine($"## {p.Name} (seed {seed}): {p.Space.Size} architectures\n{p.Description}\n");
            foreach (var truth in p.Truths)
            {
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: optimum {1:F3} at {2}", truth.Metric, truth.OptimumValue, truth.Optimum));
                // Monte-Carlo check of the exact marginal means.
                var random = new Random(seed + 1);
                var sums = truth.MarginalMeans.Select(m => new double[m.Length]).ToArray();
                var counts = truth.MarginalMeans.Select(m => new int[m.Length]).ToArray();
                var squares = truth.MarginalMeans.Select(m => new double[m.Length]).ToArray();
                for (var i = 0; i < draws; i++)
                {
                    var a = p.Draw(random);
                    var v = truth.Value(a);
                    for (var d = 0; d < sums.Length; d++) if (a[d] >= 0) { sums[d][a[d]] += v; squares[d][a[d]] += v * v; counts[d][a[d]]++; }
                }
                // In standard errors of the Monte-Carlo mean: beyond 5 the exact computation is wrong.
                var worst = 0.0;
                foreach (var (d, v, mean) in truth.Marginals())
                {
                    var m = sums[d][v] / counts[d][v];
                    var se = Math.Sqrt(Math.Max(1e-12, squares[d][v] / counts[d][v] - m * m) / counts[d][v]);
                    worst = Math.Max(worst, Math.Abs(m - mean) / se);
                }
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  largest |Monte-Carlo − exact| marginal mean over {0} draws: {1:F2} standard errors", draws, worst));
                ok &= worst < 5;
                foreach (var group in truth.Marginals().GroupBy(m => m.Decision))
                {
                    var decision = p.Space.Decisions[group.Key];
                    Console.WriteLine("  " + decision.Name + ": " + string.Join("  ", truth.Order(group.Key).Select(v =>
                        string.Format(CultureInfo.InvariantCulture, "{0}={1:F3}", decision.Values[v], truth.MarginalMeans[group.Key][v]))));
                }
            }
            Console.WriteLine();
        }
        return ok ? 0 : 1;
    }
}

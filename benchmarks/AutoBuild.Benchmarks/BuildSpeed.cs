using System.Globalization;
using AutoBuild.Benchmarks.Planted;
using AutoBuild.Learning.Build;

namespace AutoBuild.Benchmarks;

/// <summary>Whole-build wall time per stage on the planted OFA-MobileNetV3-shaped space (issue 16): N labelled rows
/// (target and a latency column), built as `autobuild build` does (spec and labels read from files, outputs
/// written), unconstrained and with a latency budget at the labels' 30th percentile. Printed, never asserted.</summary>
internal static class BuildSpeed
{
    public static int Run(Args args)
    {
        var planted = PlantedSpaces.OfaLike();
        // --keep DIR keeps the spec, labels and outputs there (e.g. for generator-timing --results).
        var keep = args.Get("keep", "");
        var dir = keep.Length > 0 ? Path.GetFullPath(keep) : Path.Combine(Path.GetTempPath(), "autobuild-build-speed-" + Environment.ProcessId);
        var spec = planted.WriteSpec(dir);
        var seed = args.Int("seed", 0);
        Console.WriteLine($"# Build time per stage, planted OFA-MobileNetV3 ({Environment.ProcessorCount} cores), seed {seed}; seconds");
        try
        {
            foreach (var n in args.Ints("n", "100,300,1000,3000"))
            {
                var rows = planted.Sample(n, 1_000 * n + seed);
                var labels = Path.Combine(dir, $"labels-{n}.csv");
                File.WriteAllText(labels, planted.ToCsv(rows));
                var p30 = QualityBench.Percentile(rows.Select(r => r.Values[1]), 0.3);
                var modes = args.Get("budgets", "none,latency").Split(',');
                foreach (var constrained in new[] { false, true }.Where(c => modes.Contains(c ? "latency" : "none")))
                {
                    var options = new BuildOptions { Target = planted.TargetColumn, Seed = seed, LatencyColumn = planted.LatencyColumn, RecordTiming = true };
                    // --epochs E: fewer epochs to reach the later stages quickly when profiling them (default: automatic).
                    if (args.Int("epochs", 0) is > 0 and var epochs) options.Epochs = epochs;
                    // --max-steps / --secondary-max-steps: other automatic step budgets (10000 10000 is the rule before issue 16's session 6).
                    if (args.Int("max-steps", 0) is > 0 and var cap) options.MaxAutoSteps = cap;
                    options.SecondaryMaxSteps = args.Int("secondary-max-steps", BuildOptions.DefaultSecondaryMaxSteps);
                    if (constrained) options.MaxLatency = p30;
                    // CPU seconds (all threads) beside the wall time: on a shared machine they still say what the build costs.
                    var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                    var load0 = LoadAverage();
                    var outcome = BuildPipeline.RunFiles(spec, labels, options);
                    if (outcome.Result is null)
                    {
                        foreach (var d in outcome.Diagnostics) Console.Error.WriteLine(d);
                        return 1;
                    }
                    var written = BuildOutput.Write(outcome.Result, Path.Combine(dir, "out"));
                    outcome.Timings.Lap("outputs");
                    Console.WriteLine();
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "## N = {0}, {1}", n,
                        constrained ? $"latency ≤ {p30:0.00} (p30)" : "unconstrained"));
                    foreach (var line in outcome.Timings.Lines()) Console.WriteLine("    " + line);
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "    CPU {0:0.00} s (all threads); load average {1} before, {2} after",
                        (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds, load0, LoadAverage()));
                    foreach (var file in written)
                        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "    {0}: {1:0.000} MB", Path.GetFileName(file), new FileInfo(file).Length / 1e6));
                }
            }
        }
        finally
        {
            if (keep.Length == 0) Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    /// <summary>The 1-minute load average (Linux), or "?" elsewhere.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}

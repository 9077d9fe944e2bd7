using AutoBuild.Benchmarks;

// One command per benchmark. To add one: a line in this table and a static Run(Args) method.
var commands = new SortedDictionary<string, (string Help, Func<Args, int> Run)>(StringComparer.Ordinal)
{
    ["predictor-quality"] = ("Kendall tau of the predictor on NAS-Bench-201 (N labelled, tau on all the rest)", PredictorQuality.Run),
    ["predictor-speed"] = ("Training seconds/epoch and peak memory on 2,700 OFA-MobileNetV3 architectures", PredictorSpeed.Run),
    ["gemm-rate"] = ("GEMM GFLOP/s at the predictor's shapes (wall and per CPU-second)", GemmRate.Run),
    ["quality"] = ("End-to-end build quality on NAS-Bench-201 and NAS-Bench-Macro: true accuracy of best[0], tau on the rest", Quality.Run),
    ["knowledge"] = ("Importance, module scores and feature read-out against the true marginal means (NB201, NB-Macro, planted spaces)", Knowledge.Run),
    ["generator-timing"] = ("Source generator time on the largest example spec: cold, and warm after a C# or YAML-comment edit", GeneratorTiming.Run),
    ["planted"] = ("Truth of the planted-truth spaces (marginal means, orders, optimum), checked by Monte Carlo", PlantedInfo.Run),
    ["build-speed"] = ("Whole-build wall time per stage on the planted OFA space at N labels, unconstrained and with a latency budget", BuildSpeed.Run),
    ["micro"] = ("BenchmarkDotNet micro-benchmarks of GEMM and message passing", MicroBenchmarks.Run),
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project benchmarks/AutoBuild.Benchmarks -- <command> [--option value ...]");
    foreach (var (name, (help, _)) in commands) Console.Error.WriteLine($"  {name,-20} {help}");
    return args.Length == 0 ? 0 : 1;
}
return command.Run(new Args(args.Skip(1).ToArray()));

using System.Globalization;
using System.IO.Compression;
using AutoBuild.Examples;

// NasBenchMacro.Ranked and .Candidates are generated at build time from obj/.../NasBenchMacro.autobuild.json.
var best = NasBenchMacro.Ranked[0];
Console.WriteLine($"Best architecture ({(best.IsMeasured ? "measured" : "predicted")}): {best.Architecture} (one digit per layer: 0 id, 1 mb3_k3, 2 mb6_k5)");
Console.WriteLine($"  params {best.Params:N0}, FLOPs {best.Flops:N0} (method: {best.Method})");
Console.WriteLine(best.IsMeasured ? $"  measured {best.Target}: {best.Measured:F2} (a label: no unmeasured architecture beats it with enough confidence)"
    : $"  predicted {best.Target}: {best.Predicted:F2}, beats the best label with probability {best.ProbabilityOfImprovement:F2}");
Console.WriteLine($"Next candidates to measure: {string.Join(", ", NasBenchMacro.Candidates.Take(3).Select(c => c.Architecture.ToString()))} ...");

var truth = ReadTruth(Path.Combine(AppContext.BaseDirectory, "macro-truth.csv.gz"));
var accuracy = truth[best.Architecture.ToString()];
var rank = 1 + truth.Values.Count(a => a > accuracy);
Console.WriteLine($"  true {best.Target}: {accuracy:F2} (rank {rank:N0} of {truth.Count:N0}; the best network has {truth.Values.Max():F2})");
var report = Path.Combine(AppContext.BaseDirectory, "NasBenchMacro.report.html");
Console.WriteLine(File.Exists(report) ? $"Importance report: {report}" : $"Importance report: not written (the build copies it to {AppContext.BaseDirectory})");

static Dictionary<string, double> ReadTruth(string path)
{
    using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
    var truth = new Dictionary<string, double>(StringComparer.Ordinal);
    reader.ReadLine(); // arch,mean_acc
    while (reader.ReadLine() is { Length: > 0 } line)
    {
        var fields = line.Split(',');
        truth[fields[0]] = double.Parse(fields[1], CultureInfo.InvariantCulture);
    }
    return truth;
}

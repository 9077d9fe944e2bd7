using System.Globalization;
using System.IO.Compression;
using AutoBuild.Examples;

// NasBenchMacro.Best and .Ranked are generated at build time from obj/.../NasBenchMacro.autobuild.json.
var best = NasBenchMacro.Ranked[0];
Console.WriteLine($"Constructed architecture: {best.Architecture} (one digit per layer: 0 id, 1 mb3_k3, 2 mb6_k5)");
Console.WriteLine($"  params {best.Params:N0}, FLOPs {best.Flops:N0} (method: {best.Method})");
Console.WriteLine($"  predicted {best.Target}: {best.Predicted:F2}");

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

using System.Globalization;
using System.IO.Compression;
using AutoBuild.Examples;

// NasBench201.Best and .Ranked are generated at build time from obj/.../NasBench201.autobuild.json.
var best = NasBench201.Ranked[0];
Console.WriteLine($"Constructed architecture: {best.Architecture}");
Console.WriteLine($"  params {best.Params:N0}, FLOPs {best.Flops:N0} (method: {best.Method})");
Console.WriteLine($"  predicted {best.Target}: {best.Predicted:F2}");

// The example ships the true accuracy of every cell, so we can say how good the constructed cell really is.
var truth = ReadTruth(Path.Combine(AppContext.BaseDirectory, "nb201-truth.csv.gz"));
var accuracy = truth[best.Architecture.ToString()];
var rank = 1 + truth.Values.Count(a => a > accuracy);
Console.WriteLine($"  true {best.Target}: {accuracy:F2} (rank {rank:N0} of {truth.Count:N0}; the best cell has {truth.Values.Max():F2})");
var report = Path.Combine(AppContext.BaseDirectory, "NasBench201.report.html");
Console.WriteLine(File.Exists(report) ? $"Importance report: {report}" : $"Importance report: not written (the build copies it to {AppContext.BaseDirectory})");

static Dictionary<string, double> ReadTruth(string path)
{
    using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
    var truth = new Dictionary<string, double>(StringComparer.Ordinal);
    reader.ReadLine(); // arch_str,c10v_valid_acc_200ep,flops_m_c10
    while (reader.ReadLine() is { Length: > 0 } line)
    {
        var fields = line.Split(',');
        truth[fields[0]] = double.Parse(fields[1], CultureInfo.InvariantCulture);
    }
    return truth;
}

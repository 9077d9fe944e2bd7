using System.Globalization;
using System.IO.Compression;
using AutoBuild.Examples;

const double budget = 60e6; // MaxFlops in the project file
var best = NasBench201.Ranked[0];
Console.WriteLine($"FLOPs budget: {budget:N0}");
Console.WriteLine($"Best architecture ({(best.IsMeasured ? "measured" : "predicted")}): {best.Architecture}");
Console.WriteLine($"  FLOPs {best.Flops:N0} ({(best.Flops <= budget ? "within" : "OVER")} budget), params {best.Params:N0} (method: {best.Method})");
Console.WriteLine(best.IsMeasured ? $"  measured {best.Target}: {best.Measured:F2} (a label: no unmeasured architecture beats it with enough confidence)"
    : $"  predicted {best.Target}: {best.Predicted:F2}, beats the best label with probability {best.ProbabilityOfImprovement:F2}");
Console.WriteLine($"Next candidates to measure: {string.Join(", ", NasBench201.Candidates.Take(3).Select(c => c.Architecture.ToString()))} ...");

// Ground truth for every cell: the budget binds when the best cell of the whole space does not fit.
var truth = ReadTruth(Path.Combine(AppContext.BaseDirectory, "nb201-truth.csv.gz"));
var (accuracy, _) = truth[best.Architecture.ToString()];
var overall = truth.MaxBy(t => t.Value.Accuracy);
var fitting = truth.Where(t => t.Value.Flops <= budget).MaxBy(t => t.Value.Accuracy);
Console.WriteLine($"  true {best.Target}: {accuracy:F2}");
Console.WriteLine($"Best cell in the space: {overall.Value.Accuracy:F2} at {overall.Value.Flops:N0} FLOPs ({(overall.Value.Flops > budget ? "does not fit: the budget binds" : "fits")})");
Console.WriteLine($"Best cell within budget: {fitting.Value.Accuracy:F2} at {fitting.Value.Flops:N0} FLOPs");
var report = Path.Combine(AppContext.BaseDirectory, "NasBench201.report.html");
Console.WriteLine(File.Exists(report) ? $"Importance report: {report}" : $"Importance report: not written (the build copies it to {AppContext.BaseDirectory})");

static Dictionary<string, (double Accuracy, double Flops)> ReadTruth(string path)
{
    using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
    var truth = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
    reader.ReadLine(); // arch_str,c10v_valid_acc_200ep,flops_m_c10 (millions)
    while (reader.ReadLine() is { Length: > 0 } line)
    {
        var fields = line.Split(',');
        truth[fields[0]] = (double.Parse(fields[1], CultureInfo.InvariantCulture), double.Parse(fields[2], CultureInfo.InvariantCulture) * 1e6);
    }
    return truth;
}

using System.Globalization;
using System.IO.Compression;
using AutoBuild.Examples;

// NasBench201.Ranked and .Candidates are generated at build time from obj/.../NasBench201.autobuild.json.
// The example ships the true accuracy of every cell, so we can say how good each answer really is.
var truth = ReadTruth(Path.Combine(AppContext.BaseDirectory, "nb201-truth.csv.gz"));
string True(NasBench201.Architecture a)
{
    var accuracy = truth[a.ToString()];
    return $"true {accuracy:F2}, rank {1 + truth.Values.Count(x => x > accuracy):N0} of {truth.Count:N0}";
}

var best = NasBench201.Ranked[0];
Console.WriteLine($"Best: {best.Architecture}");
Console.WriteLine(best.IsMeasured
    ? $"  measured {best.Target} {best.Measured:F2} (the best label: no unmeasured cell beats it with enough confidence; {True(best.Architecture)})"
    : $"  predicted {best.Target} {best.Predicted:F2}: the evidence says it beats the best label with probability {best.ProbabilityOfImprovement:F2} (the rule: docs/results-json.md, \"selection\"; measure it: it is candidate 1) ({True(best.Architecture)})");
Console.WriteLine($"  params {best.Params:N0}, FLOPs {best.Flops:N0} (method: {best.Method})");
var label = NasBench201.Ranked.FirstOrDefault(r => r.IsMeasured);
Console.WriteLine(label is null ? "Best label: below the 10 best (all predicted)" : $"Best label: {label.Architecture} measured {label.Measured:F2}");
Console.WriteLine($"Next candidates to measure ({NasBench201.Candidates.Count}; measure them, append them to nb201-labels.csv, build again):");
foreach (var c in NasBench201.Candidates.Take(5))
    Console.WriteLine($"  {c.Rank}. {c.Architecture} predicted {c.Predicted:F2}, P(beats best label) {c.ProbabilityOfImprovement:F2} ({True(c.Architecture)})");
Console.WriteLine($"(the best of all {truth.Count:N0} cells has {truth.Values.Max():F2})");
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

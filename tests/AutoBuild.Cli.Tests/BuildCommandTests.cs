using AutoBuild.Cli.Commands;
using AutoBuild.Learning.Build;

namespace AutoBuild.Cli.Tests;

public sealed class BuildCommandTests : IDisposable
{
    private static readonly string RepoRoot = AutoBuild.Tests.Shared.RepoData.RepoRoot;
    private static readonly string Spec = Path.Combine(RepoRoot, "examples", "spaces", "nas-bench-201.space.yaml");
    private readonly string _dir = Directory.CreateTempSubdirectory("autobuild-build-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Every 150th row of the real NAS-Bench-201 table (105 rows).</summary>
    private string Labels() => CliTestFiles.Nb201Sample(_dir);

    private static BuildOptions Fast() => new() { Target = "c10v_valid_acc_200ep", Seed = 7, Epochs = 20 };

    private (int Code, string Out, string Err) Run(string spec, string labels, string outDir, BuildOptions options, string? candidatesOut = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = BuildCommand.Run(spec, labels, outDir, options, stdout, stderr, interactive: false, candidatesOut);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Nb201_build_writes_the_json_deterministically()
    {
        var labels = Labels();
        var next = Path.Combine(_dir, "next.csv");
        var a = Run(Spec, labels, Path.Combine(_dir, "a"), Fast(), next);
        var b = Run(Spec, labels, Path.Combine(_dir, "b"), Fast());
        Assert.True(a.Code == 0, a.Err);
        Assert.Equal(0, b.Code);
        var jsonA = File.ReadAllBytes(Path.Combine(_dir, "a", "NasBench201.autobuild.json"));
        Assert.Equal(jsonA, File.ReadAllBytes(Path.Combine(_dir, "b", "NasBench201.autobuild.json")));
        foreach (var report in new[] { "NasBench201.report.md", "NasBench201.report.html" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a", report)), File.ReadAllBytes(Path.Combine(_dir, "b", report)));
        Assert.Contains("autobuild: training", a.Out);
        Assert.Contains("autobuild: best (", a.Out);
        Assert.Contains("best label: ", a.Out);
        Assert.Contains("next candidates to measure", a.Out);
        // No temporary files are left behind.
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "a"), "*.json"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "a"), "*.tmp"));
        Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(Path.Combine(_dir, "a", "NasBench201.autobuild.json")), out var result, out _));
        // Equivalent cells are merged into one canonical network each (AB4009).
        Assert.InRange(result!.Labelled.Count, 4, 105);
        Assert.Equal(result.Labelled.Count, result.Labelled.Select(l => l.Arch).Distinct().Count());
        Assert.Equal(10, result.Best.Count);
        // The candidates as labels rows: the labels' header and the candidate column, decisions filled, what the build
        // predicted in the candidate column (round-trip precision), metrics empty, ready to measure.
        var rows = File.ReadAllLines(next);
        Assert.Equal(File.ReadLines(labels).First() + ",autobuild_predicted", rows[0]);
        Assert.Equal(11, rows.Length);
        var header = rows[0].Split(',');
        foreach (var (row, candidate) in rows.Skip(1).Zip(result.Candidates))
        {
            var fields = row.Split(',');
            Assert.Equal(header.Length, fields.Length);
            foreach (var (column, value) in header.Zip(fields))
                Assert.Equal(candidate.Decisions.TryGetValue(column, out var v) ? v
                    : column == "autobuild_predicted" ? candidate.Predicted.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "", value);
        }
    }

    [Fact]
    public void Nas_bench_macro_identity_layers_are_merged_and_the_candidates_are_distinct_networks_ready_for_the_next_round()
    {
        // Every 30th row of the real NAS-Bench-Macro table (219 rows, 48 of them strings with an `id` before another
        // layer of its stage: the same network as the benchmark's `canonical_arch`, whose results it copies).
        var table = AutoBuild.Tests.Shared.RepoData.Read(AutoBuild.Tests.Shared.RepoData.File("nas-bench-macro", "nas_bench_macro_cifar10.csv.gz")).ToList();
        var canonicalOf = table.ToDictionary(r => r["arch"], r => r["canonical_arch"]);
        var picked = table.Where((_, i) => i % 30 == 0).ToList();
        var labels = Path.Combine(_dir, "macro.csv");
        File.WriteAllText(labels, "arch,mean_acc\n" + string.Concat(picked.Select(r => $"{r["arch"]},{r["mean_acc"]}\n")));
        var spec = Path.Combine(RepoRoot, "examples", "spaces", "nas-bench-macro.space.yaml");
        var options = new BuildOptions { Target = "mean_acc", Seed = 7, Epochs = 20 };
        var next = Path.Combine(_dir, "next.csv");
        var r = Run(spec, labels, Path.Combine(_dir, "m"), options, next);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("warning AB4009: 48 labelled architectures are not in canonical form", r.Err);
        Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(Path.Combine(_dir, "m", "NasBenchMacro.autobuild.json")), out var result, out _));
        var labelledNetworks = picked.Select(p => p["canonical_arch"]).ToHashSet();
        Assert.Equal(labelledNetworks.Count, result!.LabelledCount);
        // Candidates: each in the benchmark's canonical form, no two the same network, none a labelled network.
        var candidates = result.Candidates.Select(c => c.Arch).ToList();
        Assert.Equal(10, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(canonicalOf[c], c));
        Assert.Equal(candidates.Count, candidates.Distinct().Count());
        Assert.DoesNotContain(candidates, labelledNetworks.Contains);
        // One round of the loop (docs/labels.md, "Candidate rows"): measure the candidates (look them up in the table),
        // fill in the metric, take the candidates file's header (the labels' columns and the candidate column) and
        // append the rows; the earlier rows end one field early. Build again.
        var rows = File.ReadAllLines(next);
        Assert.Equal("arch,mean_acc,autobuild_predicted", rows[0]);
        var accOf = table.ToDictionary(t => t["arch"], t => t["mean_acc"]);
        var measured = rows.Skip(1).Select(row => row.Split(',')).Select(f => $"{f[0]},{accOf[f[0]]},{f[2]}\n").ToList();
        var old = File.ReadAllLines(labels);
        File.WriteAllText(labels, rows[0] + "\n" + string.Concat(old.Skip(1).Select(l => l + "\n")) + string.Concat(measured));
        var again = Run(spec, labels, Path.Combine(_dir, "m2"), options, next);
        Assert.True(again.Code == 0, again.Err);
        Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(Path.Combine(_dir, "m2", "NasBenchMacro.autobuild.json")), out var second, out _));
        Assert.Equal(labelledNetworks.Count + 10, second!.LabelledCount);
        Assert.DoesNotContain(second.Candidates, c => labelledNetworks.Contains(c.Arch) || candidates.Contains(c.Arch));
        // The column is no metric; the next candidates file keeps the header as it is.
        Assert.DoesNotContain("autobuild_predicted", second.Target);
        Assert.Equal("arch,mean_acc,autobuild_predicted", File.ReadLines(next).First());
        if (second.Selection!.TopPickRule) Assert.Equal(10, second.Selection.CandidateLabels);
    }

    [Fact]
    public void Timing_prints_every_stage_and_labelled_points_bounds_the_listed_labels()
    {
        var options = Fast();
        options.RecordTiming = true;
        options.LabelledPoints = 20;
        var r = Run(Spec, Labels(), Path.Combine(_dir, "t"), options);
        Assert.True(r.Code == 0, r.Err);
        foreach (var stage in new[] { "spec and labels", "graph encoding", "search", "selection and candidates", "importance", "outputs", "total" })
            Assert.Matches(@"autobuild: time " + System.Text.RegularExpressions.Regex.Escape(stage) + @" +\d+\.\d\d s", r.Out);
        // The primary predictor and the 5 cross-fitted members train side by side, one per core.
        Assert.Matches(@"autobuild: time training predictors \(primary, 5 cross-fitted; \d+ at a time\) +\d+\.\d\d s", r.Out);
        Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(Path.Combine(_dir, "t", "NasBench201.autobuild.json")), out var result, out _));
        // The summary lists 20 points (every Pareto-optimal one is among them) but counts every labelled network.
        Assert.True(result!.LabelledCount > 20, result.LabelledCount.ToString());
        Assert.Equal(20, result.Labelled.Count);
        Assert.Contains(result.BestLabelled!.Arch, result.Labelled.Select(l => l.Arch));
    }

    [Fact]
    public void Missing_labels_file_is_exit_1_with_a_located_diagnostic()
    {
        var missing = Path.Combine(_dir, "nope.csv");
        var r = Run(Spec, missing, Path.Combine(_dir, "out"), Fast());
        Assert.Equal(1, r.Code);
        Assert.Contains(missing + ": error AB2", r.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Unknown_target_column_is_exit_1_and_writes_nothing()
    {
        var options = Fast();
        options.Target = "c10v_valid_acc_2000ep";
        var r = Run(Spec, Labels(), Path.Combine(_dir, "out"), options);
        Assert.Equal(1, r.Code);
        Assert.Contains("error AB2", r.Err);
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Spec_error_is_exit_1_with_line_and_column()
    {
        var spec = Path.Combine(_dir, "bad.space.yaml");
        File.WriteAllText(spec, "space: Bad\nnetwork:\n  - conv: { out: sixteen, kernel: 3 }\n");
        var r = Run(spec, Labels(), Path.Combine(_dir, "out"), Fast());
        Assert.Equal(1, r.Code);
        Assert.Matches(@"bad\.space\.yaml\(3,\d+\): error AB1\d{3}", r.Err);
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AutoBuild.Cli.Commands;
using AutoBuild.Learning.Labels;
using AutoBuild.Spec;

namespace AutoBuild.Cli.Tests.Fuzzing;

/// <summary>How much one fuzzing run does. CI uses <see cref="Ci"/>; <c>AUTOBUILD_FUZZ=long</c> (docs/robustness.md)
/// selects <see cref="Long"/>, and AUTOBUILD_FUZZ_SEED / AUTOBUILD_FUZZ_SCALE move the seed range and the size.</summary>
internal sealed record FuzzBudget(int Specs, int Labels, int Targets, int Processes, int Builds, int Results)
{
    public static FuzzBudget Ci => new(300, 120, 300, 10, 5, 30);
    public static FuzzBudget Long => new(20_000, 6_000, 20_000, 300, 150, 2_000);

    public FuzzBudget Scaled(double factor) =>
        new((int)(Specs * factor), (int)(Labels * factor), (int)(Targets * factor), (int)(Processes * factor), (int)(Builds * factor), (int)(Results * factor));
}

/// <summary>A seeded, bounded fuzzer over the tool's inputs. Each case is generated from (seed, kind, index) alone,
/// runs the real command code, and is checked against the contract of docs/robustness.md: exit code 0 or 1, never
/// an exception, never exit 2, every standard-error line a one-line diagnostic (AB1xxx with a line), never more
/// than <see cref="CaseLimit"/> per case. A failing case is saved (input files and the command) under
/// $TMPDIR/autobuild-fuzz/ and reported with its seed and index.</summary>
internal sealed class Fuzzer
{
    /// <summary>A case that runs longer than this is reported as a hang (generous: the machine may be loaded).</summary>
    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(120);

    private static readonly Regex DiagnosticLine = new(@"^(?<path>.+?)(\((?<line>\d+)(,(?<col>\d+))?\))?: (error|warning) (?<code>AB\d{4}): \S.*$", RegexOptions.CultureInvariant);

    private readonly int _seed;
    private readonly string _dir;
    private readonly IReadOnlyList<(string Name, string Text)> _specs = FuzzCorpus.Specs();
    public List<string> Failures { get; } = new();
    public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

    public Fuzzer(int seed)
    {
        _seed = seed;
        _dir = Path.Combine(Path.GetTempPath(), "autobuild-fuzz", "run-" + seed.ToString(CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_dir);
    }

    public void Run(FuzzBudget budget)
    {
        for (var i = 0; i < budget.Specs; i++) Case("spec", i, SpecCase);
        for (var i = 0; i < budget.Labels; i++) Case("labels", i, LabelsCase);
        for (var i = 0; i < budget.Targets; i++) Case("target", i, TargetCase);
        for (var i = 0; i < budget.Builds; i++) Case("build", i, BuildCase);
        for (var i = 0; i < budget.Results; i++) Case("result", i, ResultCase);
        for (var i = 0; i < budget.Processes; i++) Case("process", i, ProcessCase);
        if (Failures.Count == 0) Directory.Delete(_dir, recursive: true);
    }

    private Random RandomFor(string kind, int index) => new(HashCode(kind) ^ (_seed * 1_000_003) ^ (index * 7919));

    private static int HashCode(string s)
    {
        var h = 17;
        foreach (var c in s) h = unchecked(h * 31 + c);
        return h;
    }

    /// <summary>Runs one case with a time limit; any exception or broken contract is a failure.</summary>
    private void Case(string kind, int index, Action<Random, string> body)
    {
        var caseDir = Path.Combine(_dir, $"{kind}-{index}");
        Directory.CreateDirectory(caseDir);
        var random = RandomFor(kind, index);
        var task = Task.Run(() => body(random, caseDir));
        string? failure = null;
        try
        {
            if (!task.Wait(CaseLimit)) failure = $"did not finish within {CaseLimit.TotalSeconds} s (hang)";
        }
        catch (AggregateException e)
        {
            failure = e.InnerException is FuzzFailure f ? f.Message : "threw " + e.InnerException;
        }
        lock (Counts) Counts[kind] = Counts.GetValueOrDefault(kind) + 1;
        if (failure is null)
        {
            Directory.Delete(caseDir, recursive: true);
            return;
        }
        Failures.Add($"seed {_seed} {kind} #{index}: {failure} (inputs in {caseDir})");
    }

    private string WriteSpec(Random random, string dir, out string text)
    {
        var (name, baseText) = _specs[random.Next(_specs.Count)];
        text = random.Next(10) == 0 ? baseText : Mutator.Mutate(baseText, random);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private void SpecCase(Random random, string dir)
    {
        var spec = WriteSpec(random, dir, out _);
        var validate = Check("validate", spec, (o, e) => ValidateCommand.Run(spec, null, o, e));
        if (validate != 0) return;
        lock (Counts) Counts["accepted spec"] = Counts.GetValueOrDefault("accepted spec") + 1; // how deep the cases reach
        Check("inspect", spec, (o, e) => InspectCommand.Run(spec, o, e));
        var sample = new StringWriter();
        var code = Check("sample", spec, (o, e) => { var c = SampleCommand.Run(spec, 1 + random.Next(6), random.Next(100), null, null, null, sample, e); return c; });
        if (code != 0) return;
        var labels = Path.Combine(dir, "labels.csv");
        File.WriteAllText(labels, FuzzCorpus.Labels(sample.ToString(), random));
        Check("cost", spec, (o, e) => CostCommand.Run(spec, labels, null, false, o, e));
    }

    private void LabelsCase(Random random, string dir)
    {
        var spec = WriteSpec(random, dir, out var text);
        if (SpecCompiler.Compile(spec, text).HasErrors)
        {
            var (name, original) = _specs[random.Next(_specs.Count)];
            spec = Path.Combine(dir, "base-" + name);
            File.WriteAllText(spec, original);
        }
        var sample = new StringWriter();
        if (SampleCommand.Run(spec, 1 + random.Next(8), random.Next(100), null, null, null, sample, new StringWriter()) != 0) return;
        var labels = Path.Combine(dir, "labels.csv");
        File.WriteAllText(labels, Mutator.Mutate(FuzzCorpus.Labels(sample.ToString(), random), random));
        Check("validate --labels", spec, (o, e) => ValidateCommand.Run(spec, labels, o, e));
        Check("cost", spec, (o, e) => CostCommand.Run(spec, labels, random.Next(2) == 0 ? null : Path.Combine(dir, "out.csv"), random.Next(2) == 0, o, e));
    }

    private void TargetCase(Random random, string dir)
    {
        var columns = new[] { "acc", "lat", "c10v_valid_acc_200ep", "a b", "x" };
        var text = FuzzCorpus.Expression(random, columns);
        if (random.Next(2) == 0) text = Mutator.Mutate(text, random, 2);
        if (random.Next(20) == 0) text = string.Concat(Enumerable.Repeat(random.Next(2) == 0 ? "(" : "log(", 1 + random.Next(20_000))) + "acc";
        File.WriteAllText(Path.Combine(dir, "target.txt"), text);
        if (!TargetExpression.TryParse(text, out var expression, out var error, out var offset))
        {
            if (string.IsNullOrEmpty(error) || offset < 0 || offset > text.Length) throw new FuzzFailure($"target '{Short(text)}': a parse error without a message or position");
            return;
        }
        // Evaluated on two rows of a small space whose metric columns hold awkward values.
        var space = SpecCompiler.Compile("tiny.space.yaml", _specs.First(s => s.Name == "small0.space.yaml").Text).Space!;
        var csv = new StringBuilder("arch,acc,lat,c10v_valid_acc_200ep,\"a b\",x\n");
        csv.Append(space.Sample(random)).Append(",90,2,1,0,-1\n").Append(space.Sample(random)).Append(",80,0,1e308,1,0\n");
        var read = LabelsReader.Read(space, "labels.csv", csv.ToString(), expression);
        CheckLines(string.Join("\n", read.Diagnostics.Select(d => d.ToString())), "labels with target " + Short(text));
    }

    private void BuildCase(Random random, string dir)
    {
        // A small cell or macro space with a handful of labels; options drawn at random (some invalid); 1-2 epochs.
        var spec = Path.Combine(dir, random.Next(2) == 0 ? "small0.space.yaml" : "small1.space.yaml");
        File.WriteAllText(spec, _specs.First(s => s.Name == Path.GetFileName(spec)).Text);
        var sample = new StringWriter();
        if (SampleCommand.Run(spec, 4 + random.Next(8), random.Next(100), null, null, null, sample, new StringWriter()) != 0) return;
        var labels = Path.Combine(dir, "labels.csv");
        File.WriteAllText(labels, FuzzCorpus.Labels(sample.ToString(), random));
        var args = new List<string> { "build", spec, "--labels", labels, "--out", Path.Combine(dir, "out"), "--epochs", (1 + random.Next(2)).ToString(CultureInfo.InvariantCulture) };
        var options = FuzzCorpus.BuildOptions(random);
        if (!options.Contains("--target")) args.AddRange(new[] { "--target", "acc" });
        if (!options.Contains("--ensemble")) args.AddRange(new[] { "--ensemble", "1" });
        args.AddRange(options);
        File.WriteAllText(Path.Combine(dir, "args.txt"), string.Join("\n", args));
        var (exit, _, stderr) = CliProcess.Run(args, CaseLimit);
        if (exit is not (0 or 1)) throw new FuzzFailure($"autobuild {string.Join(' ', args)}: exit code {exit}; stderr: {Short(stderr)}");
        CheckLines(stderr, "autobuild build");
    }

    private readonly IReadOnlyList<(string Name, string Text)> _results = FuzzCorpus.Results();

    private void ResultCase(Random random, string dir)
    {
        // A mutated <Space>.autobuild.json through `autobuild report` (the JSON reader the generator uses too).
        var (name, text) = _results[random.Next(_results.Count)];
        var json = Path.Combine(dir, name);
        File.WriteAllText(json, Mutator.Mutate(text, random));
        Check("report", json, (o, e) => ReportCommand.Run(json, Path.Combine(dir, "out"), o, e));
    }

    private void ProcessCase(Random random, string dir)
    {
        // The real executable end to end (Program.Main, the crash handler, the process exit code, stack overflows).
        var spec = WriteSpec(random, dir, out _);
        var command = random.Next(3) switch { 0 => "validate", 1 => "inspect", _ => "sample" };
        var args = command == "sample" ? new[] { command, spec, "-n", random.Next(-2, 20).ToString(CultureInfo.InvariantCulture) } : new[] { command, spec };
        var (exit, _, stderr) = CliProcess.Run(args, CaseLimit);
        if (exit is not (0 or 1)) throw new FuzzFailure($"autobuild {string.Join(' ', args)}: exit code {exit}; stderr: {Short(stderr)}");
        CheckLines(stderr, "autobuild " + command);
    }

    /// <summary>Runs a command; exit code must be 0 or 1, and standard error diagnostics only.</summary>
    private int Check(string what, string spec, Func<TextWriter, TextWriter, int> run)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code;
        try
        {
            code = run(output, error);
        }
        catch (Exception e)
        {
            throw new FuzzFailure($"{what} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
        if (code is not (0 or 1)) throw new FuzzFailure($"{what}: exit code {code}; stderr: {Short(error.ToString())}");
        CheckLines(error.ToString(), what);
        if (code == 1 && !error.ToString().Contains(": error AB", StringComparison.Ordinal))
            throw new FuzzFailure($"{what}: exit code 1 without an error diagnostic");
        return code;
    }

    private static void CheckLines(string stderr, string what)
    {
        foreach (var line in stderr.Split('\n'))
        {
            var l = line.TrimEnd('\r');
            if (l.Length == 0) continue;
            var m = DiagnosticLine.Match(l);
            if (!m.Success) throw new FuzzFailure($"{what}: a standard-error line is not a diagnostic: '{Short(l)}'");
            var code = m.Groups["code"].Value;
            if (code is "AB9001" or "AB9002") throw new FuzzFailure($"{what}: internal failure: {Short(l)}");
            if (code.StartsWith("AB1", StringComparison.Ordinal) && code != "AB1015" && !m.Groups["line"].Success)
                throw new FuzzFailure($"{what}: a spec diagnostic without a line: {Short(l)}");
        }
    }

    private static string Short(string s) => s.Length <= 300 ? s : s.Substring(0, 300) + "...";
}

/// <summary>A broken contract found by the fuzzer (not a bug in the fuzzer).</summary>
internal sealed class FuzzFailure : Exception
{
    public FuzzFailure(string message) : base(message) { }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AutoBuild.Learning.Labels;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Plans;
using AutoBuild.Spec;
using AutoBuild.Spec.Diagnostics;
using static TorchSharp.torch;

namespace AutoBuild.Training;

/// <summary>What <see cref="LabelCollection.Run"/> did: rows trained now, rows already finished (skipped).</summary>
public sealed record EvaluationSummary(int Trained, int Skipped, int Rows);

/// <summary>
/// Label collection: trains every architecture of an architectures CSV (the output of `autobuild sample`, or any labels
/// CSV with an <c>arch</c> column or one column per decision) on a dataset and fills in the measured columns of
/// <see cref="EvaluationRow"/>. <see cref="Run"/> rewrites the output file atomically after every architecture and
/// skips architectures whose row is already finished, so an interrupted run resumes where it stopped.
/// <see cref="EvaluateRow"/> trains one row on its own and <see cref="WriteRowFile"/> writes it as a one-row CSV: the
/// unit a job array runs per task (docs/evaluate.md, "One row per task").
/// </summary>
public sealed class LabelCollection
{
    private readonly LabelSet _archs;
    private readonly int[] _kept; // the input columns that stay (measured columns of the input are replaced)

    private LabelCollection(SearchSpace space, LabelSet archs, TrainingData data, TrainingOptions options)
    {
        Space = space; _archs = archs; Data = data; Options = options;
        Recipe = options.Recipe(data.Name);
        _kept = Enumerable.Range(0, archs.Header.Count).Where(i => !EvaluationRow.Columns.Contains(archs.Header[i])).ToArray();
        Header = _kept.Select(i => archs.Header[i]).Concat(EvaluationRow.Columns).ToArray();
    }

    public SearchSpace Space { get; }
    public TrainingData Data { get; }
    public TrainingOptions Options { get; }
    /// <summary>The recipe column of every row this collection measures.</summary>
    public string Recipe { get; }
    /// <summary>The output's columns: the input's (without measured columns) followed by <see cref="EvaluationRow.Columns"/>.</summary>
    public IReadOnlyList<string> Header { get; }
    /// <summary>Number of data rows of the architectures CSV.</summary>
    public int Count => _archs.Rows.Count;
    /// <summary>Where training runs (CPU unless set; measured latency is always CPU).</summary>
    public Device? Device { get; set; }
    /// <summary>Forward passes whose median is the latency.</summary>
    public int LatencyRuns { get; set; } = 20;

    /// <summary>Compiles the spec, reads the architectures CSV and opens the dataset (`--data`); AB diagnostics as
    /// <see cref="EvaluationException"/>.</summary>
    public static LabelCollection Open(string specPath, string archsPath, string data, TrainingOptions options)
    {
        options.Check(archsPath);
        var compiled = SpecCompiler.CompileFile(specPath);
        if (compiled.Space is null) throw new EvaluationException(compiled.Diagnostics.Where(d => d.Severity == Severity.Error).ToList());
        return Open(compiled.Space, archsPath, TrainingData.Open(data), options);
    }

    public static LabelCollection Open(SearchSpace space, string archsPath, TrainingData data, TrainingOptions options)
    {
        options.Check(archsPath);
        NativeGlue.LibTorchGlue.EnsureLoadable();
        return new LabelCollection(space, ReadLabels(space, archsPath), data, options);
    }

    /// <summary>The architecture of data row <paramref name="index"/> (0-based).</summary>
    public Architecture ArchitectureOf(int index)
    {
        if (index < 0 || index >= Count)
            throw EvaluationException.At(EvaluationCodes.BadOption, $"--index must be 0 to {Count - 1}, the data rows of the architectures CSV (got {index})", _archs.Path);
        return _archs.Architectures[_archs.RowArchitecture[index]];
    }

    /// <summary>Trains the architecture of data row <paramref name="index"/> from the seed and measures it.</summary>
    public EvaluationRow EvaluateRow(int index)
    {
        var architecture = ArchitectureOf(index);
        var line = _archs.Rows[index].Line;
        Plan plan;
        try { plan = Space.Instantiate(architecture); }
        catch (Exception e) when (e is InvalidArchitectureException or ShapeException)
        {
            throw EvaluationException.At(EvaluationCodes.NotBuildable, $"the architecture cannot be built as a network: {e.Message}", _archs.Path, line, 1);
        }
        var image = Data.Train;
        if (plan.Input.Channels != image.Channels || plan.Input.Height != image.Height || plan.Input.Width != image.Width)
            throw EvaluationException.At(EvaluationCodes.DataMismatch,
                $"the network takes {plan.Input} images, the dataset '{Data.Name}' has {image.Channels}x{image.Height}x{image.Width}; give the spec `input: {{ channels: {image.Channels}, size: {image.Height} }}` or other data",
                _archs.Path, line, 1);
        var classes = Math.Max(image.ClassCount, Data.Validation.ClassCount);
        if (!plan.Root.Output.IsVector || plan.Root.Output.Channels < classes)
            throw EvaluationException.At(EvaluationCodes.DataMismatch,
                $"the network outputs {plan.Root.Output}, the dataset '{Data.Name}' has {classes} classes; give the spec `classes: {classes}` and end the network with `classifier`",
                _archs.Path, line, 1);

        manual_seed(Options.Seed); // the initial weights
        using var model = new PlanModel(plan);
        var result = Trainer.Train(model, Data, Options, Device);
        var latency = LatencyMeter.MillisecondsPerImage(model, plan.Input.Channels, plan.Input.Height, plan.Input.Width, LatencyRuns);
        return new EvaluationRow(architecture.Id, Options.Seed, result.ValidationAccuracy, result.TrainSeconds, latency, result.Parameters,
            Recipe, EvaluationRow.CurrentToolVersion);
    }

    /// <summary>Trains data row <paramref name="index"/> and writes it, with the header, as a one-row CSV to
    /// <paramref name="path"/> (atomically), or to <paramref name="stdout"/> when the path is null. A file that already
    /// holds this architecture finished with this recipe is left as it is (returns false): re-running a task is idempotent.</summary>
    public bool WriteRowFile(int index, string? path, TextWriter? stdout = null)
    {
        var architecture = ArchitectureOf(index);
        if (path is not null && File.Exists(path) && Finished(path).ContainsKey(architecture.ToString())) return false;
        var text = new StringBuilder();
        text.Append(CsvTable.FormatRecord(Header)).Append('\n');
        text.Append(CsvTable.FormatRecord(RowValues(index, EvaluateRow(index).Values()))).Append('\n');
        if (path is null) (stdout ?? Console.Out).Write(text.ToString());
        else AtomicFile.Write(path, text.ToString());
        return true;
    }

    /// <summary>Fills in every row of the architectures CSV and writes the result to <paramref name="outPath"/> (which
    /// may be the architectures CSV itself), rewriting it atomically after each trained architecture. Architectures
    /// finished in the output (or in the input) with the same seed and recipe are not trained again; one listed twice
    /// is trained once. Progress lines go to <paramref name="progress"/>.</summary>
    public EvaluationSummary Run(string outPath, TextWriter? progress = null)
    {
        var rows = RowsOf(Known(outPath));
        var toTrain = Enumerable.Range(0, Count).Where(i => rows[i] is null).Select(i => _archs.RowArchitecture[i]).Distinct().Count();
        var skipped = Count - rows.Count(r => r is null);
        progress?.WriteLine(string.Format(CultureInfo.InvariantCulture, "evaluate: {0} rows, {1} finished, {2} architecture(s) to train ({3})",
            Count, skipped, toTrain, Recipe));
        var trained = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Count; i++)
        {
            if (rows[i] is not null) continue;
            var architecture = ArchitectureOf(i);
            var row = EvaluateRow(i);
            var values = row.Values();
            for (var j = i; j < Count; j++)
                if (_archs.RowArchitecture[j] == _archs.RowArchitecture[i]) rows[j] = values;
            trained++;
            Write(outPath, rows);
            progress?.WriteLine(Progress(trained, toTrain, clock.Elapsed, architecture, row));
        }
        if (trained == 0) Write(outPath, rows);
        return new EvaluationSummary(trained, skipped, Count);
    }

    /// <summary>Merges one-row result files (<see cref="WriteRowFile"/>, one per job-array task) into
    /// <paramref name="outPath"/> with the rule of <see cref="Run"/>: finished rows by architecture, seed and recipe checked
    /// (AB6006 at the row file's line), in the architectures CSV's row order, written atomically. A row already finished
    /// in the output (or the input) keeps its values, so merging again writes the same bytes; missing files are skipped.
    /// Returns the data rows still without a result.</summary>
    public IReadOnlyList<int> Merge(string outPath, IEnumerable<string> rowFiles)
    {
        var finished = Known(outPath);
        foreach (var file in rowFiles.Where(File.Exists))
            foreach (var (arch, values) in Finished(file)) finished.TryAdd(arch, values);
        var rows = RowsOf(finished);
        Write(outPath, rows);
        return Enumerable.Range(0, Count).Where(i => rows[i] is null).ToArray();
    }

    /// <summary>The data rows that train each distinct architecture once: the first row of every architecture, in row
    /// order (a job array needs one task per architecture, not per row).</summary>
    public IReadOnlyList<int> DistinctRows() =>
        Enumerable.Range(0, Count).GroupBy(i => _archs.RowArchitecture[i]).Select(g => g.First()).OrderBy(i => i).ToArray();

    /// <summary>Finished rows of the input and, when it is another file, of the output (which wins).</summary>
    private Dictionary<string, IReadOnlyList<string>> Known(string outPath)
    {
        var finished = Finished(_archs);
        if (File.Exists(outPath) && !SameFile(outPath, _archs.Path))
            foreach (var (arch, values) in Finished(outPath)) finished[arch] = values;
        return finished;
    }

    private IReadOnlyList<string>?[] RowsOf(Dictionary<string, IReadOnlyList<string>> finished) =>
        Enumerable.Range(0, Count).Select(i => finished.TryGetValue(_archs.Architectures[_archs.RowArchitecture[i]].ToString(), out var v) ? v : null).ToArray();

    private static string Progress(int done, int total, TimeSpan elapsed, Architecture architecture, EvaluationRow row)
    {
        const int width = 20;
        var filled = total == 0 ? width : done * width / total;
        var remaining = TimeSpan.FromSeconds(elapsed.TotalSeconds / done * (total - done));
        return string.Format(CultureInfo.InvariantCulture, "[{0}{1}] {2}/{3}  val_acc {4:0.0000}  train {5:0.0} s  latency {6:0.###} ms  params {7:N0}  eta {8:hh\\:mm\\:ss}  {9}",
            new string('#', filled), new string('.', width - filled), done, total, row.ValidationAccuracy, row.TrainSeconds, row.LatencyMs,
            row.Parameters, remaining, architecture.Id);
    }

    private void Write(string path, IReadOnlyList<IReadOnlyList<string>?> measured)
    {
        var text = new StringBuilder();
        text.Append(CsvTable.FormatRecord(Header)).Append('\n');
        for (var i = 0; i < Count; i++)
            text.Append(CsvTable.FormatRecord(RowValues(i, measured[i] ?? EvaluationRow.Columns.Select(_ => "").ToArray()))).Append('\n');
        AtomicFile.Write(path, text.ToString());
    }

    private IEnumerable<string> RowValues(int index, IReadOnlyList<string> measured) =>
        _kept.Select(c => _archs.Rows[index].Fields[c].Value).Concat(measured);

    /// <summary>Finished rows (non-empty <c>val_acc</c>) of a labels file by canonical architecture string, checked to
    /// carry this collection's seed and recipe.</summary>
    private Dictionary<string, IReadOnlyList<string>> Finished(string path) => Finished(ReadLabels(Space, path));

    private Dictionary<string, IReadOnlyList<string>> Finished(LabelSet labels)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!EvaluationRow.Columns.All(labels.HasColumn)) return result;
        var seed = Options.Seed.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < labels.Rows.Count; i++)
        {
            if (labels.Cell(i, EvaluationRow.FinishedColumn).Length == 0) continue;
            if (labels.Cell(i, EvaluationRow.SeedColumn) != seed || labels.Cell(i, EvaluationRow.RecipeColumn) != Recipe)
                throw EvaluationException.At(EvaluationCodes.RecipeMismatch,
                    $"this row was measured with seed {labels.Cell(i, EvaluationRow.SeedColumn)} and recipe '{labels.Cell(i, EvaluationRow.RecipeColumn)}', this run uses seed {seed} and '{Recipe}'; write to another --out file, or use the same settings",
                    labels.Path, labels.Rows[i].Line, 1);
            result[labels.Architectures[labels.RowArchitecture[i]].ToString()] = EvaluationRow.Columns.Select(c => labels.Cell(i, c)).ToArray();
        }
        return result;
    }

    private static LabelSet ReadLabels(SearchSpace space, string path)
    {
        var read = LabelsReader.ReadFile(space, path);
        if (read.HasErrors || read.Labels is null) throw new EvaluationException(read.Diagnostics.Where(d => d.Severity == Severity.Error).ToList());
        return read.Labels;
    }

    private static bool SameFile(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}

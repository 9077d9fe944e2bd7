using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Runtime;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Learning.Labels;

/// <summary>A labels CSV read against a space: the distinct architectures in order of first appearance, the rows
/// each came from, the metric columns and (when a target was given) one target value per architecture, the mean
/// over its rows (docs/labels.md, "Duplicates").</summary>
public sealed class LabelSet
{
    private readonly Dictionary<string, int> _columns;

    internal LabelSet(SearchSpace space, string path, string contentHash, CsvRecord headerRecord, IReadOnlyList<string> header, IReadOnlyList<string> metricColumns,
        IReadOnlyList<CsvRecord> rows, IReadOnlyList<Architecture> architectures, IReadOnlyList<IReadOnlyList<int>> rowsOfArchitecture,
        IReadOnlyList<int> rowArchitecture, TargetExpression? target, double[]? targets, IReadOnlyList<double?> candidatePredicted,
        double[]? targetWithinSquares = null, string? replicateColumn = null)
    {
        TargetWithinSquares = targetWithinSquares;
        ReplicateColumn = replicateColumn;
        Noise = targets is null || targetWithinSquares is null ? null : MeasurementNoise.Pooled(rowsOfArchitecture.Select(r => r.Count).ToArray(), targetWithinSquares);
        CandidatePredicted = candidatePredicted;
        Space = space; Path = path; ContentHash = contentHash; HeaderRecord = headerRecord; Header = header; MetricColumns = metricColumns; Rows = rows;
        Architectures = architectures; RowsOfArchitecture = rowsOfArchitecture; RowArchitecture = rowArchitecture;
        Target = target; Targets = targets;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
            if (!_columns.ContainsKey(header[i])) _columns.Add(header[i], i);
    }

    public SearchSpace Space { get; }
    public string Path { get; }
    /// <summary>SHA-256 (lower-case hex) of the file's bytes: the <c>labelsHash</c> of the results.</summary>
    public string ContentHash { get; }
    /// <summary>The header record (names with their positions).</summary>
    public CsvRecord HeaderRecord { get; }
    /// <summary>The header's column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }
    /// <summary>Columns that are neither decisions nor <c>arch</c>, in file order.</summary>
    public IReadOnlyList<string> MetricColumns { get; }
    /// <summary>The data records (header excluded), in file order.</summary>
    public IReadOnlyList<CsvRecord> Rows { get; }
    /// <summary>Distinct architectures, in order of first appearance.</summary>
    public IReadOnlyList<Architecture> Architectures { get; }
    /// <summary>Per architecture, the row numbers (CSV line numbers, header = 1) it appears in.</summary>
    public IReadOnlyList<IReadOnlyList<int>> RowsOfArchitecture { get; }
    /// <summary>Per data row (index into <see cref="Rows"/>), the index of its architecture in <see cref="Architectures"/>.</summary>
    public IReadOnlyList<int> RowArchitecture { get; }
    /// <summary>The target, when one was given.</summary>
    public TargetExpression? Target { get; }
    /// <summary>Per architecture, the target averaged over its rows; null without a target.</summary>
    public double[]? Targets { get; }

    /// <summary>Per architecture, what an earlier build predicted for it when it proposed it as a candidate (the mean of
    /// its rows' <see cref="LabelsReader.PredictedColumn"/> cells that have a value); null for an ordinary label (every
    /// cell empty, or no such column).</summary>
    public IReadOnlyList<double?> CandidatePredicted { get; }

    /// <summary>Per architecture, the sum of squared deviations of its rows' targets from their mean (0 for one row);
    /// null without a target. Repeated rows of an architecture are replicate measurements (docs/labels.md, "Replicates").</summary>
    public double[]? TargetWithinSquares { get; }
    /// <summary>The column that declares replicates (<see cref="LabelsReader.ReplicateColumns"/>), as written; null when none.</summary>
    public string? ReplicateColumn { get; }
    /// <summary>The run-to-run noise of the target pooled over the architectures measured more than once; null without a
    /// target or when no architecture has two rows.</summary>
    public MeasurementNoise? Noise { get; }

    /// <summary>Whether the header has this column.</summary>
    public bool HasColumn(string column) => _columns.ContainsKey(column);

    /// <summary>The raw text of a cell (data row index, column name).</summary>
    public string Cell(int row, string column)
    {
        if (!_columns.TryGetValue(column, out var c)) throw new ArgumentException($"The labels have no column '{column}'.", nameof(column));
        return Rows[row].Fields[c].Value;
    }

    /// <summary>A metric per architecture, averaged over the architecture's rows; null for an architecture where
    /// any of its rows holds an empty, non-numeric or non-finite value in that column.</summary>
    public double?[] Metric(string column)
    {
        if (!_columns.TryGetValue(column, out var c)) throw new ArgumentException($"The labels have no column '{column}'.", nameof(column));
        var result = new double?[Architectures.Count];
        var sums = new double[Architectures.Count];
        var bad = new bool[Architectures.Count];
        for (var r = 0; r < Rows.Count; r++)
        {
            var a = RowArchitecture[r];
            if (LabelsReader.TryParseNumber(Rows[r].Fields[c].Value, out var v) == NumberStatus.Ok) sums[a] += v;
            else bad[a] = true;
        }
        for (var a = 0; a < result.Length; a++)
            result[a] = bad[a] ? null : sums[a] / RowsOfArchitecture[a].Count;
        return result;
    }

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0}: {1} rows, {2} architectures", Path, Rows.Count, Architectures.Count);
}

/// <summary>The run-to-run noise of a target, from architectures measured more than once: the pooled within-architecture
/// variance Σ (y − ȳ)² / Σ (n − 1) over every architecture with n ≥ 2 rows, its degrees of freedom Σ (n − 1), and how
/// many architectures and rows it comes from (docs/labels.md, "Replicates").</summary>
public sealed record MeasurementNoise(double Variance, int DegreesOfFreedom, int Architectures, int Rows)
{
    /// <summary>The standard deviation of one run.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>Pools <paramref name="withinSquares"/> over the architectures with at least two of <paramref name="rows"/>;
    /// null when there is none.</summary>
    public static MeasurementNoise? Pooled(IReadOnlyList<int> rows, IReadOnlyList<double> withinSquares)
    {
        double sum = 0; int df = 0, architectures = 0, count = 0;
        for (var a = 0; a < rows.Count; a++)
        {
            if (rows[a] < 2) continue;
            sum += withinSquares[a]; df += rows[a] - 1; architectures++; count += rows[a];
        }
        return df == 0 ? null : new MeasurementNoise(sum / df, df, architectures, count);
    }
}

/// <summary>What <see cref="LabelsReader.Read(SearchSpace, string, string, TargetExpression?)"/> returns: the labels
/// (null when there is any error) and every diagnostic.</summary>
public sealed class LabelsResult
{
    public LabelsResult(LabelSet? labels, IReadOnlyList<Diagnostic> diagnostics)
    {
        Labels = labels; Diagnostics = diagnostics;
    }

    public LabelSet? Labels { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors
    {
        get
        {
            foreach (var d in Diagnostics)
                if (d.Severity == Severity.Error) return true;
            return false;
        }
    }
}

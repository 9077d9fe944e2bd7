using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Labels;

internal enum NumberStatus { Ok, NotNumeric, NotFinite }

/// <summary>Reads a labels CSV against a space (the contract in docs/labels.md): decision columns or an <c>arch</c>
/// column identify each row's architecture, every other column is a metric, and the optional target is evaluated per
/// row and averaged over duplicate rows. Every problem is an AB2xxx diagnostic at <c>file(row,col)</c> where row is the
/// CSV line number (header = 1) and col the 1-based character column where the cell starts. No row is ever skipped
/// silently: any error makes <see cref="LabelsResult.Labels"/> null.</summary>
public static partial class LabelsReader
{
    /// <summary>The column that holds canonical architecture strings.</summary>
    public const string ArchColumn = "arch";

    /// <summary>The reserved column that marks candidate rows (docs/labels.md, "Candidate rows"): <c>autobuild build
    /// --candidates-out</c> writes, for each candidate, the target the build predicted for it when it proposed it
    /// (invariant culture, round-trip precision); a row with a value there is a measured candidate, a row with an empty
    /// cell (or a file without the column) is an ordinary label. It is neither a decision nor a metric, unless the space
    /// has a decision of that name.</summary>
    public const string PredictedColumn = "autobuild_predicted";

    /// <summary>Column names (any case) that declare repeated rows of one architecture as intended replicates, one
    /// row per training run (docs/labels.md, "Replicates"): rows of an architecture whose cells there all differ are
    /// replicates and get no AB2014. The column stays a metric column like any other.</summary>
    public static readonly IReadOnlyList<string> ReplicateColumns = ["seed", "run", "replicate"];

    /// <summary>At most this many diagnostics of one code are listed; the rest are counted in one AB2018.</summary>
    public const int MaxPerCode = 25;
    /// <summary>The largest target magnitude a row may have (AB2013 beyond it): the build sums targets and squares of
    /// their differences (means of duplicate rows, standard deviations of residuals), which overflow to infinity from
    /// about 1e154; no metric comes near 1e100, and a target that large is a units mistake or wants rescaling.</summary>
    public const double MaxTargetMagnitude = 1e100;

    /// <summary>Reads a file from disk (the hash is over its bytes).</summary>
    public static LabelsResult ReadFile(SearchSpace space, string path, TargetExpression? target = null)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // A directory reads as "Access to the path is denied", which sends people to check permissions.
            var reason = Directory.Exists(path) ? "it is a directory, not a file" : e.Message.TrimEnd('.');
            return new LabelsResult(null, new[] { Diagnostic.Error(LabelCodes.Empty, $"cannot read the labels file: {reason}; check the path", SourceLocation.File(path)) });
        }
        return Read(space, path, bytes, target);
    }

    /// <summary>Reads UTF-8 bytes (a leading byte-order mark is skipped); UTF-16 with its byte-order mark (what
    /// spreadsheets save as "Unicode text") is decoded as such. A gzip file is refused with one AB2001 rather than
    /// read as garbage.</summary>
    public static LabelsResult Read(SearchSpace space, string path, byte[] bytes, TargetExpression? target = null)
    {
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
            return new LabelsResult(null, new[] { Diagnostic.Error(LabelCodes.Empty,
                "the labels file is gzip-compressed; decompress it first (gunzip -k " + Path.GetFileName(path) + ") and pass the .csv", SourceLocation.File(path)) });
        var utf16 = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));
        var text = utf16
            ? new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: true).GetString(bytes, 2, bytes.Length - 2)
            : new UTF8Encoding(false).GetString(bytes);
        return Read(space, path, text, Sha256Hex(bytes), target);
    }

    /// <summary>Reads CSV text; the content hash is over its UTF-8 bytes.</summary>
    public static LabelsResult Read(SearchSpace space, string path, string text, TargetExpression? target = null) =>
        Read(space, path, text, Sha256Hex(new UTF8Encoding(false).GetBytes(text)), target);

    private static LabelsResult Read(SearchSpace space, string path, string text, string hash, TargetExpression? target) =>
        new Reading(space, path, target).Run(text, hash);

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Sha256Hex(byte[] bytes)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(bytes);
        var sb = new StringBuilder(hash.Length * 2);
        foreach (var b in hash) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>Invariant-culture number; "nan", "inf", "-inf", "infinity" (any case) are recognised as non-finite.</summary>
    internal static NumberStatus TryParseNumber(string text, out double value)
    {
        var t = text.Trim();
        // .NET's parser ignores trailing NULs ("0.9\0" would read as 0.9); a cell with a NUL is not a number.
        if (t.IndexOf('\0') < 0 && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return double.IsNaN(value) || double.IsInfinity(value) ? NumberStatus.NotFinite : NumberStatus.Ok;
        var lower = t.ToLowerInvariant().TrimStart('+', '-');
        value = double.NaN;
        return lower is "nan" or "inf" or "infinity" ? NumberStatus.NotFinite : NumberStatus.NotNumeric;
    }

    /// <summary>The state of one read: the space, the header layout, and the diagnostics so far.</summary>
    private sealed partial class Reading
    {
        private const int Unknown = -2;

        private readonly SearchSpace _space;
        private readonly string _path;
        private readonly TargetExpression? _target;
        private readonly List<Diagnostic> _diagnostics = new();
        private readonly Dictionary<string, int> _countByCode = new(StringComparer.Ordinal);
        private int _errorCount; // including those not listed

        private int[] _decisionColumn = Array.Empty<int>(); // per decision, its column or -1
        private int _archColumn = -1;
        private int _predictedColumn = -1;
        private int _replicateColumn = -1;
        private int[] _targetColumns = Array.Empty<int>();
        private string[] _header = Array.Empty<string>();

        public Reading(SearchSpace space, string path, TargetExpression? target)
        {
            _space = space; _path = path; _target = target;
        }

        public LabelsResult Run(string text, string hash)
        {
            var table = CsvTable.Parse(text);
            foreach (var e in table.Errors) Report(LabelCodes.Syntax, Severity.Error, e.Message, e.Line, e.Column);
            if (table.Records.Count == 0)
            {
                Report(LabelCodes.Empty, Severity.Error, "the labels file is empty; expected a header row naming the decision (or arch) and metric columns, then one row per evaluated architecture", 0, 0);
                return Finish(null);
            }
            var header = table.Records[0];
            _header = new string[header.Fields.Count];
            for (var i = 0; i < _header.Length; i++) _header[i] = header.Fields[i].Value;
            foreach (var line in table.BlankLines)
                Report(LabelCodes.BlankLine, Severity.Warning, "empty line skipped (it is not a row)", line, 1);

            if (!ReadHeader(header)) return Finish(null);
            if (table.Records.Count == 1)
            {
                Report(LabelCodes.Empty, Severity.Error, "the labels file has a header but no data rows", header.Line, 1);
                return Finish(null);
            }

            var rows = new List<CsvRecord>(table.Records.Count - 1);
            var architectures = new List<Architecture>();
            var rowsOf = new List<List<int>>();
            var indexOf = new Dictionary<Architecture, int>();
            var rowArchitecture = new List<int>(table.Records.Count - 1);
            var targetSums = new List<double>();
            var rowTargets = new List<double>(table.Records.Count - 1);
            var predictedSums = new List<double>();
            var predictedCounts = new List<int>();
            for (var r = 1; r < table.Records.Count; r++)
            {
                var record = WithPredictedCell(table.Records[r]);
                rows.Add(record);
                var architecture = ReadRow(record, out var target);
                var predicted = ReadPredicted(record);
                rowTargets.Add(target);
                if (architecture is null) { rowArchitecture.Add(-1); continue; }
                if (!indexOf.TryGetValue(architecture, out var a))
                {
                    a = architectures.Count;
                    indexOf.Add(architecture, a);
                    architectures.Add(architecture);
                    rowsOf.Add(new List<int>());
                    targetSums.Add(0);
                    predictedSums.Add(0);
                    predictedCounts.Add(0);
                }
                if (predicted is double p) { predictedSums[a] += p; predictedCounts[a]++; }
                rowsOf[a].Add(record.Line);
                targetSums[a] += target;
                rowArchitecture.Add(a);
            }

            // Each architecture's row indexes, gathered once: checking replicates by scanning every row per repeated
            // architecture would be quadratic in a large file of replicated labels.
            var indexesOf = _replicateColumn < 0 ? null : Enumerable.Range(0, architectures.Count).Select(_ => new List<int>()).ToArray();
            if (indexesOf is not null)
                for (var r = 0; r < rowArchitecture.Count; r++)
                    if (rowArchitecture[r] >= 0) indexesOf[rowArchitecture[r]].Add(r);
            for (var a = 0; a < architectures.Count; a++)
            {
                if (rowsOf[a].Count < 2 || (indexesOf is not null && DeclaredReplicates(rows, indexesOf[a]))) continue;
                var rowList = string.Join(", ", rowsOf[a]);
                var policy = _target is null
                    ? "they count as one architecture, and a target will be averaged over them"
                    : string.Format(CultureInfo.InvariantCulture, "they count as one architecture whose target is the mean of the {0} rows", rowsOf[a].Count);
                Report(LabelCodes.Duplicate, Severity.Warning,
                    $"architecture {architectures[a]} appears in rows {rowList}; {policy}", rowsOf[a][1], 1);
            }

            if (HasErrors()) return Finish(null);
            double[]? targets = null, within = null;
            if (_target is not null)
            {
                targets = new double[architectures.Count];
                for (var a = 0; a < targets.Length; a++) targets[a] = targetSums[a] / rowsOf[a].Count;
                within = new double[architectures.Count];
                for (var r = 0; r < rowArchitecture.Count; r++)
                    if (rowArchitecture[r] is var a and >= 0) within[a] += (rowTargets[r] - targets[a]) * (rowTargets[r] - targets[a]);
            }
            var metrics = new List<string>();
            var notTarget = new List<int>(); // metric columns the target does not use: checked for looking like decisions
            for (var c = 0; c < _header.Length; c++)
            {
                if (c == _archColumn || c == _predictedColumn || Array.IndexOf(_decisionColumn, c) >= 0 || metrics.Contains(_header[c])) continue;
                metrics.Add(_header[c]);
                if (Array.IndexOf(_targetColumns, c) < 0) notTarget.Add(c);
            }
            foreach (var (c, message) in DecisionLikeColumns.Find(_space, _header, notTarget, rows))
                Report(LabelCodes.LooksLikeDecision, Severity.Warning, message, header.Fields[c].Line, header.Fields[c].Column);
            var rowsOfArchitecture = new List<IReadOnlyList<int>>(rowsOf.Count);
            foreach (var list in rowsOf) rowsOfArchitecture.Add(list);
            // An architecture is a candidate when any of its rows records a prediction; its prediction is their mean.
            var candidatePredicted = new double?[architectures.Count];
            for (var a = 0; a < candidatePredicted.Length; a++)
                if (predictedCounts[a] > 0) candidatePredicted[a] = predictedSums[a] / predictedCounts[a];
            return Finish(new LabelSet(_space, _path, hash, header, _header, metrics, rows, architectures, rowsOfArchitecture, rowArchitecture, _target, targets, candidatePredicted,
                within, _replicateColumn >= 0 ? _header[_replicateColumn] : null));
        }

        /// <summary>Maps columns to decisions, <c>arch</c> and target columns. False when rows cannot be read.</summary>
        private bool ReadHeader(CsvRecord header)
        {
            var ok = true;
            var columnOf = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var c = 0; c < _header.Length; c++)
            {
                if (columnOf.TryGetValue(_header[c], out var first))
                {
                    Report(LabelCodes.DuplicateColumn, Severity.Error,
                        string.Format(CultureInfo.InvariantCulture, "column '{0}' appears twice (fields {1} and {2}); rename one", _header[c], first + 1, c + 1),
                        header.Fields[c].Line, header.Fields[c].Column);
                    ok = false;
                    continue;
                }
                columnOf.Add(_header[c], c);
            }

            _decisionColumn = new int[_space.Decisions.Count];
            var missing = new List<string>();
            for (var d = 0; d < _decisionColumn.Length; d++)
            {
                _decisionColumn[d] = columnOf.TryGetValue(_space.Decisions[d].Name, out var c) ? c : -1;
                if (_decisionColumn[d] < 0) missing.Add(_space.Decisions[d].Name);
            }
            _archColumn = columnOf.TryGetValue(ArchColumn, out var ac) ? ac : -1;
            // A decision of that name keeps its column (the space's names win over the reserved one).
            _predictedColumn = columnOf.TryGetValue(PredictedColumn, out var pc) && Array.IndexOf(_decisionColumn, pc) < 0 ? pc : -1;
            for (var c = 0; c < _header.Length && _replicateColumn < 0; c++)
                if (c != _archColumn && c != _predictedColumn && Array.IndexOf(_decisionColumn, c) < 0
                    && ReplicateColumns.Contains(_header[c].Trim().ToLowerInvariant())) _replicateColumn = c;
            if (missing.Count > 0 && _archColumn < 0)
            {
                var near = new List<string>();
                foreach (var m in missing)
                    foreach (var h in _header)
                        if (!string.Equals(h, m, StringComparison.Ordinal) && string.Equals(h.Trim(), m, StringComparison.OrdinalIgnoreCase)) near.Add($"'{h}' for '{m}'");
                var hint = near.Count > 0 ? $" (names must match exactly: the header has {string.Join(", ", near)})" : "";
                // A spreadsheet saved with ';' or tabs (common where ',' is the decimal mark) reads as one column.
                if (_header.Length == 1 && (_header[0].Contains(';') || _header[0].Contains('\t')))
                    hint += $" (the header is one field containing '{(_header[0].Contains(';') ? ";" : "\\t")}': labels are comma-separated, with '.' as the decimal mark)";
                Report(LabelCodes.MissingDecisions, Severity.Error,
                    $"the header lacks the decision column{(missing.Count == 1 ? "" : "s")} {Suggestions.List(missing, 12)}{hint}; give one column per decision of {_space.Name}, or an '{ArchColumn}' column with canonical strings such as {Example()}",
                    header.Line, 1);
                ok = false;
            }

            if (_target is not null)
            {
                _targetColumns = new int[_target.Columns.Count];
                for (var i = 0; i < _targetColumns.Length; i++)
                {
                    var name = _target.Columns[i];
                    _targetColumns[i] = columnOf.TryGetValue(name, out var c) ? c : -1;
                    if (_targetColumns[i] >= 0) continue;
                    var what = _target.IsColumn ? $"the target column '{name}' is not in the header" : $"the target '{_target.Text}' uses column '{name}', which is not in the header";
                    Report(LabelCodes.MissingTargetColumn, Severity.Error,
                        $"{what}{Suggestions.DidYouMean(name, _header)}; columns: {Suggestions.List(_header, 40)}", header.Line, 1);
                    ok = false;
                }
            }
            return ok;
        }

        private string Example()
        {
            try { return _space.Enumerate().GetEnumerator() is var e && e.MoveNext() ? "'" + e.Current + "'" : "''"; }
            catch (InvalidOperationException) { return "(see docs/spec-language.md)"; }
        }


        /// <summary>Whether an architecture's rows (<paramref name="indexes"/> into <paramref name="rows"/>) are declared
        /// replicates: the labels have a <see cref="ReplicateColumns"/> column and its cells (trimmed) are non-empty and
        /// all differ over those rows. Rows that repeat a run's value are duplicates as before (AB2014).</summary>
        private bool DeclaredReplicates(List<CsvRecord> rows, List<int> indexes)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in indexes)
            {
                var cell = _replicateColumn < rows[r].Fields.Count ? rows[r].Fields[_replicateColumn].Value.Trim() : "";
                if (cell.Length == 0 || !seen.Add(cell)) return false;
            }
            return true;
        }

        /// <summary>A row that ends one field early when the header ends with <see cref="PredictedColumn"/>: an ordinary
        /// label written before the header gained that column (docs/labels.md, "Candidate rows"). It reads as one with an
        /// empty cell there, so that every reader of the rows sees the header's width.</summary>
        private CsvRecord WithPredictedCell(CsvRecord record)
        {
            if (_predictedColumn != _header.Length - 1 || record.Fields.Count != _header.Length - 1 || record.Fields.Count == 0) return record;
            var last = record.Fields[record.Fields.Count - 1];
            var fields = new List<CsvField>(record.Fields) { new CsvField("", last.Line, last.Column + last.Value.Length + (last.Quoted ? 2 : 0) + 1, false) };
            return new CsvRecord(record.Line, fields);
        }

        /// <summary>The <see cref="PredictedColumn"/> cell of a row: null when the file has no such column or the cell is
        /// empty (an ordinary label); otherwise a finite number, or null after an AB2026 error at the cell.</summary>
        private double? ReadPredicted(CsvRecord record)
        {
            if (_predictedColumn < 0 || _predictedColumn >= record.Fields.Count) return null; // a ragged row is reported already
            var field = record.Fields[_predictedColumn];
            var text = field.Value.Trim();
            if (text.Length == 0) return null;
            if (TryParseNumber(text, out var value) == NumberStatus.Ok && Math.Abs(value) <= MaxTargetMagnitude) return value;
            Report(LabelCodes.BadPredicted, Severity.Error,
                $"{PredictedColumn} is '{Shorten(text)}', which is not a finite number; this column records what an earlier build predicted for a candidate row (autobuild build --candidates-out writes it): keep the value it wrote, or leave the cell empty for a row that was not a candidate",
                field.Line, field.Column);
            return null;
        }

        private static string Shorten(string s) => s.Length <= 80 ? s : s.Substring(0, 77) + "...";

        private void Report(string code, Severity severity, string message, int line, int column)
        {
            if (severity == Severity.Error) _errorCount++;
            _countByCode[code] = _countByCode.TryGetValue(code, out var n) ? n + 1 : 1;
            if (n >= MaxPerCode) return;
            _diagnostics.Add(new Diagnostic(code, severity, message, new SourceLocation(_path, line, column)));
        }

        private bool HasErrors() => _errorCount > 0;

        private LabelsResult Finish(LabelSet? labels)
        {
            var codes = new List<string>(_countByCode.Keys);
            codes.Sort(StringComparer.Ordinal);
            foreach (var code in codes)
            {
                var count = _countByCode[code];
                if (count <= MaxPerCode) continue;
                var severity = code is LabelCodes.Duplicate or LabelCodes.BlankLine or LabelCodes.LooksLikeDecision ? Severity.Warning : Severity.Error;
                _diagnostics.Add(new Diagnostic(LabelCodes.TooMany, severity,
                    string.Format(CultureInfo.InvariantCulture, "{0} more {1} {2}s not listed ({3} in all)", count - MaxPerCode, code, severity == Severity.Error ? "error" : "warning", count),
                    SourceLocation.File(_path)));
            }
            return new LabelsResult(HasErrors() ? null : labels, _diagnostics);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Labels;

// The rows of a labels CSV: each row's architecture from its decision columns (with conditional decisions' activity)
// or its arch column, and its target value. The header, the reading state and the diagnostics are in LabelsReader.cs.
public static partial class LabelsReader
{
    private sealed partial class Reading
    {
        /// <summary>The architecture of a row, or null after reporting why it has none. Also evaluates the target.</summary>
        private Architecture? ReadRow(CsvRecord record, out double target)
        {
            target = 0;
            var fields = record.Fields;
            if (fields.Count != _header.Length)
            {
                var more = fields.Count > _header.Length;
                var at = more ? fields[_header.Length] : fields[fields.Count - 1];
                Report(LabelCodes.Ragged, Severity.Error,
                    string.Format(CultureInfo.InvariantCulture, "this row has {0} fields but the header has {1}{2}", fields.Count, _header.Length,
                        more ? " (a value containing a comma must be quoted)" + CandidateRowHint(fields.Count) : ""),
                    more ? at.Line : record.Line, more ? at.Column : 1);
                return null;
            }
            var errors = _errorCount;
            var architecture = FromDecisionColumns(record);
            if (_archColumn >= 0) architecture = FromArchColumn(record, architecture);
            if (_target is not null) target = EvaluateTarget(record);
            return _errorCount == errors ? architecture : null;
        }

        /// <summary>For a row one field wider than a header without <see cref="PredictedColumn"/>: most likely a candidate
        /// row of <c>autobuild build --candidates-out</c>, which ends with that column.</summary>
        private string CandidateRowHint(int fields) =>
            fields == _header.Length + 1 && Array.IndexOf(_header, PredictedColumn) < 0
                ? $"; rows written by autobuild build --candidates-out end with the {PredictedColumn} column: add it to the end of this file's header (the candidates file's first line is that header), and the rows before may leave it out"
                : "";

        private Architecture? FromDecisionColumns(CsvRecord record)
        {
            var n = _space.Decisions.Count;
            if (n == 0) return _space.Create(Array.Empty<int>()); // a fixed network: every row measures its one architecture
            var given = 0;
            for (var d = 0; d < n; d++) if (_decisionColumn[d] >= 0) given++;
            if (given == 0) return null;
            var full = given == n;

            var choices = new int[n];
            var empty = new bool[n];
            for (var d = 0; d < n; d++)
            {
                choices[d] = -1;
                if (_decisionColumn[d] < 0) continue;
                var field = record.Fields[_decisionColumn[d]];
                var value = field.Value.Trim();
                if (value.Length == 0) { empty[d] = true; continue; }
                var decision = _space.Decisions[d];
                choices[d] = decision.IndexOf(value);
                if (choices[d] >= 0) continue;
                choices[d] = Unknown;
                Report(LabelCodes.UnknownValue, Severity.Error,
                    $"'{value}' is not a value of {decision.Name}; valid values: {string.Join(", ", decision.Values)}{Suggestions.DidYouMean(value, decision.Values)}",
                    field.Line, field.Column);
            }
            if (!full) return null; // only cross-checked against the arch column

            var status = new Activity[n];
            var ok = true;
            for (var d = 0; d < n; d++)
            {
                var field = record.Fields[_decisionColumn[d]];
                var decision = _space.Decisions[d];
                switch (StatusOf(d, choices, empty, status))
                {
                    case Activity.Active when empty[d]:
                        Report(LabelCodes.MissingValue, Severity.Error,
                            $"{decision.Name} is empty but active{(decision.ActiveWhen is null ? "" : $" ({_space.DescribeCondition(d)})")}; give one of {string.Join(", ", decision.Values)}",
                            field.Line, field.Column);
                        ok = false;
                        break;
                    case Activity.Inactive when !empty[d]:
                        Report(LabelCodes.InactiveValue, Severity.Error,
                            $"{decision.Name} has the value '{field.Value.Trim()}' but is inactive in this row ({_space.DescribeCondition(d)}); leave the cell empty",
                            field.Line, field.Column);
                        ok = false;
                        break;
                    case Activity.Inactive:
                        choices[d] = -1;
                        break;
                    case Activity.Undetermined:
                        ok = false;
                        break;
                }
                if (choices[d] == Unknown) ok = false;
            }
            if (!ok) return null;
            if (_space.IsValid(choices, out var invalid)) return new Architecture(_space, choices);
            // Every value is one of its decision's, yet together they are no architecture: say so, never drop the row.
            var first = record.Fields[_decisionColumn.Min()]; // every decision has its column here
            Report(LabelCodes.NotAnArchitecture, Severity.Error, $"the decisions of this row are not a {_space.Name} architecture: {invalid}", first.Line, first.Column);
            return null;
        }

        private enum Activity { Unvisited, Active, Inactive, Undetermined }

        /// <summary>Whether a decision is active in this row; undetermined when a controller's value is unknown or
        /// missing (that error is reported at the controller, not again at every decision below it).</summary>
        private Activity StatusOf(int d, int[] choices, bool[] empty, Activity[] status)
        {
            if (status[d] != Activity.Unvisited) return status[d];
            status[d] = Activity.Undetermined; // guards against cycles
            var condition = _space.Decisions[d].ActiveWhen;
            Activity result;
            if (condition is null) result = Activity.Active;
            else
            {
                var controller = StatusOf(condition.Decision, choices, empty, status);
                var c = choices[condition.Decision];
                if (controller == Activity.Inactive) result = Activity.Inactive;
                else if (controller == Activity.Undetermined || c == Unknown || (c < 0 && empty[condition.Decision])) result = Activity.Undetermined;
                else
                {
                    result = Activity.Inactive;
                    foreach (var v in condition.Choices) if (v == c) result = Activity.Active;
                }
            }
            return status[d] = result;
        }

        private Architecture? FromArchColumn(CsvRecord record, Architecture? fromDecisions)
        {
            var field = record.Fields[_archColumn];
            var text = field.Value.Trim();
            if (!_space.TryParse(text, out var parsed, out var error))
            {
                // With every decision column present the decisions are authoritative; a bad arch cell is still an error.
                Report(LabelCodes.BadArch, Severity.Error,
                    text.Length == 0 ? $"the {ArchColumn} cell is empty; give the canonical string of the architecture, e.g. {Example()}" : $"'{Shorten(text)}' is not a {_space.Name} architecture: {error}",
                    field.Line, field.Column);
                return null;
            }
            var mismatch = new List<string>();
            for (var d = 0; d < _space.Decisions.Count; d++)
            {
                if (_decisionColumn[d] < 0) continue;
                var cell = record.Fields[_decisionColumn[d]].Value.Trim();
                var fromArch = parsed!.Value(_space.Decisions[d].Name) ?? "";
                if (!string.Equals(cell, fromArch, StringComparison.Ordinal))
                    mismatch.Add($"{_space.Decisions[d].Name} is '{cell}' in its column but '{fromArch}' in {ArchColumn}");
            }
            if (mismatch.Count > 0 && (fromDecisions is not null || !AllDecisionColumns()))
            {
                Report(LabelCodes.ArchMismatch, Severity.Error,
                    $"the {ArchColumn} cell and the decision columns describe different architectures: {Suggestions.List(mismatch, 4)}", field.Line, field.Column);
                return null;
            }
            return fromDecisions ?? parsed;
        }

        private bool AllDecisionColumns()
        {
            foreach (var c in _decisionColumn) if (c < 0) return false;
            return true;
        }

        private double EvaluateTarget(CsvRecord record)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            var ok = true;
            for (var i = 0; i < _targetColumns.Length; i++)
            {
                var field = record.Fields[_targetColumns[i]];
                var name = _target!.Columns[i];
                switch (TryParseNumber(field.Value, out var v))
                {
                    case NumberStatus.Ok:
                        values[name] = v;
                        break;
                    case NumberStatus.NotFinite:
                        Report(LabelCodes.NotFinite, Severity.Error, $"{name} is '{field.Value.Trim()}', but the target needs a finite number in every row", field.Line, field.Column);
                        ok = false;
                        break;
                    default:
                        Report(LabelCodes.NotNumeric, Severity.Error,
                            field.Value.Trim().Length == 0 ? $"{name} is empty, but the target needs a number in every row" : $"{name} is '{Shorten(field.Value.Trim())}', which is not a number (write numbers like 93.5 or 1.2e-3)",
                            field.Line, field.Column);
                        ok = false;
                        break;
                }
            }
            if (!ok) return 0;
            var result = _target!.Evaluate(name => values[name]);
            string Inputs() => string.Join(", ", values.Select(kv => kv.Key + "=" + kv.Value.ToString("R", CultureInfo.InvariantCulture)));
            if (double.IsNaN(result) || double.IsInfinity(result))
                Report(LabelCodes.TargetNotFinite, Severity.Error,
                    $"the target '{_target.Text}' is {(double.IsNaN(result) ? "NaN" : "infinite")} in this row ({Inputs()}); change the expression (e.g. log(x+1)) or fix the row",
                    record.Line, 1);
            else if (Math.Abs(result) > MaxTargetMagnitude)
            {
                var exponent = (int)Math.Floor(Math.Log10(Math.Abs(result)));
                var rescaled = _target.Columns.Count == 1 && _target.Text.Trim() == _target.Columns[0] ? _target.Text.Trim() : "(" + _target.Text + ")";
                Report(LabelCodes.TargetNotFinite, Severity.Error,
                    $"the target '{_target.Text}' is {result.ToString("R", CultureInfo.InvariantCulture)} in this row ({Inputs()}), beyond ±1e100, " +
                    $"where its squares and sums overflow; rescale the expression (e.g. {rescaled}/1e{exponent.ToString(CultureInfo.InvariantCulture)}) or fix the row",
                    record.Line, 1);
            }
            return result;
        }
    }
}

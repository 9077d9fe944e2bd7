using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoBuild.Learning.Labels;

/// <summary>One field of a CSV record with where it starts: the 1-based physical line and the 1-based character
/// column (a quoted field starts at its opening quote).</summary>
public readonly struct CsvField
{
    public CsvField(string value, int line, int column, bool quoted)
    {
        Value = value; Line = line; Column = column; Quoted = quoted;
    }

    public string Value { get; }
    public int Line { get; }
    public int Column { get; }
    public bool Quoted { get; }
}

/// <summary>One CSV record. <see cref="Line"/> is the physical line it starts on (the "row" of diagnostics; a
/// quoted field with embedded newlines makes a record span several lines).</summary>
public sealed class CsvRecord
{
    public CsvRecord(int line, IReadOnlyList<CsvField> fields) { Line = line; Fields = fields; }

    public int Line { get; }
    public IReadOnlyList<CsvField> Fields { get; }
}

/// <summary>A problem in the CSV syntax itself (unterminated quote, text after a closing quote).</summary>
public readonly struct CsvError
{
    public CsvError(int line, int column, string message) { Line = line; Column = column; Message = message; }

    public int Line { get; }
    public int Column { get; }
    public string Message { get; }
}

/// <summary>An RFC 4180 CSV reader with exact positions: comma separated; fields may be quoted with <c>"</c>, a
/// doubled quote inside a quoted field is one quote, quoted fields may hold commas and line breaks; records end at
/// CRLF, LF or CR; a leading byte-order mark is skipped. Hand written (no dependency) because the Roslyn generator
/// loads this assembly. Empty lines produce no record; <see cref="BlankLines"/> lists those before the last record
/// so that the reader can say it skipped them.</summary>
public sealed class CsvTable
{
    private CsvTable(List<CsvRecord> records, List<CsvError> errors, List<int> blankLines)
    {
        Records = records; Errors = errors; BlankLines = blankLines;
    }

    /// <summary>All records, the header first.</summary>
    public IReadOnlyList<CsvRecord> Records { get; }
    public IReadOnlyList<CsvError> Errors { get; }
    /// <summary>Line numbers of empty lines between records (trailing empty lines are not listed).</summary>
    public IReadOnlyList<int> BlankLines { get; }

    public static CsvTable Parse(string text)
    {
        var records = new List<CsvRecord>();
        var errors = new List<CsvError>();
        var blank = new List<int>();
        var pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var lineStart = pos; // index of the first character of the current physical line
        var value = new StringBuilder();

        while (pos < text.Length)
        {
            // At the start of a record.
            if (IsLineBreak(text[pos]))
            {
                blank.Add(line);
                pos = SkipLineBreak(text, pos);
                line++;
                lineStart = pos;
                continue;
            }
            var recordLine = line;
            var fields = new List<CsvField>();
            while (true)
            {
                var fieldLine = line;
                var fieldColumn = pos - lineStart + 1;
                value.Clear();
                var quoted = pos < text.Length && text[pos] == '"';
                if (quoted)
                {
                    pos++;
                    var closed = false;
                    while (pos < text.Length)
                    {
                        var ch = text[pos];
                        if (ch == '"')
                        {
                            if (pos + 1 < text.Length && text[pos + 1] == '"') { value.Append('"'); pos += 2; continue; }
                            pos++;
                            closed = true;
                            break;
                        }
                        if (IsLineBreak(ch))
                        {
                            var next = SkipLineBreak(text, pos);
                            value.Append(text, pos, next - pos);
                            pos = next;
                            line++;
                            lineStart = pos;
                            continue;
                        }
                        value.Append(ch);
                        pos++;
                    }
                    if (!closed)
                    {
                        errors.Add(new CsvError(fieldLine, fieldColumn, "the quoted field that starts here has no closing quote"));
                        fields.Add(new CsvField(value.ToString(), fieldLine, fieldColumn, true));
                        records.Add(new CsvRecord(recordLine, fields));
                        return Finish(records, errors, blank);
                    }
                    if (pos < text.Length && text[pos] != ',' && !IsLineBreak(text[pos]))
                    {
                        errors.Add(new CsvError(line, pos - lineStart + 1,
                            string.Format(CultureInfo.InvariantCulture, "unexpected '{0}' after the closing quote of a field (a quote inside a quoted field is written \"\")", text[pos])));
                        // Recover: take the rest of the field literally.
                        while (pos < text.Length && text[pos] != ',' && !IsLineBreak(text[pos])) value.Append(text[pos++]);
                    }
                }
                else
                {
                    while (pos < text.Length && text[pos] != ',' && !IsLineBreak(text[pos])) value.Append(text[pos++]);
                }
                fields.Add(new CsvField(value.ToString(), fieldLine, fieldColumn, quoted));
                if (pos < text.Length && text[pos] == ',') { pos++; continue; }
                break;
            }
            records.Add(new CsvRecord(recordLine, fields));
            if (pos < text.Length)
            {
                pos = SkipLineBreak(text, pos);
                line++;
                lineStart = pos;
            }
        }
        return Finish(records, errors, blank);
    }

    private static CsvTable Finish(List<CsvRecord> records, List<CsvError> errors, List<int> blank)
    {
        var lastLine = records.Count == 0 ? 0 : records[records.Count - 1].Line;
        blank.RemoveAll(l => l > lastLine);
        return new CsvTable(records, errors, blank);
    }

    private static bool IsLineBreak(char c) => c == '\n' || c == '\r';

    private static int SkipLineBreak(string text, int pos) =>
        text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n' ? pos + 2 : pos + 1;

    /// <summary>A field as CSV text: quoted (with doubled quotes) only when it holds a comma, quote, line break or
    /// leading/trailing space, so plain values are written unchanged.</summary>
    public static string Escape(string value)
    {
        var needs = value.Length > 0 && (value[0] == ' ' || value[value.Length - 1] == ' ');
        foreach (var c in value)
            if (c == ',' || c == '"' || c == '\n' || c == '\r') { needs = true; break; }
        return needs ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>A record as one CSV line (no line break).</summary>
    public static string FormatRecord(IEnumerable<string> values)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var v in values)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append(Escape(v));
        }
        return sb.ToString();
    }
}

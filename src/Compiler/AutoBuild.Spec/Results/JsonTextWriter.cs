using System;
using System.Globalization;
using System.Text;

namespace AutoBuild.Spec.Results;

/// <summary>A minimal deterministic JSON writer: two-space indentation, LF newlines, invariant culture,
/// shortest round-trippable doubles. Non-finite doubles (not representable in JSON) are written as null.</summary>
internal sealed class JsonTextWriter
{
    private readonly StringBuilder _sb = new();
    private int _depth;
    private bool _first = true;

    public override string ToString() => _sb.ToString();

    public void StartObject(string? name = null) { Prefix(name); _sb.Append('{'); _depth++; _first = true; }
    public void EndObject() => Close('}');
    public void StartArray(string? name = null) { Prefix(name); _sb.Append('['); _depth++; _first = true; }
    public void EndArray() => Close(']');

    public void String(string? name, string? value)
    {
        Prefix(name);
        if (value is null) _sb.Append("null"); else AppendString(value);
    }

    public void Number(string? name, long value) { Prefix(name); _sb.Append(value.ToString(CultureInfo.InvariantCulture)); }

    public void Number(string? name, double? value)
    {
        Prefix(name);
        if (value is not double v || double.IsNaN(v) || double.IsInfinity(v)) { _sb.Append("null"); return; }
        _sb.Append(FormatDouble(v));
    }

    public void Bool(string? name, bool value) { Prefix(name); _sb.Append(value ? "true" : "false"); }

    /// <summary>"R" is the shortest round-trippable form on .NET Core 3.0+; integral values get no ".0"
    /// suffix and exponents are normalised to "E+NN"/"E-NN" as .NET prints them.</summary>
    internal static string FormatDouble(double v)
    {
        if (v == 0) return "0"; // also folds -0 to 0 so equal values print equally
        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    private void Prefix(string? name)
    {
        if (_depth > 0)
        {
            if (!_first) _sb.Append(',');
            _sb.Append('\n').Append(' ', 2 * _depth);
        }
        _first = false;
        if (name is not null) { AppendString(name); _sb.Append(": "); }
    }

    private void Close(char c)
    {
        _depth--;
        if (!_first) _sb.Append('\n').Append(' ', 2 * _depth);
        _sb.Append(c);
        _first = false;
    }

    private void AppendString(string s)
    {
        _sb.Append('"');
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                default:
                    if (ch < 0x20 || ch == '\u2028' || ch == '\u2029')
                        _sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    else _sb.Append(ch);
                    break;
            }
        }
        _sb.Append('"');
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Spec;

/// <summary>The binder's view of a spec's syntax: where a node is (for diagnostics), the diagnostics reported so far,
/// and literal values (text, identifiers, integers, numbers, booleans, counts) read with their checks. Every problem
/// becomes a located diagnostic; nothing throws on bad input.</summary>
internal sealed class SpecReader
{
    private readonly string _path;
    private readonly List<Diagnostic> _diagnostics;

    public SpecReader(string path, List<Diagnostic> diagnostics)
    {
        _path = path;
        _diagnostics = diagnostics;
    }

    /// <summary>Where <paramref name="node"/> stands in the spec.</summary>
    public SourceLocation At(SyntaxNode node) => new(_path, node.Line, node.Column);

    public void Error(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    /// <summary>The errors reported so far (a binding step compares it before and after to know whether it failed).</summary>
    public int ErrorCount()
    {
        var n = 0;
        foreach (var d in _diagnostics)
            if (d.Severity == Severity.Error) n++;
        return n;
    }

    /// <summary>Reports every key of <paramref name="map"/> that is not one of <paramref name="known"/> (with a suggestion).</summary>
    public void CheckKeys(MappingSyntax map, string where, params string[] known)
    {
        foreach (var entry in map.Entries)
            if (Array.IndexOf(known, entry.Key.Value) < 0)
                Error(SpecDiagnostics.UnknownKey(At(entry.Key), entry.Key.Value, where, known));
    }

    public MappingSyntax? Mapping(SyntaxNode node, string what)
    {
        if (node is MappingSyntax m) return m;
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "a mapping of 'key: value' pairs", node.KindName));
        return null;
    }

    public string? Text(SyntaxNode node, string what)
    {
        if (node is ScalarSyntax s && !s.IsNull) return s.Value;
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "a text value", node.KindName));
        return null;
    }

    public string? Identifier(MappingSyntax map, string key, string what, bool required, string example)
    {
        var node = map.Get(key);
        if (node is null)
        {
            if (required) Error(SpecDiagnostics.MissingKey(At(map), key, "this mapping", example));
            return null;
        }
        var text = Text(node, key);
        if (text is null) return null;
        var problem = Identifiers.Problem(text);
        if (problem is null) return text;
        Error(SpecDiagnostics.UnsafeIdentifier(At(node), what, text, problem));
        return null;
    }

    public static bool TryInt(ScalarSyntax s, out int value)
    {
        value = 0;
        return !s.Quoted && NoNul(s.Value) && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryDouble(ScalarSyntax s, out double value)
    {
        value = 0;
        return !s.Quoted && NoNul(s.Value) && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && !double.IsNaN(value) && !double.IsInfinity(value);
    }

    /// <summary>.NET's number parsing ignores trailing NUL characters ("3\0" reads as 3); a NUL makes text not a number.</summary>
    private static bool NoNul(string text) => text.IndexOf('\0') < 0;

    public static bool TryBool(ScalarSyntax s, out bool value)
    {
        value = s.Value == "true";
        return !s.Quoted && (s.Value == "true" || s.Value == "false");
    }

    public int? IntLiteral(SyntaxNode node, string what, int min, int max)
    {
        if (node is ScalarSyntax s && TryInt(s, out var v))
        {
            if (v >= min && v <= max) return v;
            Error(SpecDiagnostics.OutOfRange(At(node), $"'{what}' must be between {min} and {max}, got {v}"));
            return null;
        }
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "an integer", node.KindName));
        return null;
    }

    public double? Number(SyntaxNode node, string what, double min, double max)
    {
        if (node is ScalarSyntax s && TryDouble(s, out var v))
        {
            if (v >= min && v <= max) return v;
            Error(SpecDiagnostics.OutOfRange(At(node), string.Format(CultureInfo.InvariantCulture, "'{0}' must be between {1} and {2}, got {3}", what, min, max, v)));
            return null;
        }
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "a number", node.KindName));
        return null;
    }

    public bool? Bool(SyntaxNode node, string what)
    {
        if (node is ScalarSyntax s && TryBool(s, out var v)) return v;
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "true or false", node.KindName));
        return null;
    }

    /// <summary>A count such as 5000000, 5_000_000, 5M, 1.5G or 600K.</summary>
    public long? Count(SyntaxNode node, string what)
    {
        if (node is ScalarSyntax s && !s.Quoted && s.Value.Length > 0)
        {
            var text = s.Value.Replace("_", "");
            double scale = 1;
            var last = text.Length > 0 ? char.ToUpperInvariant(text[text.Length - 1]) : ' ';
            if (last == 'K' || last == 'M' || last == 'G')
            {
                scale = last == 'K' ? 1e3 : last == 'M' ? 1e6 : 1e9;
                text = text.Substring(0, text.Length - 1);
            }
            if (NoNul(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v * scale < 9e18)
                return (long)Math.Round(v * scale);
        }
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "a positive count such as 5000000, 5M or 1.5G", node.KindName));
        return null;
    }

    /// <summary>A list of op names that become a decision's values (so enum members): safe identifiers, no duplicates.</summary>
    public List<ScalarSyntax>? OpNames(SyntaxNode node, string what)
    {
        if (node is not SequenceSyntax list)
        {
            Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "a list of op names, e.g. [identity, mbconv3, mbconv6]", node.KindName));
            return null;
        }
        if (list.Items.Count == 0)
        {
            Error(SpecDiagnostics.EmptyDomain(At(list), $"'{what}' lists no ops; give at least one op"));
            return null;
        }
        var names = new List<ScalarSyntax>();
        var ok = true;
        foreach (var item in list.Items)
        {
            if (item is not ScalarSyntax s || s.IsNull)
            {
                Error(SpecDiagnostics.WrongType(At(item), "an option of an op choice", "an op name (define ops with options under 'ops:')", item.KindName));
                ok = false;
                continue;
            }
            var problem = Identifiers.Problem(s.Value);
            if (problem is not null)
            {
                Error(SpecDiagnostics.UnsafeIdentifier(At(s), "op choice value", s.Value, problem));
                ok = false;
                continue;
            }
            var first = names.Find(n => n.Value == s.Value);
            if (first is not null)
            {
                Error(SpecDiagnostics.Duplicate(At(s), "option", s.Value, $"line {first.Line}"));
                ok = false;
                continue;
            }
            names.Add(s);
        }
        return ok ? names : null;
    }
}

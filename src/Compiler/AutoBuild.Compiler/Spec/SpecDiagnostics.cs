using System;
using System.Collections.Generic;
using AutoBuild.Compiler.Diagnostics;

namespace AutoBuild.Compiler.Spec;

/// <summary>The AB1xxx spec diagnostics (docs/diagnostics.md). Every message says how to fix the problem.</summary>
internal static class SpecDiagnostics
{
    public const string YamlSyntaxCode = "AB1001";
    public const string UnknownKeyCode = "AB1002";
    public const string WrongTypeCode = "AB1003";
    public const string MissingKeyCode = "AB1004";
    public const string UnknownOpCode = "AB1005";
    public const string BadReferenceCode = "AB1006";
    public const string DuplicateCode = "AB1007";
    public const string ImpossibleShapeCode = "AB1008";
    public const string EmptyDomainCode = "AB1009";
    public const string UnsafeIdentifierCode = "AB1010";
    public const string TooLargeCode = "AB1011";
    public const string OutOfRangeCode = "AB1012";
    public const string UnsupportedCode = "AB1013";
    public const string NestedChoiceCode = "AB1014";
    public const string FileCode = "AB1015";

    public static Diagnostic YamlSyntax(SourceLocation at, string message) =>
        Diagnostic.Error(YamlSyntaxCode, $"YAML syntax error: {message}", at);

    public static Diagnostic UnknownKey(SourceLocation at, string key, string where, IReadOnlyCollection<string> known) =>
        Diagnostic.Error(UnknownKeyCode, $"unknown key '{key}' in {where}; {Suggest(key, known)}", at);

    public static Diagnostic WrongType(SourceLocation at, string what, string expected, string got) =>
        Diagnostic.Error(WrongTypeCode, $"{what} must be {expected}, not {got}", at);

    public static Diagnostic MissingKey(SourceLocation at, string key, string where, string example) =>
        Diagnostic.Error(MissingKeyCode, $"{where} needs '{key}'; add it, e.g. {example}", at);

    public static Diagnostic UnknownOp(SourceLocation at, string name, IReadOnlyCollection<string> known) =>
        Diagnostic.Error(UnknownOpCode, $"unknown op '{name}'; {Suggest(name, known)} (or define it under 'ops:')", at);

    public static Diagnostic BadReference(SourceLocation at, string message) => Diagnostic.Error(BadReferenceCode, message, at);

    public static Diagnostic Duplicate(SourceLocation at, string what, string name, string firstAt) =>
        Diagnostic.Error(DuplicateCode, $"duplicate {what} '{name}' (first at {firstAt}); give each {what} a unique name", at);

    public static Diagnostic ImpossibleShape(SourceLocation at, string message) =>
        Diagnostic.Error(ImpossibleShapeCode, $"impossible shape: {message}", at);

    public static Diagnostic EmptyDomain(SourceLocation at, string message) => Diagnostic.Error(EmptyDomainCode, message, at);

    public static Diagnostic UnsafeIdentifier(SourceLocation at, string what, string name, string why) =>
        Diagnostic.Error(UnsafeIdentifierCode,
            $"{what} '{name}' is not a safe C# identifier ({why}); use ASCII letters, digits and '_', not starting with a digit and not a C# keyword", at);

    public static Diagnostic TooLarge(SourceLocation at, string message) => Diagnostic.Error(TooLargeCode, message, at);

    public static Diagnostic OutOfRange(SourceLocation at, string message) => Diagnostic.Error(OutOfRangeCode, message, at);

    public static Diagnostic Unsupported(SourceLocation at, string what, string fix) =>
        Diagnostic.Error(UnsupportedCode, $"{what} is not supported here; {fix}", at);

    public static Diagnostic NestedChoice(SourceLocation at) =>
        Diagnostic.Error(NestedChoiceCode,
            "a choice inside an option of an op choice is not supported (a decision can depend on one other decision only); " +
            "make a separate op for each value instead", at);

    public static Diagnostic File(string path, string message) => Diagnostic.Error(FileCode, message, SourceLocation.File(path));

    /// <summary>"did you mean 'kernel'?" for the closest known name, else the list of known names.</summary>
    public static string Suggest(string name, IReadOnlyCollection<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            var d = Distance(name, k);
            if (d < bestDistance || (d == bestDistance && string.CompareOrdinal(k, best) < 0))
            {
                best = k;
                bestDistance = d;
            }
        }
        if (best is not null && bestDistance <= Math.Max(2, name.Length / 3)) return $"did you mean '{best}'?";
        var list = new List<string>(known);
        list.Sort(StringComparer.Ordinal);
        return list.Count == 0 ? "nothing is allowed here" : "expected one of: " + string.Join(", ", list);
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue / 2;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

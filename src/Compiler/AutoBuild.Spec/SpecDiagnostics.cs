using System;
using System.Collections.Generic;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Spec;

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
        Diagnostic.Error(UnknownKeyCode, $"unknown key '{key}' in {where}; {NameSuggestions.Suggest(key, known)}", at);

    public static Diagnostic WrongType(SourceLocation at, string what, string expected, string got) =>
        Diagnostic.Error(WrongTypeCode, $"{what} must be {expected}, not {got}", at);

    public static Diagnostic MissingKey(SourceLocation at, string key, string where, string example) =>
        Diagnostic.Error(MissingKeyCode, $"{where} needs '{key}'; add it, e.g. {example}", at);

    public static Diagnostic UnknownOp(SourceLocation at, string name, IReadOnlyCollection<string> known) =>
        Diagnostic.Error(UnknownOpCode, $"unknown op '{name}'; {NameSuggestions.Suggest(name, known)} (or define it under 'ops:')", at);

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
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoBuild.Generators;

/// <summary>Every diagnostic the AutoBuild analyzer can report, one descriptor per code of the spec front end
/// (docs/diagnostics.md). The message is always the front end's, so <c>autobuild validate</c> and the IDE say the
/// same; the title says what kind of problem it is. Release tracking (AnalyzerReleases.Shipped.md/Unshipped.md
/// next to this file) records each code: a code added here without a line there fails the build (RS2000).</summary>
internal static class DiagnosticCatalogue
{
    private const string Category = "AutoBuild.Spec";
    private const string HelpLink = "https://github.com/autobuild-dotnet/autobuild/blob/main/docs/diagnostics.md";

    public static readonly DiagnosticDescriptor YamlSyntax =
        new("AB1001", "Spec is not valid YAML", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1001");
    public static readonly DiagnosticDescriptor UnknownKey =
        new("AB1002", "Unknown key in a spec", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1002");
    public static readonly DiagnosticDescriptor WrongType =
        new("AB1003", "Spec value of the wrong type", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1003");
    public static readonly DiagnosticDescriptor MissingKey =
        new("AB1004", "Required spec key is missing", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1004");
    public static readonly DiagnosticDescriptor UnknownOp =
        new("AB1005", "Unknown op in a spec", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1005");
    public static readonly DiagnosticDescriptor BadReference =
        new("AB1006", "Spec refers to something undefined", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1006");
    public static readonly DiagnosticDescriptor Duplicate =
        new("AB1007", "Duplicate name in a spec", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1007");
    public static readonly DiagnosticDescriptor ImpossibleShape =
        new("AB1008", "Some architecture of the space has impossible shapes", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1008");
    public static readonly DiagnosticDescriptor EmptyDomain =
        new("AB1009", "Empty choice or network in a spec", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1009");
    public static readonly DiagnosticDescriptor UnsafeIdentifier =
        new("AB1010", "Spec name cannot become a C# identifier", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1010");
    public static readonly DiagnosticDescriptor TooLarge =
        new("AB1011", "Space or spec is too large", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1011");
    public static readonly DiagnosticDescriptor OutOfRange =
        new("AB1012", "Spec number out of range", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1012");
    public static readonly DiagnosticDescriptor Unsupported =
        new("AB1013", "Unsupported spec construct", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1013");
    public static readonly DiagnosticDescriptor NestedChoice =
        new("AB1014", "Choice nested inside an op choice", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1014");
    public static readonly DiagnosticDescriptor Unreadable =
        new("AB1015", "Spec file cannot be read", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab1015");
    public static readonly DiagnosticDescriptor Internal =
        new("AB9001", "Internal failure of the spec front end", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab9001");

    /// <summary>Reported by the generator (not the analyzer) when it fails on a spec the front end accepted.</summary>
    public static readonly DiagnosticDescriptor GenerationFailed =
        new("AB9002", "No code was generated for a spec", "{0}", "AutoBuild.Generator", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab9002");

    /// <summary>Reported by the generator at a <c>&lt;Space&gt;.autobuild.json</c> it cannot use (malformed, truncated,
    /// written by a newer tool, or for another space), so that a missing <c>Best</c> is explained where it comes from.</summary>
    public static readonly DiagnosticDescriptor ResultsUnusable =
        new("AB5015", "The results file cannot be used; Best, Ranked and Candidates are not generated", "{0}", "AutoBuild.Generator", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink + "#ab5015");

    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        YamlSyntax, UnknownKey, WrongType, MissingKey, UnknownOp, BadReference, Duplicate, ImpossibleShape, EmptyDomain,
        UnsafeIdentifier, TooLarge, OutOfRange, Unsupported, NestedChoice, Unreadable, Internal);

    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> ById =
        ImmutableDictionary.CreateRange(StringComparer.Ordinal, All.Select(d => new KeyValuePair<string, DiagnosticDescriptor>(d.Id, d)));

    /// <summary>The descriptor of a front-end code (every one is reported with the front end's own severity, the
    /// descriptors' Error is only the default); <see cref="Internal"/> for a code this catalogue lacks (a test
    /// keeps the two in step).</summary>
    public static DiagnosticDescriptor For(string code) => ById.TryGetValue(code, out var d) ? d : Internal;
}

using System;
using System.Collections.Immutable;
using AutoBuild.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using AbDiagnostic = AutoBuild.Spec.Diagnostics.Diagnostic;
using AbSeverity = AutoBuild.Spec.Diagnostics.Severity;

namespace AutoBuild.Generators;

/// <summary>Reports the spec front end's diagnostics (AB1xxx, the same as <c>autobuild validate</c>) as compiler
/// diagnostics at their exact YAML line and column. The generator stays silent; this is the one place errors
/// in specs reach the IDE and the build (anchors.md §2.7).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SpecAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticCatalogue.All;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterAdditionalFileAction(Analyze);
    }

    private static void Analyze(AdditionalFileAnalysisContext context)
    {
        var file = context.AdditionalFile;
        if (!SpecInputs.IsSpec(file, context.Options.AnalyzerConfigOptionsProvider)) return;
        var text = file.GetText(context.CancellationToken);
        if (text is null) return;
        var result = SpecCompiler.Compile(file.Path, text.ToString());
        foreach (var d in result.Diagnostics) context.ReportDiagnostic(ToRoslyn(d, file.Path, text));
    }

    internal static Diagnostic ToRoslyn(AbDiagnostic d, string path, SourceText text)
    {
        var descriptor = DiagnosticCatalogue.For(d.Code);
        var severity = d.Severity == AbSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        var message = descriptor.Id == d.Code ? d.Message : d.Code + ": " + d.Message;
        return Diagnostic.Create(descriptor, LocationOf(d, path, text), severity, null, null, message);
    }

    /// <summary>The front end's 1-based line/column (and optional end) as a Roslyn location in the YAML file.</summary>
    internal static Location LocationOf(AbDiagnostic d, string path, SourceText text)
    {
        var at = d.Location;
        if (at.Line <= 0 || text.Lines.Count == 0) return Location.Create(path, new TextSpan(0, 0), new LinePositionSpan(default, default));
        var start = Position(text, at.Line, Math.Max(1, at.Column));
        var end = at.EndLine > 0 ? Position(text, at.EndLine, Math.Max(1, at.EndColumn)) : start;
        if (end.Offset < start.Offset) end = start;
        return Location.Create(path, TextSpan.FromBounds(start.Offset, end.Offset), new LinePositionSpan(start.Position, end.Position));
    }

    private static (int Offset, LinePosition Position) Position(SourceText text, int line, int column)
    {
        var l = text.Lines[Math.Min(line, text.Lines.Count) - 1];
        var character = Math.Min(column - 1, l.End - l.Start);
        return (l.Start + character, new LinePosition(l.LineNumber, character));
    }
}

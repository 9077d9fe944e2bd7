using System;
using System.IO;
using AutoBuild.Generators.Emit;
using AutoBuild.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoBuild.Generators;

/// <summary>Turns every search-space spec in AdditionalFiles (and its <c>&lt;Space&gt;.autobuild.json</c>) into typed C#:
/// the space, its Architecture, Best/Ranked, and TorchSharp models when the compilation references TorchSharp.
/// Pipeline: specs and results are read into string models, each spec is compiled once, TorchSharp presence is reduced
/// to a bool; one transform per spec emits the space's file and one per spec and its results file emits the results'
/// file; every step is tracked and caches by value (docs/generated-code.md).</summary>
[Generator(LanguageNames.CSharp)]
public sealed class AutoBuildGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider.Select((o, _) => SpecInputs.RootNamespace(o));

        var specs = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(pair => SpecInputs.IsSpec(pair.Left, pair.Right))
            .Select((pair, ct) => (Path: pair.Left.Path, Text: pair.Left.GetText(ct)?.ToString()))
            .Where(file => file.Text is not null)
            .Combine(rootNamespace)
            .Select((pair, _) => new SpecFile(pair.Left.Path, pair.Left.Text!, pair.Right))
            .WithTrackingName(AutoBuildStepNames.SpecFiles);

        var results = context.AdditionalTextsProvider
            .Where(SpecInputs.IsResults)
            .Select((file, ct) => new ResultFile(file.Path, file.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(AutoBuildStepNames.ResultFiles)
            .Collect()
            .Select((files, _) => new EquatableArray<ResultFile>(files))
            .WithTrackingName(AutoBuildStepNames.Results);

        var torchSharp = context.CompilationProvider
            .Select((compilation, _) => compilation.GetTypeByMetadataName("TorchSharp.torch") is not null)
            .WithTrackingName(AutoBuildStepNames.TorchSharp);

        // Each spec is compiled once; the space's file comes from the spec alone, and the results' file from the
        // compiled spec paired with the results file of its own space, so a rebuild that rewrites one results file
        // re-emits that space's results only, without compiling the spec again.
        var compiled = specs
            .Select((spec, _) => SpaceGeneration.Compile(spec))
            .WithTrackingName(AutoBuildStepNames.CompiledSpecs);

        var spaces = compiled
            .Combine(torchSharp)
            .Select((input, _) => SpaceGeneration.GenerateSpace(input.Left, input.Right))
            .WithTrackingName(AutoBuildStepNames.Spaces);

        var spaceResults = compiled
            .Combine(results)
            .Select((input, _) => new SpaceInput(input.Left, SpaceGeneration.ResultsOf(input.Left, input.Right)))
            .WithTrackingName(AutoBuildStepNames.SpaceInputs)
            .Combine(torchSharp)
            .Select((input, _) => SpaceGeneration.GenerateResults(input.Left, input.Right))
            .WithTrackingName(AutoBuildStepNames.SpaceResults);

        context.RegisterSourceOutput(spaces, static (spc, file) => AddGenerated(spc, file));
        context.RegisterSourceOutput(spaceResults, static (spc, file) => AddGenerated(spc, file));

        // The layer file comes with any generated space, or on request (AutoBuildTorchSharpLayers=true) for a program
        // that builds models from plans at run time.
        var layersRequested = context.AnalyzerConfigOptionsProvider.Select((o, _) => SpecInputs.LayersRequested(o));
        var layers = spaces
            .Select((file, _) => file is not null && file.Failure is null)
            .Collect()
            .Combine(torchSharp)
            .Combine(layersRequested)
            .Select((input, _) => input.Left.Right && (input.Right || input.Left.Left.Contains(true)))
            .WithTrackingName(AutoBuildStepNames.TorchSharpLayers);

        context.RegisterSourceOutput(layers, static (spc, emit) =>
        {
            if (emit) spc.AddSource(TorchSharpEmitter.LayersHintName, SourceText.From(TorchSharpEmitter.EmitLayers(), System.Text.Encoding.UTF8));
        });
    }

    private static void AddGenerated(SourceProductionContext spc, GeneratedFile? file)
    {
        if (file is null) return;
        if (file.Failure is not null)
        {
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalogue.GenerationFailed,
                Location.Create(file.SpecPath ?? "", new TextSpan(0, 0), new LinePositionSpan(default, default)),
                AutoBuild.Spec.Diagnostics.Diagnostic.OneLine(file.Failure)));
            return;
        }
        if (file.Warning is not null)
        {
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalogue.ResultsUnusable,
                Location.Create(file.WarningPath ?? "", new TextSpan(0, 0),
                    new LinePositionSpan(new LinePosition(file.WarningLine, file.WarningColumn), new LinePosition(file.WarningLine, file.WarningColumn))),
                AutoBuild.Spec.Diagnostics.Diagnostic.OneLine(file.Warning)));
            return;
        }
        var text = SourceText.From(file.Source, System.Text.Encoding.UTF8);
        try
        {
            spc.AddSource(file.HintName, text);
        }
        catch (ArgumentException)
        {
            // Two specs declare the same space in the same namespace: add both, so the C# compiler reports the
            // duplicate type instead of one spec silently winning.
            spc.AddSource(file.HintName.Replace(".g.cs", "." + file.SpecHash + ".g.cs"), text);
        }
    }
}

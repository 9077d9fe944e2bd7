using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoBuild.Generators;

/// <summary>Which AdditionalFiles are specs and results: shared by the generator and the analyzer.</summary>
internal static class SpecInputs
{
    /// <summary>Item metadata our targets set on spec items (declared as CompilerVisibleItemMetadata).</summary>
    public const string SpaceMetadata = "build_metadata.AdditionalFiles.AutoBuildSpace";
    public const string RootNamespaceProperty = "build_property.RootNamespace";
    public const string ResultsSuffix = ".autobuild.json";
    /// <summary>MSBuild property (declared CompilerVisibleProperty by the project that sets it) asking for the TorchSharp
    /// layer file even without a spec: a program that builds models from plans at run time (AutoBuild.Training).</summary>
    public const string LayersProperty = "build_property.AutoBuildTorchSharpLayers";

    /// <summary>A spec: metadata AutoBuildSpace="true", or the plain convention <c>*.space.yaml</c> / <c>*.space.yml</c>
    /// (unless the metadata says "false").</summary>
    public static bool IsSpec(AdditionalText file, AnalyzerConfigOptionsProvider options)
    {
        if (options.GetOptions(file).TryGetValue(SpaceMetadata, out var flag) && !string.IsNullOrWhiteSpace(flag))
            return string.Equals(flag.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        return file.Path.EndsWith(".space.yaml", StringComparison.OrdinalIgnoreCase)
            || file.Path.EndsWith(".space.yml", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsResults(AdditionalText file) => file.Path.EndsWith(ResultsSuffix, StringComparison.OrdinalIgnoreCase);

    public static bool LayersRequested(AnalyzerConfigOptionsProvider options) =>
        options.GlobalOptions.TryGetValue(LayersProperty, out var flag) && string.Equals(flag?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static string? RootNamespace(AnalyzerConfigOptionsProvider options) =>
        options.GlobalOptions.TryGetValue(RootNamespaceProperty, out var ns) && !string.IsNullOrWhiteSpace(ns) ? ns.Trim() : null;
}

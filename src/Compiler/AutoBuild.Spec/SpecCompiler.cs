using System;
using System.Collections.Generic;
using System.IO;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Runtime;

namespace AutoBuild.Spec;

/// <summary>The outcome of compiling a spec: the space (null when there are errors) and every diagnostic.</summary>
public sealed class SpecResult
{
    public SpecResult(SearchSpace? space, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyDictionary<string, SourceLocation>? decisionLocations = null)
    {
        Diagnostics = diagnostics;
        DecisionLocations = decisionLocations ?? new Dictionary<string, SourceLocation>();
        foreach (var d in diagnostics)
            if (d.Severity == Severity.Error) HasErrors = true;
        Space = HasErrors ? null : space;
    }

    public SearchSpace? Space { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    public bool HasErrors { get; }
    /// <summary>Where each decision of <see cref="Space"/> is declared, by decision name (its <c>{ choose: ... }</c>, or
    /// the cell/DAG mapping that makes it): build diagnostics about a decision point there. Empty without a space.</summary>
    public IReadOnlyDictionary<string, SourceLocation> DecisionLocations { get; }
}

/// <summary>The spec front end: YAML → syntax tree with positions → binder → <see cref="SearchSpace"/>, then static
/// checks on the instantiated network (impossible shapes, enumeration size). Never throws on any input.</summary>
public static class SpecCompiler
{
    public static SpecResult Compile(string path, string text)
    {
        var diagnostics = new List<Diagnostic>();
        try
        {
            var root = SyntaxReader.Read(path, text, diagnostics);
            if (root is null || root is ScalarSyntax { IsNull: true })
            {
                if (diagnostics.Count == 0)
                    diagnostics.Add(SpecDiagnostics.MissingKey(new SourceLocation(path, 1, 1), "space", "the spec (it is empty)",
                        "space: MySpace, followed by input, network, ..."));
                return new SpecResult(null, diagnostics);
            }
            var binder = new Binder(path, diagnostics);
            var space = binder.Bind(root);
            if (space is not null) SpaceChecks.Run(space, path, binder.EnumerateKey, (root as MappingSyntax)?.KeyOf("network"), diagnostics);
            return new SpecResult(space, diagnostics, binder.DecisionLocations());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours, never the user's fault: report it instead of crashing the build.
            diagnostics.Add(Diagnostic.Error("AB9001", $"internal failure while compiling the spec: {e.GetType().Name}: {e.Message}",
                SourceLocation.File(path)));
            return new SpecResult(null, diagnostics);
        }
    }

    public static SpecResult CompileFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // A directory reads as "Access to the path is denied", which sends people to check permissions.
            var reason = Directory.Exists(path) ? "it is a directory, not a file" : e.Message.TrimEnd('.');
            return new SpecResult(null, new[] { SpecDiagnostics.File(path, $"cannot read the spec: {reason}; check the path") });
        }
        return Compile(path, text);
    }
}

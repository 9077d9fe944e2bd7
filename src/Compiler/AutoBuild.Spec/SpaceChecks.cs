using System;
using System.Collections.Generic;
using System.Numerics;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

/// <summary>Checks on the bound space: every decision value must give a network whose shapes fit (each value is tried
/// with the other decisions at their first and at their last values), and enumeration, where asked for, must be feasible.</summary>
internal static class SpaceChecks
{
    /// <summary>The largest space the spec may ask to enumerate.</summary>
    public static readonly BigInteger EnumerationLimit = 1_000_000;

    public static void Run(SearchSpace space, string path, SyntaxNode? enumerateKey, List<Diagnostic> diagnostics)
    {
        CheckShapes(space, path, diagnostics);
        if (space.EnumerationRequested)
        {
            var size = space.Size;
            if (size > EnumerationLimit)
                diagnostics.Add(SpecDiagnostics.TooLarge(
                    enumerateKey is null ? SourceLocation.File(path) : new SourceLocation(path, enumerateKey.Line, enumerateKey.Column),
                    $"the space has {size} architectures, too many to enumerate (limit {EnumerationLimit}); remove 'enumerate: true' or shrink the space"));
        }
    }

    private static void CheckShapes(SearchSpace space, string path, List<Diagnostic> diagnostics)
    {
        var reported = new HashSet<object>();
        foreach (var (architecture, why) in Representatives.ForShapeCheck(space))
        {
            try
            {
                space.Instantiate(architecture);
            }
            catch (InvalidArchitectureException)
            {
                // Structurally invalid points (a DAG without an input-output path) are not shape errors of the spec.
            }
            catch (ShapeException e)
            {
                var origin = e.Layer.Origin as SyntaxNode;
                if (!reported.Add((object?)origin ?? e.Layer)) continue;
                var at = origin is null ? SourceLocation.File(path) : new SourceLocation(path, origin.Line, origin.Column);
                diagnostics.Add(SpecDiagnostics.ImpossibleShape(at, $"{e.Message} ({why}); change the layer or the values that lead here"));
                if (reported.Count >= 20) return;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Numerics;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Cost;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

/// <summary>Checks on the bound space: every decision value must give a network whose shapes fit (each value is tried
/// with the other decisions at their first and at their last values), and enumeration, where asked for, must be feasible.</summary>
internal static class SpaceChecks
{
    /// <summary>The largest space the spec may ask to enumerate.</summary>
    public static readonly BigInteger EnumerationLimit = 1_000_000;

    public static void Run(SearchSpace space, string path, SyntaxNode? enumerateKey, SyntaxNode? networkKey, List<Diagnostic> diagnostics)
    {
        CheckShapes(space, path, networkKey, diagnostics);
        if (space.EnumerationRequested)
        {
            var size = space.Size;
            if (size > EnumerationLimit)
                diagnostics.Add(SpecDiagnostics.TooLarge(
                    enumerateKey is null ? SourceLocation.File(path) : new SourceLocation(path, enumerateKey.Line, enumerateKey.Column),
                    $"the space has {size} architectures, too many to enumerate (limit {EnumerationLimit}); remove 'enumerate: true' or shrink the space"));
        }
    }

    private static void CheckShapes(SearchSpace space, string path, SyntaxNode? networkKey, List<Diagnostic> diagnostics)
    {
        var reported = new HashSet<object>();
        var overflowReported = false;
        foreach (var (architecture, why) in Representatives.ForShapeCheck(space))
        {
            try
            {
                var plan = space.Instantiate(architecture);
                CostModel.Params(plan);
                CostModel.Flops(plan);
            }
            catch (OverflowException) when (!overflowReported)
            {
                // Checked arithmetic in the cost model: a count that does not fit 64 bits is an error, never a wrapped number.
                overflowReported = true;
                diagnostics.Add(SpecDiagnostics.TooLarge(
                    networkKey is null ? SourceLocation.File(path) : new SourceLocation(path, networkKey.Line, networkKey.Column),
                    $"the network's parameter or FLOP count exceeds {long.MaxValue:N0} ({why}); use fewer channels or smaller kernels"));
            }
            catch (OverflowException)
            {
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

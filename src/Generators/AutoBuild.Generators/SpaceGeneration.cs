using System;
using System.Collections.Immutable;
using System.IO;
using AutoBuild.Generators.Emit;
using AutoBuild.Spec.Results;
using AutoBuild.Spec;
using AutoBuild.Generators.Model;

namespace AutoBuild.Generators;

/// <summary>The generator's transforms: spec text → compiled spec → the space's source; compiled spec + results text →
/// the results' source. Never throw: an invalid spec gives no output (the analyzer reports it), any other failure a
/// <see cref="GeneratedFile.Failure"/> that the generator reports as AB9002.</summary>
internal static class SpaceGeneration
{
    public static CompiledSpec Compile(SpecFile spec)
    {
        try
        {
            var compiled = SpecCompiler.Compile(spec.Path, spec.Text);
            return new CompiledSpec(spec, compiled.HasErrors ? null : compiled.Space);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new CompiledSpec(spec, null, InternalFailure(e));
        }
    }

    /// <summary>The results files named after the space the spec declares (<c>&lt;Space&gt;.autobuild.json</c>).</summary>
    public static EquatableArray<ResultFile> ResultsOf(CompiledSpec spec, EquatableArray<ResultFile> results)
    {
        var matching = ImmutableArray.CreateBuilder<ResultFile>();
        if (spec.Space is { } space)
            foreach (var file in results)
                if (string.Equals(file.FileName, space.Name + SpecInputs.ResultsSuffix, StringComparison.Ordinal)) matching.Add(file);
        return new EquatableArray<ResultFile>(matching.ToImmutable());
    }

    /// <summary>The space's own file (from the spec alone).</summary>
    public static GeneratedFile? GenerateSpace(CompiledSpec spec, bool torchSharp)
    {
        if (spec.Failure is not null) return new GeneratedFile("", "", PathHash(spec.Source.Path), spec.Failure, spec.Source.Path);
        if (spec.Space is not { } space) return null;
        try
        {
            return new GeneratedFile(SpaceEmitter.HintName(space, spec.Source.RootNamespace), SpaceEmitter.Emit(space, Options(spec, torchSharp, null)), PathHash(spec.Source.Path));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new GeneratedFile("", "", PathHash(spec.Source.Path), InternalFailure(e), spec.Source.Path);
        }
    }

    /// <summary>The results' file: Best, Ranked, Candidates and the best model; none without a results file for this
    /// space (or with one that names no architecture of it: stale after a spec edit, until the next training); a
    /// warning (AB5015) instead when the results file cannot be read or belongs to another space.</summary>
    public static GeneratedFile? GenerateResults(SpaceInput input, bool torchSharp)
    {
        var spec = input.Spec;
        if (spec.Space is not { } space) return null;
        try
        {
            GeneratedFile? unusable = null;
            foreach (var file in input.Results)
            {
                // The file was picked by its name; it must read, and its own "space" must agree too. Otherwise say
                // why at the file (AB5015): without it the user only sees CS0117 "no definition for 'Best'".
                if (!ResultJson.TryReadForCode(file.Text, out var result, out var error) || result is null)
                {
                    var (line, column, reason) = ResultJson.ErrorPosition(error ?? "");
                    unusable ??= Unusable(spec, file, $"{file.FileName} cannot be read: {reason}; Best, Ranked and Candidates of {space.Name} are not generated (build with training on to rewrite it)",
                        Math.Max(0, line - 1), Math.Max(0, column - 1));
                    continue;
                }
                if (!string.Equals(result.Space, space.Name, StringComparison.Ordinal))
                {
                    unusable ??= Unusable(spec, file, $"{file.FileName} holds the results of space '{result.Space}', not of '{space.Name}'; Best, Ranked and Candidates of {space.Name} are not generated (build with training on to rewrite it)");
                    continue;
                }
                var source = ResultsEmitter.Emit(space, Options(spec, torchSharp, result));
                return source is null ? null : new GeneratedFile(ResultsEmitter.HintName(space, spec.Source.RootNamespace), source, PathHash(spec.Source.Path));
            }
            return unusable;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new GeneratedFile("", "", PathHash(spec.Source.Path), InternalFailure(e), spec.Source.Path);
        }
    }

    private static GeneratedFile Unusable(CompiledSpec spec, ResultFile file, string why, int line = 0, int column = 0) =>
        new("", "", PathHash(spec.Source.Path), Warning: why, WarningPath: file.Path, WarningLine: line, WarningColumn: column);

    private static SpaceEmitOptions Options(CompiledSpec spec, bool torchSharp, AutoBuildResult? result) => new()
    {
        FallbackNamespace = spec.Source.RootNamespace,
        SourceName = Path.GetFileName(spec.Source.Path),
        TorchSharp = torchSharp,
        Result = result,
    };

    // A bug of ours on a spec the front end accepted: say so (AB9002) rather than emit nothing silently.
    private static string InternalFailure(Exception e) =>
        $"no code was generated for this spec (internal failure: {e.GetType().Name}: {e.Message}); please report it";

    /// <summary>8 hex digits of FNV-1a over the path, to tell apart two specs that declare the same space.</summary>
    private static string PathHash(string path)
    {
        var hash = 2166136261u;
        foreach (var c in path) hash = unchecked((hash ^ c) * 16777619u);
        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System;
using System.Collections.Immutable;
using System.IO;
using AutoBuild.Generators.Emit;
using AutoBuild.Spec.Results;
using AutoBuild.Spec;
using AutoBuild.Generators.Model;

namespace AutoBuild.Generators;

/// <summary>The generator's one transform: spec text (+ results text) → generated source. Never throws: an invalid
/// spec gives no output (the analyzer reports it), any other failure a <see cref="GeneratedFile.Failure"/> that the
/// generator reports as AB9002.</summary>
internal static class SpaceGeneration
{
    /// <summary>The results files named after the space the spec declares (<c>&lt;Space&gt;.autobuild.json</c>). Cheap
    /// (the YAML is read, not bound), so it can run for every spec whenever any results file changes.</summary>
    public static EquatableArray<ResultFile> ResultsOf(SpecFile spec, EquatableArray<ResultFile> results)
    {
        var name = SpecCompiler.SpaceNameOf(spec.Text);
        var expected = name + SpecInputs.ResultsSuffix;
        var matching = ImmutableArray.CreateBuilder<ResultFile>();
        if (name is not null)
            foreach (var file in results)
                if (string.Equals(file.FileName, expected, StringComparison.Ordinal)) matching.Add(file);
        return new EquatableArray<ResultFile>(matching.ToImmutable());
    }

    public static GeneratedFile? Generate(SpaceInput input, bool torchSharp)
    {
        var spec = input.Spec;
        try
        {
            var compiled = SpecCompiler.Compile(spec.Path, spec.Text);
            var space = compiled.Space;
            if (compiled.HasErrors || space is null) return null;
            AutoBuildResult? result = null;
            // The files were picked by the declared name; the bound space and the file's own "space" must agree too.
            var expected = space.Name + SpecInputs.ResultsSuffix;
            foreach (var file in input.Results)
            {
                if (!string.Equals(file.FileName, expected, StringComparison.Ordinal)) continue;
                if (ResultJson.TryRead(file.Text, out var read, out _) && read is not null && string.Equals(read.Space, space.Name, StringComparison.Ordinal))
                {
                    result = read;
                    break;
                }
            }
            var options = new SpaceEmitOptions
            {
                FallbackNamespace = spec.RootNamespace,
                SourceName = Path.GetFileName(spec.Path),
                TorchSharp = torchSharp,
                Result = result,
            };
            return new GeneratedFile(SpaceEmitter.HintName(space, spec.RootNamespace), SpaceEmitter.Emit(space, options), PathHash(spec.Path));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours on a spec the front end accepted: say so (AB9002) rather than emit nothing silently.
            return new GeneratedFile("", "", PathHash(spec.Path),
                $"no code was generated for this spec (internal failure: {e.GetType().Name}: {e.Message}); please report it", spec.Path);
        }
    }

    /// <summary>8 hex digits of FNV-1a over the path, to tell apart two specs that declare the same space.</summary>
    private static string PathHash(string path)
    {
        var hash = 2166136261u;
        foreach (var c in path) hash = unchecked((hash ^ c) * 16777619u);
        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}

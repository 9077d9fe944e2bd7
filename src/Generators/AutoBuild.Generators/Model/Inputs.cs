namespace AutoBuild.Generators.Model;

// The generator's pipeline models: strings and booleans only (no symbols, syntax, locations or IR objects),
// so that every step caches by value; the one exception is CompiledSpec, whose equality is its source text's.
// ModelPurityTests walks these types to keep it that way.

/// <summary>A search-space spec from AdditionalFiles, with the project's root namespace (the fallback namespace).</summary>
internal sealed record SpecFile(string Path, string Text, string? RootNamespace);

/// <summary>A <c>&lt;Space&gt;.autobuild.json</c> from AdditionalFiles (its full path, to locate a warning about it).</summary>
internal sealed record ResultFile(string Path, string Text)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>A compiled spec with the results files named after its space (<c>&lt;Space&gt;.autobuild.json</c>, usually
/// one or none): the input of the results step, so that editing one space's results re-emits that space's results
/// file only, without compiling its spec again.</summary>
internal sealed record SpaceInput(CompiledSpec Spec, EquatableArray<ResultFile> Results);

/// <summary>One generated source file, or (with <see cref="Failure"/>) why a valid spec produced none. A results file
/// that cannot be used gives no source and a <see cref="Warning"/> located at <see cref="WarningPath"/> (0-based line and
/// column where the JSON error has them).</summary>
internal sealed record GeneratedFile(string HintName, string Source, string SpecHash, string? Failure = null, string? SpecPath = null,
    string? Warning = null, string? WarningPath = null, int WarningLine = 0, int WarningColumn = 0);

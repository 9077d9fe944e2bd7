namespace AutoBuild.Generators.Model;

// The generator's pipeline models: strings and booleans only (no symbols, syntax, locations or IR objects),
// so that every step caches by value. ModelPurityTests walks these types to keep it that way.

/// <summary>A search-space spec from AdditionalFiles, with the project's root namespace (the fallback namespace).</summary>
internal sealed record SpecFile(string Path, string Text, string? RootNamespace);

/// <summary>A <c>&lt;Space&gt;.autobuild.json</c> from AdditionalFiles.</summary>
internal sealed record ResultFile(string FileName, string Text);

/// <summary>A spec with the results files named after its space (<c>&lt;Space&gt;.autobuild.json</c>, usually one or
/// none): the input of the emit step, so that editing one space's results re-emits that space only.</summary>
internal sealed record SpaceInput(SpecFile Spec, EquatableArray<ResultFile> Results);

/// <summary>One generated source file, or (with <see cref="Failure"/>) why a valid spec produced none.</summary>
internal sealed record GeneratedFile(string HintName, string Source, string SpecHash, string? Failure = null, string? SpecPath = null);

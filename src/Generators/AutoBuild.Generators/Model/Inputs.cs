namespace AutoBuild.Generators.Model;

// The generator's pipeline models: strings and booleans only (no symbols, syntax, locations or IR objects),
// so that every step caches by value. ModelPurityTests walks these types to keep it that way.

/// <summary>A search-space spec from AdditionalFiles, with the project's root namespace (the fallback namespace).</summary>
internal sealed record SpecFile(string Path, string Text, string? RootNamespace);

/// <summary>A <c>&lt;Space&gt;.autobuild.json</c> from AdditionalFiles.</summary>
internal sealed record ResultFile(string FileName, string Text);

/// <summary>One generated source file.</summary>
internal sealed record GeneratedFile(string HintName, string Source, string SpecHash);

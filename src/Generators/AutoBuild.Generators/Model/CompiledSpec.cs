using System;
using AutoBuild.Runtime;

namespace AutoBuild.Generators.Model;

/// <summary>A spec compiled once: its bound space, or why none (null space and no failure: the spec has errors, which
/// the analyzer reports). The one pipeline value that holds IR, and on purpose: its equality is its source's, because
/// compiling is a pure function of the spec text and the root namespace; so it caches by value like the strings
/// around it, and a rebuild that rewrites only the results file does not compile the spec again.</summary>
internal sealed class CompiledSpec : IEquatable<CompiledSpec>
{
    public CompiledSpec(SpecFile source, SearchSpace? space, string? failure = null)
    {
        Source = source;
        Space = space;
        Failure = failure;
    }

    public SpecFile Source { get; }
    public SearchSpace? Space { get; }
    /// <summary>An internal failure of ours while compiling a spec (reported as AB9002).</summary>
    public string? Failure { get; }

    public bool Equals(CompiledSpec? other) => other is not null && Source.Equals(other.Source);

    public override bool Equals(object? obj) => Equals(obj as CompiledSpec);

    public override int GetHashCode() => Source.GetHashCode();
}

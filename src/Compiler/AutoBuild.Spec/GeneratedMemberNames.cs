using System;

namespace AutoBuild.Spec;

/// <summary>The members the generator puts on a space's generated classes. They live in the front end, not in
/// the emitter, because the binder must reject a space name that would clash with them (CS0542) while the spec
/// is checked, in `autobuild validate` as well as in the generator.</summary>
public static class GeneratedMemberNames
{
    /// <summary>Members of the generated Architecture class, which decision properties must not take.</summary>
    public static readonly string[] ArchitectureMembers =
        { "Architecture", "Untyped", "Id", "Canonical", "Parse", "TryParse", "From", "Create", "Equals", "GetHashCode", "ToString", "GetType", "Space", "MemberwiseClone", "Finalize", "ReferenceEquals", "ChoiceOf" };

    /// <summary>Members of the generated space class, which enum names must not take.</summary>
    public static readonly string[] SpaceMembers =
        { "Architecture", "Space", "Decisions", "Size", "Sample", "Mutate", "Enumerate", "Params", "Flops", "ToPlan", "Best", "Ranked", "Candidates", "BuildSpace", "Equals", "ReferenceEquals", "GetHashCode", "ToString", "GetType" };

    /// <summary>Locals of generated methods whose parameters are named after decisions (<c>Create</c>), which a
    /// parameter must not take (CS0136): the emitter appends '_' to such a parameter.</summary>
    public static readonly string[] ParameterLocals = { "choices" };

    /// <summary>Whether a space may not be named <paramref name="name"/>: the generated class (named by
    /// <see cref="Identifiers.PascalCase"/>, so 'to_plan' becomes 'ToPlan') would contain a member of the same
    /// name as the class itself (CS0542).</summary>
    public static bool IsReservedTypeName(string name) => Array.IndexOf(SpaceMembers, Identifiers.PascalCase(name, "S")) >= 0;
}

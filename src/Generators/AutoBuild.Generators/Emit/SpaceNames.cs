using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;
using AutoBuild.Spec;

namespace AutoBuild.Generators.Emit;

/// <summary>The C# names of one space's generated members: a property per decision (PascalCase of the dotted
/// name), an enum per distinct categorical domain, a member per value. Clashes are resolved deterministically
/// (declaration order, then a numeric suffix), never by silently sharing a name.</summary>
public sealed class SpaceNames
{
    public SpaceNames(SearchSpace space, string typeName)
    {
        TypeName = typeName;
        var taken = new HashSet<string>(GeneratedMemberNames.ArchitectureMembers, StringComparer.Ordinal) { typeName };
        Properties = space.Decisions.Select(d => Unique(CSharpSyntax.PascalCase(d.Name, "D"), taken)).ToArray();

        var spaceTaken = new HashSet<string>(GeneratedMemberNames.SpaceMembers, StringComparer.Ordinal) { typeName };
        var enums = new string?[space.Decisions.Count];
        var members = new string[space.Decisions.Count][];
        var byDomain = new Dictionary<string, int>(StringComparer.Ordinal);
        var roleNameCount = space.Decisions.Where(d => d.Kind == DecisionKind.Categorical)
            .GroupBy(d => DomainKey(d), StringComparer.Ordinal)
            .GroupBy(g => RoleEnumName(g.First().Role), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        for (var i = 0; i < space.Decisions.Count; i++)
        {
            var d = space.Decisions[i];
            if (d.Kind != DecisionKind.Categorical) continue;
            var key = DomainKey(d);
            if (byDomain.TryGetValue(key, out var first))
            {
                enums[i] = enums[first];
                members[i] = members[first];
                continue;
            }
            byDomain.Add(key, i);
            var roleName = RoleEnumName(d.Role);
            var name = roleName.Length > 0 && roleNameCount[roleName] == 1 ? roleName : Properties[i] + "Choice";
            enums[i] = Unique(name, spaceTaken);
            var memberTaken = new HashSet<string>(StringComparer.Ordinal) { "value__" };
            members[i] = d.Values.Select(v => Unique(CSharpSyntax.PascalCase(v, "V"), memberTaken)).ToArray();
        }
        EnumNames = enums;
        EnumMembers = members;
    }

    public string TypeName { get; }
    /// <summary>The Architecture property of each decision.</summary>
    public IReadOnlyList<string> Properties { get; }
    /// <summary>The enum type of each categorical decision (shared by decisions with the same domain), null otherwise.</summary>
    public IReadOnlyList<string?> EnumNames { get; }
    /// <summary>The enum member of each value of each categorical decision (null entries for other kinds).</summary>
    public IReadOnlyList<string[]> EnumMembers { get; }

    /// <summary>A camelCase parameter name for a property, '@'-escaped when it is a keyword.</summary>
    public static string Parameter(string property)
    {
        var camel = char.ToLowerInvariant(property[0]) + property.Substring(1);
        if (camel[0] == '_') camel = "d" + camel;
        if (Array.IndexOf(GeneratedMemberNames.ParameterLocals, camel) >= 0) camel += "_";
        return CSharpSyntax.IsKeyword(camel) ? "@" + camel : camel;
    }

    private static string DomainKey(Decision d) => string.Join("\u0000", d.Values);

    private static string RoleEnumName(DecisionRole role) => role switch
    {
        DecisionRole.Edge => "EdgeOp",
        DecisionRole.NodeOp => "NodeOp",
        DecisionRole.Op => "Op",
        DecisionRole.Activation => "ActivationChoice",
        _ => "",
    };

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++) candidate = name + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return candidate;
    }
}

using System.Collections.Generic;

namespace AutoBuild.Spec;

/// <summary>Names from a spec become C# identifiers, enum members and namespaces in generated code, so they are
/// restricted to ASCII letters, digits and '_' (no leading digit, no C# keyword): no spec can inject code.</summary>
public static class Identifiers
{
    private static readonly HashSet<string> Keywords = new(System.StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Whether <paramref name="name"/> is a reserved C# keyword (shared with the emitter's CSharpSyntax).</summary>
    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>Null when <paramref name="name"/> is a safe identifier, else why not.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "it is empty";
        if (name.Length > 128) return "it is longer than 128 characters";
        if (name[0] >= '0' && name[0] <= '9') return "it starts with a digit";
        foreach (var c in name)
        {
            var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) return c > 127 ? "it contains a non-ASCII character" : $"it contains '{c}'";
        }
        if (Keywords.Contains(name)) return "it is a C# keyword";
        if (name.StartsWith("__", System.StringComparison.Ordinal)) return "names starting with '__' are reserved";
        return null;
    }

    /// <summary>A PascalCase identifier from a dotted/snake name: "s1.l2.kernel" → "S1L2Kernel", "nor_conv_3x3" →
    /// "NorConv3x3". Anything but ASCII letters and digits separates words; a leading digit gets <paramref name="digitPrefix"/>.
    /// The generator names types and properties this way.</summary>
    public static string PascalCase(string name, string digitPrefix = "_")
    {
        var sb = new System.Text.StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else upperNext = true;
        }
        if (sb.Length == 0) return "Unnamed";
        if (char.IsDigit(sb[0])) sb.Insert(0, digitPrefix);
        return sb.ToString();
    }

    /// <summary>Checks each '.'-separated segment (dotted decision names, namespaces).</summary>
    public static string? DottedProblem(string name)
    {
        if (name.Length == 0) return "it is empty";
        foreach (var segment in name.Split('.'))
        {
            var p = Problem(segment);
            if (p is not null) return segment.Length == 0 ? "it has an empty segment" : $"segment '{segment}': {p}";
        }
        return null;
    }
}

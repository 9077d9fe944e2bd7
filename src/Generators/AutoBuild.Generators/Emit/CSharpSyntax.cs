using System;
using System.Globalization;
using System.Text;

namespace AutoBuild.Generators.Emit;

/// <summary>Turns spec text into C# tokens that cannot change the meaning of the generated code: every string
/// becomes an escaped literal (only printable ASCII survives unescaped), every identifier is reduced to
/// ASCII letters, digits and '_' (keywords get '@'), every doc comment is XML-escaped on one line. The spec
/// front end already rejects unsafe names; this is the second, independent layer.</summary>
public static class CSharpSyntax
{
    /// <summary>A C# regular string literal for any text.</summary>
    public static string StringLiteral(string? value)
    {
        if (value is null) return "null";
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c >= 0x20 && c <= 0x7E) sb.Append(c);
                    else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Text for a one-line XML doc comment: markup characters escaped, non-ASCII as character
    /// references, control characters (line breaks included) as spaces, so nothing can leave the comment.</summary>
    public static string XmlDocText(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default:
                    if (c >= 0x20 && c <= 0x7E) sb.Append(c);
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        sb.Append("&#x").Append(char.ConvertToUtf32(c, value[i + 1]).ToString("X", CultureInfo.InvariantCulture)).Append(';');
                        i++;
                    }
                    else if (c > 0x9F && !char.IsSurrogate(c) && c != '\u2028' && c != '\u2029' && c != '\uFFFE' && c != '\uFFFF')
                        sb.Append("&#x").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append(';');
                    else sb.Append(' ');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A PascalCase identifier from a dotted/snake name (<see cref="Spec.Identifiers.PascalCase"/>, which the
    /// front end also uses to refuse space names that would clash with generated members).</summary>
    public static string PascalCase(string name, string digitPrefix = "_") => Spec.Identifiers.PascalCase(name, digitPrefix);

    /// <summary>An identifier that is safe as written: kept when it is an ASCII identifier (with '@' when it is a
    /// keyword), otherwise every other character becomes '_'.</summary>
    public static string Identifier(string name)
    {
        if (name.Length == 0) return "Unnamed";
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) sb.Append(IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        if (char.IsDigit(sb[0])) sb.Insert(0, '_');
        var id = sb.ToString();
        return IsKeyword(id) ? "@" + id : id;
    }

    /// <summary>A dotted namespace with each segment made safe by <see cref="Identifier"/>.</summary>
    public static string Namespace(string dotted)
    {
        var parts = dotted.Split('.');
        for (var i = 0; i < parts.Length; i++) parts[i] = Identifier(parts[i]);
        return string.Join(".", parts);
    }

    public static bool IsKeyword(string name) => Spec.Identifiers.IsKeyword(name);

    public static string Literal(bool value) => value ? "true" : "false";

    public static string Literal(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    public static string Literal(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        return value.ToString("R", CultureInfo.InvariantCulture) + "d";
    }

    public static string Literal(float value)
    {
        if (float.IsNaN(value)) return "float.NaN";
        if (float.IsPositiveInfinity(value)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(value)) return "float.NegativeInfinity";
        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    private static bool IsAsciiLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
}

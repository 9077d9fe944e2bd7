using System.Text;

namespace AutoBuild.Reports;

/// <summary>Escaping for XML/XHTML text and attributes (the HTML report is well-formed XML, SVG included).</summary>
internal static class Markup
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\t': case '\n': case '\r': sb.Append(' '); break;
                default:
                    // Characters XML 1.0 forbids (other control characters, lone surrogates, U+FFFE/U+FFFF) would make
                    // the document unreadable; they are replaced rather than dropped silently.
                    if (c < 0x20 || c == '\uFFFE' || c == '\uFFFF') sb.Append('\uFFFD');
                    else sb.Append(c);
                    break;
            }
        }
        var s = sb.ToString();
        return HasLoneSurrogate(s) ? ReplaceLoneSurrogates(s) : s;
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    private static string ReplaceLoneSurrogates(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(s[i]).Append(s[i + 1]); i++; }
            else sb.Append(char.IsSurrogate(s[i]) ? '\uFFFD' : s[i]);
        }
        return sb.ToString();
    }
}

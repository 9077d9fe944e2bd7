using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AutoBuild.Reports.Document;

/// <summary>Renders a report as GitHub-flavoured Markdown (tables instead of charts), for pull-request review.</summary>
internal static class MarkdownRenderer
{
    public static string Render(ReportDocument doc)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(Inline(doc.Title)).Append("\n\n");
        sb.Append(Inline(doc.Subtitle)).Append("\n\n");
        sb.Append("Contents: ").Append(string.Join(" · ", doc.Sections.Select(s => "[" + Inline(s.Title) + "](#" + s.Id + ")"))).Append("\n\n");
        foreach (var section in doc.Sections)
        {
            sb.Append("<a id=\"").Append(section.Id).Append("\"></a>\n\n");
            sb.Append("## ").Append(Inline(section.Title)).Append("\n\n");
            sb.Append("*").Append(Inline(section.HowToRead)).Append("*\n\n");
            foreach (var block in section.Blocks) RenderBlock(sb, block);
        }
        return sb.ToString();
    }

    private static void RenderBlock(StringBuilder sb, Block block)
    {
        switch (block)
        {
            case Paragraph p:
                sb.Append(Inline(p.Text)).Append("\n\n");
                break;
            case Heading h:
                sb.Append("### ").Append(Inline(h.Text)).Append("\n\n");
                break;
            case Notes n:
                foreach (var item in n.Items)
                    sb.Append(n.Tone == "warning" ? "- ⚠ " : "- ").Append(Inline(item)).Append('\n');
                sb.Append('\n');
                break;
            case Table t:
                RenderTable(sb, t);
                break;
            case Figure f:
                if (f.Data is not null) RenderTable(sb, f.Data with { Caption = f.Data.Caption.Length > 0 ? f.Data.Caption : f.Caption });
                else sb.Append(Inline(f.Caption)).Append("\n\n");
                break;
            case Stats st:
                RenderTable(sb, new Table("", new[] { "headline", "value", "note" }, new[] { Align.Left, Align.Right, Align.Left },
                    st.Items.Select(i => (IReadOnlyList<string>)new[] { i.Label, i.Value, i.Note }).ToList()));
                break;
            case FigureRow row:
                foreach (var f in row.Figures) RenderBlock(sb, f);
                break;
        }
    }

    public static void RenderTable(StringBuilder sb, Table t)
    {
        if (t.Caption.Length > 0) sb.Append("**").Append(Inline(t.Caption)).Append("**\n\n");
        if (t.Rows.Count == 0)
        {
            sb.Append("(none)\n\n");
            return;
        }
        sb.Append('|');
        foreach (var h in t.Headers) sb.Append(' ').Append(Cell(h)).Append(" |");
        sb.Append("\n|");
        for (var i = 0; i < t.Headers.Count; i++) sb.Append(AlignAt(t, i) == Align.Right ? "---:|" : "---|");
        sb.Append('\n');
        for (var r = 0; r < t.Rows.Count; r++)
        {
            var strong = t.Highlight.Contains(r);
            sb.Append('|');
            for (var i = 0; i < t.Headers.Count; i++)
            {
                var text = i < t.Rows[r].Count ? Cell(t.Rows[r][i]) : "";
                sb.Append(' ').Append(strong && text.Length > 0 ? "**" + text + "**" : text).Append(" |");
            }
            sb.Append('\n');
        }
        sb.Append('\n');
    }

    private static Align AlignAt(Table t, int i) => i < t.Aligns.Count ? t.Aligns[i] : Align.Left;

    /// <summary>A table cell: pipes escaped, line breaks flattened, Markdown-active characters escaped.</summary>
    private static string Cell(string s) => Inline(s).Replace("|", "\\|");

    /// <summary>Escapes characters Markdown would interpret, except inside `code` spans (which stay code).</summary>
    public static string Inline(string s)
    {
        var sb = new StringBuilder(s.Length);
        var inCode = false;
        var text = s.Replace("\r", "").Replace('\n', ' ');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '`') { inCode = !inCode; sb.Append(c); continue; }
            if (!inCode && NeedsEscape(text, i)) sb.Append('\\');
            sb.Append(c);
        }
        if (inCode) sb.Append('`');
        return sb.ToString();
    }

    // An underscore inside a word (edge_01) never starts emphasis in GFM, so it stays readable unescaped.
    private static bool NeedsEscape(string text, int i) => text[i] switch
    {
        '*' or '[' or ']' or '<' or '>' or '#' or '\\' => true,
        '_' => !(i > 0 && char.IsLetterOrDigit(text[i - 1]) && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])),
        _ => false,
    };
}

using System.Linq;
using System.Text;

namespace AutoBuild.Reports.Document;

/// <summary>
/// Renders a report as one self-contained HTML page: inline CSS and SVG, no scripts, no external assets. The
/// page is also well-formed XML (polyglot XHTML), so tests can parse it. Responsive: figures shrink to the
/// viewport, wide drawings scroll sideways on phones, tables scroll inside their own box.
/// </summary>
internal static class HtmlRenderer
{
    public static string Render(ReportDocument doc, string footer)
    {
        var sb = new StringBuilder(256 * 1024);
        sb.Append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        sb.Append("<title>").Append(Markup.Escape(doc.Title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        sb.Append("<header class=\"top\"><h1>").Append(Markup.Escape(doc.Title)).Append("</h1><p class=\"sub\">").Append(InlineHtml(doc.Subtitle)).Append("</p>\n<nav aria-label=\"Sections\">");
        foreach (var s in doc.Sections) sb.Append("<a href=\"#").Append(s.Id).Append("\">").Append(Markup.Escape(s.Title)).Append("</a>");
        sb.Append("</nav></header>\n<main>\n");
        foreach (var section in doc.Sections)
        {
            sb.Append("<section id=\"").Append(section.Id).Append("\" aria-labelledby=\"").Append(section.Id).Append("-h\">\n");
            sb.Append("<h2 id=\"").Append(section.Id).Append("-h\">").Append(Markup.Escape(section.Title)).Append("</h2>\n");
            sb.Append("<p class=\"how\">").Append(InlineHtml(section.HowToRead)).Append("</p>\n");
            foreach (var block in section.Blocks) RenderBlock(sb, block);
            sb.Append("</section>\n");
        }
        sb.Append("</main>\n<footer>").Append(InlineHtml(footer)).Append("</footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void RenderBlock(StringBuilder sb, Block block)
    {
        switch (block)
        {
            case Paragraph p:
                sb.Append("<p>").Append(InlineHtml(p.Text)).Append("</p>\n");
                break;
            case Heading h:
                sb.Append("<h3>").Append(InlineHtml(h.Text)).Append("</h3>\n");
                break;
            case Notes n:
                sb.Append("<ul class=\"notes ").Append(n.Tone == "warning" ? "warning" : "note").Append("\">");
                foreach (var item in n.Items) sb.Append("<li>").Append(InlineHtml(item)).Append("</li>");
                sb.Append("</ul>\n");
                break;
            case Stats st:
                sb.Append("<div class=\"stats\">");
                foreach (var i in st.Items)
                    sb.Append("<div class=\"stat\"><div class=\"label\">").Append(Markup.Escape(i.Label)).Append("</div><div class=\"value\">")
                        .Append(Markup.Escape(i.Value)).Append("</div><div class=\"note\">").Append(InlineHtml(i.Note)).Append("</div></div>");
                sb.Append("</div>\n");
                break;
            case Table t:
                RenderTable(sb, t);
                break;
            case Figure f:
                sb.Append("<figure><div class=\"chart").Append(f.Wide ? " wide" : "").Append("\">").Append(f.Svg).Append("</div><figcaption>")
                    .Append(InlineHtml(f.Caption)).Append("</figcaption>");
                if (f.Data is not null)
                {
                    sb.Append("<details><summary>The data behind this chart</summary>");
                    RenderTable(sb, f.Data);
                    sb.Append("</details>");
                }
                sb.Append("</figure>\n");
                break;
            case FigureRow row:
                sb.Append("<div class=\"figrow\">\n");
                foreach (var f in row.Figures) RenderBlock(sb, f);
                sb.Append("</div>\n");
                break;
        }
    }

    private static void RenderTable(StringBuilder sb, Table t)
    {
        sb.Append("<div class=\"table-wrap\"><table>");
        if (t.Caption.Length > 0) sb.Append("<caption>").Append(InlineHtml(t.Caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        for (var i = 0; i < t.Headers.Count; i++)
            sb.Append("<th scope=\"col\"").Append(Right(t, i) ? " class=\"num\"" : "").Append('>').Append(Markup.Escape(t.Headers[i])).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        if (t.Rows.Count == 0)
            sb.Append("<tr><td colspan=\"").Append(System.Math.Max(1, t.Headers.Count)).Append("\">(none)</td></tr>");
        for (var r = 0; r < t.Rows.Count; r++)
        {
            sb.Append(t.Highlight.Contains(r) ? "<tr class=\"hl\">" : "<tr>");
            for (var i = 0; i < t.Headers.Count; i++)
                sb.Append(Right(t, i) ? "<td class=\"num\">" : "<td>").Append(i < t.Rows[r].Count ? InlineHtml(t.Rows[r][i]) : "").Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></div>\n");
    }

    private static bool Right(Table t, int i) => i < t.Aligns.Count && t.Aligns[i] == Align.Right;

    /// <summary>Escaped text with `code` spans turned into &lt;code&gt; elements.</summary>
    public static string InlineHtml(string text)
    {
        var parts = text.Split('`');
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1 && i < parts.Length) sb.Append("<code>").Append(Markup.Escape(parts[i])).Append("</code>");
            else sb.Append(Markup.Escape(parts[i]));
        }
        return sb.ToString();
    }

    private const string Css = @"
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#1f2328;background:#f3f5f7;line-height:1.5;font-size:16px}
header.top{background:#ffffff;border-bottom:1px solid #d8dee4;padding:18px 24px}
header.top h1{margin:0;font-size:1.55rem;line-height:1.25}
header.top .sub{margin:4px 0 0;color:#57606a}
nav{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:10px}
nav a{color:#0550ae;text-decoration:none;font-size:.95rem}
nav a:hover,nav a:focus{text-decoration:underline}
main{max-width:1180px;margin:0 auto;padding:8px 16px 24px}
section{background:#ffffff;border:1px solid #d8dee4;border-radius:8px;padding:16px 20px;margin:16px 0}
h2{margin:0 0 2px;font-size:1.3rem}
h3{margin:18px 0 6px;font-size:1.05rem}
p{margin:6px 0 10px}
p.how{margin:0 0 14px;color:#57606a;max-width:80ch}
.table-wrap{overflow-x:auto;margin:6px 0 14px;max-width:100%}
table{border-collapse:collapse;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:2px 0 6px}
th,td{padding:4px 10px;border-bottom:1px solid #e6eaef;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.hl td{background:#fff4d6;font-weight:600}
td code{white-space:nowrap;overflow-wrap:normal}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86em;background:#f3f5f7;padding:0 3px;border-radius:3px;overflow-wrap:anywhere}
figure{margin:6px 0 18px;min-width:0}
.chart{overflow-x:auto}
.chart svg{display:block;max-width:100%;height:auto}
figcaption{color:#57606a;font-size:.9rem;margin-top:4px;max-width:90ch}
details{margin-top:4px}
details summary{cursor:pointer;color:#0550ae;font-size:.9rem}
.figrow{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,460px),1fr));gap:8px 24px;align-items:start}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,160px),1fr));gap:10px;margin:4px 0 16px}
.stat{border:1px solid #d8dee4;border-radius:8px;padding:10px 12px;background:#fbfcfd}
.stat .label{font-size:.82rem;color:#57606a;text-transform:uppercase;letter-spacing:.03em;overflow-wrap:anywhere}
.stat .value{font-size:1.45rem;font-weight:650;font-variant-numeric:tabular-nums}
.stat .note{font-size:.85rem;color:#57606a}
ul.notes{padding-left:0;list-style:none;margin:6px 0 12px}
ul.notes li{padding:6px 10px;margin:4px 0;border-radius:6px;border-left:4px solid #0072B2;background:#eef6fb;overflow-wrap:anywhere}
ul.notes.warning li{border-left-color:#D55E00;background:#fdf0e8}
footer{max-width:1180px;margin:0 auto;padding:0 16px 24px;color:#57606a;font-size:.85rem}
@media (max-width:700px){
 body{font-size:15px}
 header.top{padding:12px 14px}
 main{padding:4px 8px 16px}
 section{padding:12px;margin:10px 0}
 .chart.wide svg{max-width:none;width:760px}
}
@media print{body{background:#ffffff}section{border:none;break-inside:avoid-page}details{display:none}}
";
}

using System.Collections.Generic;

namespace AutoBuild.Reports.Document;

/// <summary>
/// The report as content, independent of its format: sections of paragraphs, tables and figures. The Markdown
/// renderer prints every figure's data table in place of the chart, the HTML renderer draws the chart and keeps
/// the table one click away, so both files carry the same content.
/// </summary>
internal sealed record ReportDocument(string Title, string Subtitle, IReadOnlyList<Section> Sections);

/// <param name="Id">Stable HTML anchor (the browser test checks every one is present).</param>
/// <param name="HowToRead">One or two plain sentences that say how to read the section.</param>
internal sealed record Section(string Id, string Title, string HowToRead, IReadOnlyList<Block> Blocks);

internal abstract record Block;

/// <summary>Plain text; <c>`code`</c> spans are rendered as code in both formats.</summary>
internal sealed record Paragraph(string Text) : Block;

/// <summary>A short list of notes (warnings, say); <paramref name="Tone"/> is "warning" or "note".</summary>
internal sealed record Notes(string Tone, IReadOnlyList<string> Items) : Block;

/// <summary>A small sub-heading inside a section.</summary>
internal sealed record Heading(string Text) : Block;

internal enum Align { Left, Right }

/// <summary>A table; a column is right-aligned when it holds numbers. Cells are plain text.</summary>
internal sealed record Table(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<Align> Aligns, IReadOnlyList<IReadOnlyList<string>> Rows) : Block
{
    /// <summary>Rows to emphasise (by index), e.g. the architecture AutoBuild chose.</summary>
    public IReadOnlySet<int> Highlight { get; init; } = new HashSet<int>();
}

/// <summary>A chart (inline SVG) with a caption and the table of the data it shows.</summary>
/// <param name="Wide">A wide drawing that stays legible on a phone by scrolling sideways instead of shrinking.</param>
internal sealed record Figure(string Svg, string Caption, Table? Data, bool Wide = false) : Block;

/// <summary>A few headline numbers shown as tiles (a two-column table in Markdown).</summary>
internal sealed record Stats(IReadOnlyList<Stat> Items) : Block;

internal sealed record Stat(string Label, string Value, string Note);

/// <summary>Figures laid out side by side on wide screens, stacked on narrow ones.</summary>
internal sealed record FigureRow(IReadOnlyList<Figure> Figures) : Block;

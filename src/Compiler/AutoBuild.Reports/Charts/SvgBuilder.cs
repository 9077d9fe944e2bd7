using System.Text;

namespace AutoBuild.Reports.Charts;

/// <summary>
/// Writes one SVG image as well-formed XML with a title and a description (the text alternative screen readers
/// announce). Every element carries its style inline in attributes, so the image needs no stylesheet and looks
/// the same embedded in HTML or saved on its own. Coordinates are rounded to two decimals for stable bytes.
/// </summary>
internal sealed class SvgBuilder
{
    private readonly StringBuilder _body = new();
    private readonly string _id;
    private readonly string _title;
    private readonly string _desc;

    public SvgBuilder(string id, double width, double height, string title, string desc)
    {
        _id = id;
        Width = width;
        Height = height;
        _title = title;
        _desc = desc;
    }

    public double Width { get; }
    public double Height { get; }

    public SvgBuilder Rect(double x, double y, double w, double h, string fill, string? stroke = null, double rx = 0, string? tooltip = null, double strokeWidth = 1)
    {
        _body.Append("<rect x=\"").Append(C(x)).Append("\" y=\"").Append(C(y)).Append("\" width=\"").Append(C(System.Math.Max(0, w)))
            .Append("\" height=\"").Append(C(System.Math.Max(0, h))).Append("\" fill=\"").Append(fill).Append('"');
        if (rx > 0) _body.Append(" rx=\"").Append(C(rx)).Append('"');
        if (stroke is not null) _body.Append(" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(C(strokeWidth)).Append('"');
        return CloseWithTooltip("rect", tooltip);
    }

    public SvgBuilder Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        _body.Append("<line x1=\"").Append(C(x1)).Append("\" y1=\"").Append(C(y1)).Append("\" x2=\"").Append(C(x2)).Append("\" y2=\"").Append(C(y2))
            .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(C(width)).Append('"');
        if (dash is not null) _body.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        _body.Append("/>");
        return this;
    }

    public SvgBuilder Circle(double cx, double cy, double r, string fill, string? stroke = null, double opacity = 1, string? tooltip = null, double strokeWidth = 1)
    {
        _body.Append("<circle cx=\"").Append(C(cx)).Append("\" cy=\"").Append(C(cy)).Append("\" r=\"").Append(C(r)).Append("\" fill=\"").Append(fill).Append('"');
        if (opacity < 1) _body.Append(" fill-opacity=\"").Append(C(opacity)).Append('"');
        if (stroke is not null) _body.Append(" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(C(strokeWidth)).Append('"');
        return CloseWithTooltip("circle", tooltip);
    }

    /// <summary>A path from raw path data (built with <see cref="C"/> so it stays deterministic).</summary>
    public SvgBuilder Path(string d, string stroke, double width = 1, string fill = "none", string? dash = null, string? tooltip = null, string? markerEnd = null)
    {
        _body.Append("<path d=\"").Append(d).Append("\" fill=\"").Append(fill).Append("\" stroke=\"").Append(stroke)
            .Append("\" stroke-width=\"").Append(C(width)).Append('"');
        if (dash is not null) _body.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        if (markerEnd is not null) _body.Append(" marker-end=\"url(#").Append(_id).Append('-').Append(markerEnd).Append(")\"");
        return CloseWithTooltip("path", tooltip);
    }

    /// <summary>Text; <paramref name="anchor"/> is start, middle or end. Rotation is about the anchor point.</summary>
    public SvgBuilder Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = Palette.Ink,
        bool bold = false, double rotate = 0, string? tooltip = null, bool mono = false)
    {
        _body.Append("<text x=\"").Append(C(x)).Append("\" y=\"").Append(C(y)).Append("\" font-size=\"").Append(C(size)).Append('"');
        if (anchor != "start") _body.Append(" text-anchor=\"").Append(anchor).Append('"');
        if (fill != Palette.Ink) _body.Append(" fill=\"").Append(fill).Append('"');
        if (bold) _body.Append(" font-weight=\"bold\"");
        if (mono) _body.Append(" font-family=\"ui-monospace, SFMono-Regular, Menlo, Consolas, monospace\"");
        if (rotate != 0) _body.Append(" transform=\"rotate(").Append(C(rotate)).Append(' ').Append(C(x)).Append(' ').Append(C(y)).Append(")\"");
        _body.Append('>');
        if (tooltip is not null) _body.Append("<title>").Append(Markup.Escape(tooltip)).Append("</title>");
        _body.Append(Markup.Escape(text)).Append("</text>");
        return this;
    }

    /// <summary>Groups the following elements; the tooltip is shown on hover and read by screen readers.</summary>
    public SvgBuilder BeginGroup(string? tooltip = null, string? cssClass = null)
    {
        _body.Append("<g");
        if (cssClass is not null) _body.Append(" class=\"").Append(Markup.Escape(cssClass)).Append('"');
        _body.Append('>');
        if (tooltip is not null) _body.Append("<title>").Append(Markup.Escape(tooltip)).Append("</title>");
        return this;
    }

    public SvgBuilder EndGroup()
    {
        _body.Append("</g>");
        return this;
    }

    /// <summary>Declares an arrow-head marker that paths reference with <c>markerEnd: name</c>.</summary>
    public SvgBuilder ArrowMarker(string name, string fill)
    {
        _body.Append("<defs><marker id=\"").Append(_id).Append('-').Append(name)
            .Append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
            .Append(fill).Append("\"/></marker></defs>");
        return this;
    }

    /// <summary>A horizontal legend ramp of the sequential palette, labelled with its low and high values.</summary>
    public SvgBuilder RampLegend(double x, double y, double w, string low, string high, string caption)
    {
        const int steps = 24;
        for (var i = 0; i < steps; i++)
            Rect(x + w * i / steps, y, w / steps + 0.5, 10, Palette.Sequential(i / (double)(steps - 1)));
        Rect(x, y, w, 10, "none", Palette.Muted, strokeWidth: 0.5);
        Text(x, y + 23, low, 11, fill: Palette.Muted);
        Text(x + w, y + 23, high, 11, "end", Palette.Muted);
        Text(x + w / 2, y - 5, caption, 11, "middle", Palette.Muted);
        return this;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(_body.Length + 512);
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(C(Width)).Append(' ').Append(C(Height))
            .Append("\" width=\"").Append(C(Width)).Append("\" height=\"").Append(C(Height))
            .Append("\" role=\"img\" aria-labelledby=\"").Append(_id).Append("-title ").Append(_id).Append("-desc\" id=\"").Append(_id)
            .Append("\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\">");
        sb.Append("<title id=\"").Append(_id).Append("-title\">").Append(Markup.Escape(_title)).Append("</title>");
        sb.Append("<desc id=\"").Append(_id).Append("-desc\">").Append(Markup.Escape(_desc)).Append("</desc>");
        sb.Append(_body);
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Rough text width for layout (average glyph ≈ 0.56 em in a sans-serif face).</summary>
    public static double TextWidth(string text, double size) => text.Length * size * 0.56;

    /// <summary>A coordinate, formatted for SVG.</summary>
    public static string C(double v) => Fmt.Coord(v);

    private SvgBuilder CloseWithTooltip(string element, string? tooltip)
    {
        if (tooltip is null) { _body.Append("/>"); return this; }
        _body.Append("><title>").Append(Markup.Escape(tooltip)).Append("</title></").Append(element).Append('>');
        return this;
    }
}

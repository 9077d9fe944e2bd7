using System.Xml;
using System.Xml.Linq;

namespace AutoBuild.Reports.Tests;

/// <summary>Parses SVG and XHTML with System.Xml, so malformed markup fails the test.</summary>
internal static class SvgAssert
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>Parses one SVG image and checks it carries a title and a description (its text alternative).</summary>
    public static XElement WellFormed(string svg)
    {
        var root = XElement.Parse(svg);
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        var title = root.Element(Svg + "title");
        var desc = root.Element(Svg + "desc");
        Assert.NotNull(title);
        Assert.NotNull(desc);
        Assert.False(string.IsNullOrWhiteSpace(title!.Value));
        Assert.False(string.IsNullOrWhiteSpace(desc!.Value));
        return root;
    }

    public static XDocument ParseXhtml(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    public static IEnumerable<XElement> All(XElement root, string name) => root.Descendants(Svg + name);
}

using System.Globalization;
using System.Text;

namespace AutoBuild.Generators.Emit;

/// <summary>An indented text writer for generated C#: four-space indents and '\n' line ends on every
/// platform, so generated files are byte-identical everywhere.</summary>
public sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string text = "")
    {
        if (text.Length > 0) _text.Append(' ', _indent * 4).Append(text);
        _text.Append('\n');
        return this;
    }

    public CodeWriter Line(string format, params object[] args) => Line(string.Format(CultureInfo.InvariantCulture, format, args));

    /// <summary>Writes <paramref name="header"/> then "{" and indents until the returned scope is disposed.</summary>
    public Block Open(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _indent++;
        return new Block(this, "}");
    }

    /// <summary>Like <see cref="Open"/>, closing with "};" (initialisers).</summary>
    public Block OpenInitializer(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Block(this, "};");
    }

    /// <summary>A /// summary comment; <paramref name="text"/> is escaped for XML and kept on one line.</summary>
    public CodeWriter Summary(string text) => Line("/// <summary>" + CSharpSyntax.XmlDocText(text) + "</summary>");

    /// <summary>A /// summary of fixed, trusted XML (may contain &lt;paramref/&gt; and &lt;see/&gt;); never spec text.</summary>
    public CodeWriter SummaryXml(string trustedXml) => Line("/// <summary>" + trustedXml + "</summary>");

    public override string ToString() => _text.ToString();

    public readonly struct Block : System.IDisposable
    {
        private readonly CodeWriter _writer;
        private readonly string _close;

        internal Block(CodeWriter writer, string close)
        {
            _writer = writer;
            _close = close;
        }

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line(_close);
        }
    }
}

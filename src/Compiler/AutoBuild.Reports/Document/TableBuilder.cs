using System.Collections.Generic;
using System.Linq;

namespace AutoBuild.Reports.Document;

/// <summary>Builds a <see cref="Table"/> row by row. Column names ending in '#' are numeric (right-aligned).</summary>
internal sealed class TableBuilder
{
    private readonly string _caption;
    private readonly List<string> _headers = new();
    private readonly List<Align> _aligns = new();
    private readonly List<IReadOnlyList<string>> _rows = new();
    private readonly HashSet<int> _highlight = new();

    public TableBuilder(string caption, params string[] columns)
    {
        _caption = caption;
        foreach (var c in columns)
        {
            var numeric = c.EndsWith('#');
            _headers.Add(numeric ? c[..^1] : c);
            _aligns.Add(numeric ? Align.Right : Align.Left);
        }
    }

    public int Count => _rows.Count;

    public TableBuilder Row(params string[] cells) => Row(false, cells);

    public TableBuilder Row(bool highlight, params string[] cells)
    {
        if (highlight) _highlight.Add(_rows.Count);
        _rows.Add(cells.ToList());
        return this;
    }

    public Table Build() => new(_caption, _headers, _aligns, _rows) { Highlight = _highlight };
}

using System;
using System.Collections.Generic;

namespace AutoBuild.Spec;

/// <summary>A YAML node with its 1-based position; the front end's syntax tree.</summary>
internal abstract class SyntaxNode
{
    protected SyntaxNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }
    public int Column { get; }
    public abstract string KindName { get; }
}

internal sealed class ScalarSyntax : SyntaxNode
{
    public ScalarSyntax(string value, bool quoted, int line, int column) : base(line, column)
    {
        Value = value;
        Quoted = quoted;
    }

    public string Value { get; }
    /// <summary>Quoted scalars are always strings; plain ones may be numbers, booleans or null.</summary>
    public bool Quoted { get; }
    /// <summary>A plain empty value, `~` or `null`.</summary>
    public bool IsNull => !Quoted && (Value.Length == 0 || Value == "~" || Value == "null");
    public override string KindName => IsNull ? "an empty value" : $"'{Value}'";
}

internal sealed class SequenceSyntax : SyntaxNode
{
    public SequenceSyntax(int line, int column) : base(line, column) { }
    public List<SyntaxNode> Items { get; } = new();
    public override string KindName => "a list";
}

internal sealed class MappingSyntax : SyntaxNode
{
    private readonly List<KeyValuePair<ScalarSyntax, SyntaxNode>> _entries = new();
    // First occurrence of each key, so lookups and the duplicate-key check stay linear in the size of the file
    // (a list scan made 200,000 keys take minutes).
    private readonly Dictionary<string, ScalarSyntax> _firstKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SyntaxNode> _firstValues = new(StringComparer.Ordinal);

    public MappingSyntax(int line, int column) : base(line, column) { }
    public IReadOnlyList<KeyValuePair<ScalarSyntax, SyntaxNode>> Entries => _entries;
    public override string KindName => "a mapping";

    public void Add(ScalarSyntax key, SyntaxNode value)
    {
        _entries.Add(new KeyValuePair<ScalarSyntax, SyntaxNode>(key, value));
        if (_firstKeys.ContainsKey(key.Value)) return;
        _firstKeys.Add(key.Value, key);
        _firstValues.Add(key.Value, value);
    }

    public SyntaxNode? Get(string key) => _firstValues.TryGetValue(key, out var value) ? value : null;

    public ScalarSyntax? KeyOf(string key) => _firstKeys.TryGetValue(key, out var k) ? k : null;
}

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
    public MappingSyntax(int line, int column) : base(line, column) { }
    public List<KeyValuePair<ScalarSyntax, SyntaxNode>> Entries { get; } = new();
    public override string KindName => "a mapping";

    public SyntaxNode? Get(string key)
    {
        foreach (var e in Entries)
            if (string.Equals(e.Key.Value, key, StringComparison.Ordinal)) return e.Value;
        return null;
    }

    public ScalarSyntax? KeyOf(string key)
    {
        foreach (var e in Entries)
            if (string.Equals(e.Key.Value, key, StringComparison.Ordinal)) return e.Key;
        return null;
    }
}

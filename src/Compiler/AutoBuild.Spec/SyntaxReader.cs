using System;
using System.Collections.Generic;
using System.IO;
using AutoBuild.Spec.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AutoBuild.Spec;

/// <summary>Reads YAML into <see cref="SyntaxNode"/>s from YamlDotNet's parser events, iteratively (no recursion,
/// so hostile nesting cannot overflow the stack). Anchors, aliases, tags and multiple documents are refused:
/// reuse belongs in `ops:`, and refusing aliases rules out exponential expansion.</summary>
internal static class SyntaxReader
{
    public const int MaxDepth = SpecLimits.MaxYamlNesting;

    public static SyntaxNode? Read(string path, string text, List<Diagnostic> diagnostics)
    {
        var read = new ReadPosition { Last = new SourceLocation(path, 1, 1) };
        try
        {
            return ReadCore(path, text, diagnostics, read);
        }
        catch (StopReading)
        {
            return null;
        }
        catch (YamlException e)
        {
            var at = new SourceLocation(path, (int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column));
            // YamlDotNet reports a tab in the indentation at the start of the mapping or scalar it was reading (a block
            // mapping's error says (1,1)); the tab itself is the first one in a line's indentation after both that
            // start and the last part read.
            if (e.Message.IndexOf("tab", StringComparison.Ordinal) >= 0 && IndentationTab(text, Math.Max(at.Line, read.Last.Line)) is { } tab)
                at = new SourceLocation(path, tab.Line, tab.Column);
            diagnostics.Add(SpecDiagnostics.YamlSyntax(at, Clean(e.Message)));
            return null;
        }
    }

    /// <summary>Where the last event read ends; what an error the parser cannot place is reported against.</summary>
    private sealed class ReadPosition
    {
        public SourceLocation Last;
    }

    /// <summary>The 1-based line and column of the first tab in a line's leading whitespace, from line <paramref name="fromLine"/> on.</summary>
    private static (int Line, int Column)? IndentationTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var line = lines[i];
            for (var j = 0; j < line.Length && (line[j] == ' ' || line[j] == '\t'); j++)
                if (line[j] == '\t') return (i + 1, j + 1);
        }
        return null;
    }

    private static SyntaxNode? ReadCore(string path, string text, List<Diagnostic> diagnostics, ReadPosition read)
    {
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<SyntaxNode>();
        var pendingKeys = new Stack<ScalarSyntax?>();
        SyntaxNode? root = null;
        var documents = 0;
        while (Next(parser, read.Last, diagnostics))
        {
            var ev = parser.Current!;
            var line = (int)ev.Start.Line;
            var column = (int)ev.Start.Column;
            var where = new SourceLocation(path, line, column);
            read.Last = new SourceLocation(path, Math.Max(1, (int)ev.End.Line), Math.Max(1, (int)ev.End.Column));
            switch (ev)
            {
                case DocumentStart:
                    if (++documents > 1)
                    {
                        diagnostics.Add(SpecDiagnostics.Unsupported(where, "a second YAML document ('---')", "keep one space per file"));
                        return root;
                    }
                    break;
                case AnchorAlias:
                    diagnostics.Add(SpecDiagnostics.Unsupported(where, "a YAML alias", "define a reusable op under 'ops:' and refer to it by name"));
                    return null;
                case NodeEvent node when !node.Anchor.IsEmpty:
                    diagnostics.Add(SpecDiagnostics.Unsupported(where, "a YAML anchor", "define a reusable op under 'ops:' and refer to it by name"));
                    return null;
                case NodeEvent node when !node.Tag.IsEmpty && !node.Tag.IsNonSpecific:
                    diagnostics.Add(SpecDiagnostics.Unsupported(where, $"the YAML tag '{node.Tag.Value}'", "remove the tag"));
                    return null;
                case Scalar s:
                {
                    var scalar = new ScalarSyntax(s.Value, s.Style != ScalarStyle.Plain && s.Style != ScalarStyle.Any, line, column);
                    if (!Add(stack, pendingKeys, scalar, ref root, diagnostics, path)) return null;
                    break;
                }
                case SequenceStart:
                case MappingStart:
                {
                    if (stack.Count >= MaxDepth)
                    {
                        diagnostics.Add(SpecDiagnostics.Unsupported(where, $"nesting deeper than {MaxDepth} levels", "flatten the spec"));
                        return null;
                    }
                    SyntaxNode container = ev is SequenceStart ? new SequenceSyntax(line, column) : new MappingSyntax(line, column);
                    if (!Add(stack, pendingKeys, container, ref root, diagnostics, path)) return null;
                    stack.Push(container);
                    pendingKeys.Push(null);
                    break;
                }
                case SequenceEnd:
                case MappingEnd:
                    stack.Pop();
                    pendingKeys.Pop();
                    break;
            }
        }
        return root;
    }

    /// <summary>The parser's next event. YamlDotNet reports most malformed input as a <see cref="YamlException"/> with
    /// a position, but some inputs (a flow mapping left open before a block item, `- {o` then `-`) make it throw other
    /// exceptions; those become a YAML syntax error just after the last event read, never an internal failure.</summary>
    private static bool Next(Parser parser, SourceLocation last, List<Diagnostic> diagnostics)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            diagnostics.Add(SpecDiagnostics.YamlSyntax(last,
                "the YAML parser cannot continue after this point; check for an unclosed '{' or '[' and that every 'key: value' pair and '- item' lines up"));
            throw new StopReading();
        }
    }

    /// <summary>Unwinds <see cref="ReadCore"/> after <see cref="Next"/> has reported the error.</summary>
    private sealed class StopReading : Exception { }

    /// <summary>Attaches a node to the open container: a list item, a mapping key, or a mapping value.</summary>
    private static bool Add(Stack<SyntaxNode> stack, Stack<ScalarSyntax?> pendingKeys, SyntaxNode node, ref SyntaxNode? root,
        List<Diagnostic> diagnostics, string path)
    {
        if (stack.Count == 0)
        {
            root = node;
            return true;
        }
        switch (stack.Peek())
        {
            case SequenceSyntax seq:
                seq.Items.Add(node);
                return true;
            case MappingSyntax map:
            {
                var key = pendingKeys.Pop();
                if (key is null)
                {
                    if (node is not ScalarSyntax scalarKey)
                    {
                        diagnostics.Add(SpecDiagnostics.WrongType(new SourceLocation(path, node.Line, node.Column), "a mapping key", "a plain name", node.KindName));
                        return false;
                    }
                    if (map.Get(scalarKey.Value) is not null)
                        diagnostics.Add(SpecDiagnostics.Duplicate(new SourceLocation(path, node.Line, node.Column), "key", scalarKey.Value,
                            $"line {map.KeyOf(scalarKey.Value)!.Line}"));
                    pendingKeys.Push(scalarKey);
                }
                else
                {
                    map.Add(key, node);
                    pendingKeys.Push(null);
                }
                return true;
            }
            default:
                return false;
        }
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (...): "; the diagnostic already carries the position.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        var text = i >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(i + 3) : message;
        return text.TrimEnd('.') + "; check the indentation and that every 'key: value' pair and '- item' lines up";
    }
}

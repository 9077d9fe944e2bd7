using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoBuild.Spec.Results;

internal enum JsonKind { Null, Bool, Number, String, Array, Object }

/// <summary>A parsed JSON value. Numbers keep their source text so integers and doubles both parse exactly.</summary>
internal sealed class JsonNode
{
    public JsonKind Kind { get; private set; }
    public string Text { get; private set; } = "";
    public bool BoolValue { get; private set; }
    public List<JsonNode> Items { get; } = new();
    public List<KeyValuePair<string, JsonNode>> Properties { get; } = new();

    public static JsonNode Null() => new() { Kind = JsonKind.Null };
    /// <summary>What a value inside a member that is not kept parses to (shared; never added anywhere).</summary>
    private static readonly JsonNode Discarded = new() { Kind = JsonKind.Null };
    public static JsonNode Bool(bool b) => new() { Kind = JsonKind.Bool, BoolValue = b };
    public static JsonNode Number(string text) => new() { Kind = JsonKind.Number, Text = text };
    public static JsonNode String(string text) => new() { Kind = JsonKind.String, Text = text };
    public static JsonNode Array() => new() { Kind = JsonKind.Array };
    public static JsonNode Object() => new() { Kind = JsonKind.Object };

    public JsonNode? this[string name]
    {
        get
        {
            foreach (var p in Properties) if (string.Equals(p.Key, name, StringComparison.Ordinal)) return p.Value;
            return null;
        }
    }

    /// <summary>Parses a complete JSON document (RFC 8259). Never throws: returns null and an error message
    /// with a 1-based line and column on malformed input. With <paramref name="keepTopLevel"/>, members of the root
    /// object it rejects are checked for syntax but not built (a reader that needs a few members of a large file pays
    /// for a scan of the rest, not for its objects).</summary>
    public static JsonNode? Parse(string text, out string? error, Func<string, bool>? keepTopLevel = null)
    {
        var p = new Parser(text, keepTopLevel);
        try
        {
            p.SkipWhitespace();
            var node = p.ParseValue(0);
            p.SkipWhitespace();
            if (!p.AtEnd) throw p.Fail("unexpected text after the JSON value");
            error = null;
            return node;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private sealed class Parser
    {
        private const int MaxDepth = 64;
        private readonly string _s;
        private readonly Func<string, bool>? _keepTopLevel;
        private int _i;
        /// <summary>Inside a member that is not kept: check the syntax, build nothing.</summary>
        private bool _discard;

        public Parser(string s, Func<string, bool>? keepTopLevel)
        {
            _s = s;
            _keepTopLevel = keepTopLevel;
        }

        public bool AtEnd => _i >= _s.Length;

        public FormatException Fail(string message)
        {
            int line = 1, col = 1;
            for (var k = 0; k < _i && k < _s.Length; k++)
            {
                if (_s[k] == '\n') { line++; col = 1; } else col++;
            }
            return new FormatException(string.Format(CultureInfo.InvariantCulture, "({0},{1}): {2}", line, col, message));
        }

        public void SkipWhitespace()
        {
            while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\n' || _s[_i] == '\r' || _s[_i] == '\uFEFF')) _i++;
        }

        public JsonNode ParseValue(int depth)
        {
            if (depth > MaxDepth) throw Fail("nesting too deep");
            if (AtEnd) throw Fail("unexpected end of input");
            var c = _s[_i];
            switch (c)
            {
                case '{': return ParseObject(depth);
                case '[': return ParseArray(depth);
                case '"':
                    var text = ParseString();
                    return _discard ? Discarded : String(text);
                case 't': Expect("true"); return Bool(true);
                case 'f': Expect("false"); return Bool(false);
                case 'n': Expect("null"); return Null();
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
                    throw Fail($"unexpected character '{c}'");
            }
        }

        private void Expect(string word)
        {
            if (string.CompareOrdinal(_s, _i, word, 0, word.Length) != 0) throw Fail($"expected '{word}'");
            _i += word.Length;
        }

        private JsonNode ParseObject(int depth)
        {
            var node = _discard ? Discarded : Object();
            _i++;
            SkipWhitespace();
            if (!AtEnd && _s[_i] == '}') { _i++; return node; }
            while (true)
            {
                SkipWhitespace();
                if (AtEnd || _s[_i] != '"') throw Fail("expected a property name");
                var name = ParseString();
                SkipWhitespace();
                if (AtEnd || _s[_i] != ':') throw Fail("expected ':'");
                _i++;
                SkipWhitespace();
                if (depth == 0 && _keepTopLevel is not null && !_keepTopLevel(name))
                {
                    _discard = true;
                    ParseValue(depth + 1);
                    _discard = false;
                }
                else
                {
                    var value = ParseValue(depth + 1);
                    if (!_discard) node.Properties.Add(new KeyValuePair<string, JsonNode>(name, value));
                }
                SkipWhitespace();
                if (AtEnd) throw Fail("unexpected end of input in object");
                if (_s[_i] == ',') { _i++; continue; }
                if (_s[_i] == '}') { _i++; return node; }
                throw Fail("expected ',' or '}'");
            }
        }

        private JsonNode ParseArray(int depth)
        {
            var node = _discard ? Discarded : Array();
            _i++;
            SkipWhitespace();
            if (!AtEnd && _s[_i] == ']') { _i++; return node; }
            while (true)
            {
                SkipWhitespace();
                var item = ParseValue(depth + 1);
                if (!_discard) node.Items.Add(item);
                SkipWhitespace();
                if (AtEnd) throw Fail("unexpected end of input in array");
                if (_s[_i] == ',') { _i++; continue; }
                if (_s[_i] == ']') { _i++; return node; }
                throw Fail("expected ',' or ']'");
            }
        }

        private string ParseString()
        {
            _i++; // opening quote
            var sb = _discard ? null : new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Fail("unterminated string");
                var c = _s[_i++];
                if (c == '"') return sb?.ToString() ?? "";
                if (c < 0x20) { _i--; throw Fail("control character in string"); }
                if (c != '\\') { sb?.Append(c); continue; }
                if (AtEnd) throw Fail("unterminated escape");
                var e = _s[_i++];
                switch (e)
                {
                    case '"': sb?.Append('"'); break;
                    case '\\': sb?.Append('\\'); break;
                    case '/': sb?.Append('/'); break;
                    case 'b': sb?.Append('\b'); break;
                    case 'f': sb?.Append('\f'); break;
                    case 'n': sb?.Append('\n'); break;
                    case 'r': sb?.Append('\r'); break;
                    case 't': sb?.Append('\t'); break;
                    case 'u':
                        if (_i + 4 > _s.Length || !int.TryParse(_s.Substring(_i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                            throw Fail("bad \\u escape");
                        sb?.Append((char)code);
                        _i += 4;
                        break;
                    default: _i -= 2; throw Fail($"bad escape '\\{e}'");
                }
            }
        }

        private JsonNode ParseNumber()
        {
            var start = _i;
            if (_s[_i] == '-') _i++;
            if (AtEnd || !IsDigit(_s[_i])) throw Fail("bad number");
            if (_s[_i] == '0') _i++; else while (!AtEnd && IsDigit(_s[_i])) _i++;
            if (!AtEnd && _s[_i] == '.')
            {
                _i++;
                if (AtEnd || !IsDigit(_s[_i])) throw Fail("bad number");
                while (!AtEnd && IsDigit(_s[_i])) _i++;
            }
            if (!AtEnd && (_s[_i] == 'e' || _s[_i] == 'E'))
            {
                _i++;
                if (!AtEnd && (_s[_i] == '+' || _s[_i] == '-')) _i++;
                if (AtEnd || !IsDigit(_s[_i])) throw Fail("bad number");
                while (!AtEnd && IsDigit(_s[_i])) _i++;
            }
            return _discard ? Discarded : Number(_s.Substring(start, _i - start));
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Learning.Labels;

/// <summary>The target of a build: a column name or an arithmetic expression over columns, e.g.
/// <c>acc*100/latency_gpu</c>, <c>log10(x+1)</c>, <c>-loss</c>. Grammar (docs/labels.md):
/// <code>
/// expr    = term { ("+" | "-") term }
/// term    = unary { ("*" | "/") unary }
/// unary   = ("-" | "+") unary | power
/// power   = primary [ "^" unary ]            (right associative; -x^2 = -(x^2))
/// primary = number | column | function "(" expr { "," expr } ")" | "(" expr ")"
/// column  = name | "`" any text without a backtick "`"
/// name    = (letter | "_") { letter | digit | "_" | "." }
/// </code>
/// Functions: log (natural), log10, exp, sqrt, abs, pow(x, y), min(a, b, ...), max(a, b, ...).
/// Limits (AB2016 beyond them, never a stack overflow): <see cref="MaxLength"/> characters, <see cref="MaxNesting"/>
/// levels of parentheses, calls, signs and powers.</summary>
public sealed class TargetExpression
{
    /// <summary>The longest expression accepted, in characters (it bounds the depth of left-nested operator chains).</summary>
    public const int MaxLength = 4096;
    /// <summary>The deepest nesting of parentheses, function calls, unary signs and right-nested powers.</summary>
    public const int MaxNesting = 64;

    private readonly Node _root;

    private TargetExpression(string text, Node root, List<ColumnReference> columns)
    {
        Text = text; _root = root; References = columns;
        var names = new List<string>();
        foreach (var c in columns)
            if (!names.Contains(c.Name)) names.Add(c.Name);
        Columns = names;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }
    /// <summary>The distinct column names it reads, in order of first use.</summary>
    public IReadOnlyList<string> Columns { get; }
    /// <summary>Every column reference with its 0-based character offset in <see cref="Text"/>.</summary>
    public IReadOnlyList<ColumnReference> References { get; }
    /// <summary>True when the expression is a single column name.</summary>
    public bool IsColumn => _root is ColumnNode;

    /// <summary>Parses an expression. On failure <paramref name="errorOffset"/> is the 0-based character offset
    /// of the problem and <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string text, out TargetExpression? expression, out string? error, out int errorOffset)
    {
        expression = null;
        var parser = new Parser(text ?? string.Empty);
        if ((text?.Length ?? 0) > MaxLength)
        {
            error = $"the target is longer than {MaxLength} characters";
            errorOffset = MaxLength;
            return false;
        }
        try
        {
            var root = parser.ParseAll();
            expression = new TargetExpression(text!, root, parser.Columns);
            error = null;
            errorOffset = 0;
            return true;
        }
        catch (SyntaxError e)
        {
            error = e.Message;
            errorOffset = e.Offset;
            return false;
        }
    }

    /// <summary>Parses an expression or throws a <see cref="FormatException"/> naming the character.</summary>
    public static TargetExpression Parse(string text) =>
        TryParse(text, out var e, out var error, out var at) ? e! : throw new FormatException($"{error} (character {at + 1} of '{text}')");

    /// <summary>Parses an expression given on a command line or in item metadata; on failure adds AB2016 located at
    /// <paramref name="origin"/>(1, character) — the 1-based character of the expression — and returns null.</summary>
    public static TargetExpression? Parse(string text, string origin, ICollection<Diagnostic> diagnostics)
    {
        if (TryParse(text, out var e, out var error, out var at)) return e;
        diagnostics.Add(Diagnostic.Error(LabelCodes.TargetSyntax, $"bad target '{text}': {error} (at character {at + 1})", new SourceLocation(origin, 1, at + 1)));
        return null;
    }

    /// <summary>Evaluates the expression with the given column values (IEEE semantics: 1/0 is infinite, log of a
    /// negative number is NaN; callers check <see cref="double.IsNaN"/>/<see cref="double.IsInfinity"/>).</summary>
    public double Evaluate(Func<string, double> column) => _root.Evaluate(column);

    public override string ToString() => Text;

    /// <summary>A column named in the expression.</summary>
    public readonly struct ColumnReference
    {
        public ColumnReference(string name, int offset) { Name = name; Offset = offset; }
        public string Name { get; }
        public int Offset { get; }
    }

    private abstract class Node
    {
        public abstract double Evaluate(Func<string, double> column);
    }

    private sealed class NumberNode : Node
    {
        private readonly double _value;
        public NumberNode(double value) { _value = value; }
        public override double Evaluate(Func<string, double> column) => _value;
    }

    private sealed class ColumnNode : Node
    {
        private readonly string _name;
        public ColumnNode(string name) { _name = name; }
        public override double Evaluate(Func<string, double> column) => column(_name);
    }

    private sealed class UnaryNode : Node
    {
        private readonly Node _operand;
        public UnaryNode(Node operand) { _operand = operand; }
        public override double Evaluate(Func<string, double> column) => -_operand.Evaluate(column);
    }

    private sealed class BinaryNode : Node
    {
        private readonly char _op;
        private readonly Node _left, _right;
        public BinaryNode(char op, Node left, Node right) { _op = op; _left = left; _right = right; }

        public override double Evaluate(Func<string, double> column)
        {
            var a = _left.Evaluate(column);
            var b = _right.Evaluate(column);
            return _op switch
            {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                '/' => a / b,
                _ => Math.Pow(a, b),
            };
        }
    }

    private sealed class CallNode : Node
    {
        private readonly string _function;
        private readonly Node[] _args;
        public CallNode(string function, Node[] args) { _function = function; _args = args; }

        public override double Evaluate(Func<string, double> column)
        {
            var x = _args[0].Evaluate(column);
            switch (_function)
            {
                case "log": return Math.Log(x);
                case "log10": return Math.Log10(x);
                case "exp": return Math.Exp(x);
                case "sqrt": return Math.Sqrt(x);
                case "abs": return Math.Abs(x);
                case "pow": return Math.Pow(x, _args[1].Evaluate(column));
                case "min":
                    for (var i = 1; i < _args.Length; i++) x = Math.Min(x, _args[i].Evaluate(column));
                    return x;
                default: // max
                    for (var i = 1; i < _args.Length; i++) x = Math.Max(x, _args[i].Evaluate(column));
                    return x;
            }
        }
    }

    private sealed class SyntaxError : Exception
    {
        public SyntaxError(string message, int offset) : base(message) { Offset = offset; }
        public int Offset { get; }
    }

    /// <summary>Arity of each function: (min, max) argument count.</summary>
    private static readonly Dictionary<string, (int Min, int Max)> Functions = new(StringComparer.Ordinal)
    {
        ["log"] = (1, 1), ["log10"] = (1, 1), ["exp"] = (1, 1), ["sqrt"] = (1, 1), ["abs"] = (1, 1),
        ["pow"] = (2, 2), ["min"] = (2, int.MaxValue), ["max"] = (2, int.MaxValue),
    };

    /// <summary>Recursive descent over the grammar above; one method per rule.</summary>
    private sealed class Parser
    {
        private readonly string _text;
        private int _pos;
        private int _nesting;

        public Parser(string text) { _text = text; }

        public List<ColumnReference> Columns { get; } = new();

        public Node ParseAll()
        {
            SkipSpace();
            if (_pos >= _text.Length) throw new SyntaxError("the target is empty; give a column name or an expression over columns", 0);
            var node = ParseExpr();
            SkipSpace();
            if (_pos < _text.Length)
                throw new SyntaxError(_text[_pos] == ')' ? "unmatched ')'" : $"unexpected '{_text[_pos]}'; expected an operator (+ - * / ^) or the end", _pos);
            return node;
        }

        private Node ParseExpr()
        {
            var left = ParseTerm();
            while (true)
            {
                SkipSpace();
                if (!At('+') && !At('-')) return left;
                var op = _text[_pos++];
                left = new BinaryNode(op, left, ParseTerm());
            }
        }

        private Node ParseTerm()
        {
            var left = ParseUnary();
            while (true)
            {
                SkipSpace();
                if (!At('*') && !At('/')) return left;
                var op = _text[_pos++];
                left = new BinaryNode(op, left, ParseUnary());
            }
        }

        /// <summary>Every recursion of the grammar passes through here, so this is where nesting is bounded.</summary>
        private Node ParseUnary()
        {
            SkipSpace();
            if (++_nesting > MaxNesting) throw new SyntaxError($"the expression nests deeper than {MaxNesting} levels", _pos);
            try
            {
                if (At('-')) { _pos++; return new UnaryNode(ParseUnary()); }
                if (At('+')) { _pos++; return ParseUnary(); }
                return ParsePower();
            }
            finally { _nesting--; }
        }

        private Node ParsePower()
        {
            var baseNode = ParsePrimary();
            SkipSpace();
            if (!At('^')) return baseNode;
            _pos++;
            return new BinaryNode('^', baseNode, ParseUnary());
        }

        private Node ParsePrimary()
        {
            SkipSpace();
            if (_pos >= _text.Length) throw new SyntaxError("the expression ends where a number, column or '(' was expected", _pos);
            var c = _text[_pos];
            if (c == '(')
            {
                var open = _pos++;
                var inner = ParseExpr();
                SkipSpace();
                if (!At(')')) throw new SyntaxError("'(' is never closed", open);
                _pos++;
                return inner;
            }
            if (c == '`')
            {
                var start = _pos++;
                var end = _text.IndexOf('`', _pos);
                if (end < 0) throw new SyntaxError("the quoted column name that starts here has no closing backtick", start);
                var name = _text.Substring(_pos, end - _pos);
                if (name.Length == 0) throw new SyntaxError("empty column name", start);
                _pos = end + 1;
                Columns.Add(new ColumnReference(name, start));
                return new ColumnNode(name);
            }
            if (IsDigit(c) || (c == '.' && _pos + 1 < _text.Length && IsDigit(_text[_pos + 1]))) return ParseNumber();
            if (IsNameStart(c))
            {
                var start = _pos;
                while (_pos < _text.Length && IsNamePart(_text[_pos])) _pos++;
                var name = _text.Substring(start, _pos - start);
                var afterName = _pos;
                SkipSpace();
                if (!At('(')) { _pos = afterName; Columns.Add(new ColumnReference(name, start)); return new ColumnNode(name); }
                if (!Functions.TryGetValue(name, out var arity))
                    throw new SyntaxError($"unknown function '{name}'; functions: log, log10, exp, sqrt, abs, pow, min, max (quote a column name with backticks)", start);
                _pos++;
                var args = new List<Node> { ParseExpr() };
                SkipSpace();
                while (At(',')) { _pos++; args.Add(ParseExpr()); SkipSpace(); }
                if (!At(')')) throw new SyntaxError(_pos >= _text.Length ? $"'{name}(' is never closed" : $"unexpected '{_text[_pos]}' in the arguments of {name}; expected ',' or ')'", _pos >= _text.Length ? start : _pos);
                _pos++;
                if (args.Count < arity.Min || args.Count > arity.Max)
                    throw new SyntaxError(arity.Min == arity.Max
                        ? string.Format(CultureInfo.InvariantCulture, "{0} takes {1} argument{2}, not {3}", name, arity.Min, arity.Min == 1 ? "" : "s", args.Count)
                        : string.Format(CultureInfo.InvariantCulture, "{0} takes at least {1} arguments, not {2}", name, arity.Min, args.Count), start);
                return new CallNode(name, args.ToArray());
            }
            throw new SyntaxError(c == ')' ? "unexpected ')'; expected a number, column or '('" : $"unexpected '{c}'; expected a number, column or '(' (quote unusual column names with backticks)", _pos);
        }

        private Node ParseNumber()
        {
            var start = _pos;
            while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            if (At('.')) { _pos++; while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++; }
            if ((At('e') || At('E')) && _pos + 1 < _text.Length &&
                (IsDigit(_text[_pos + 1]) || ((_text[_pos + 1] == '+' || _text[_pos + 1] == '-') && _pos + 2 < _text.Length && IsDigit(_text[_pos + 2]))))
            {
                _pos += 2;
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            }
            if (_pos < _text.Length && IsNameStart(_text[_pos]))
                throw new SyntaxError($"a name cannot start with a digit; write `{ReadWord(start)}` in backticks if it is a column", start);
            return new NumberNode(double.Parse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        private string ReadWord(int start)
        {
            var end = start;
            while (end < _text.Length && IsNamePart(_text[end])) end++;
            return _text.Substring(start, end - start);
        }

        private bool At(char c) => _pos < _text.Length && _text[_pos] == c;

        private void SkipSpace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
        private static bool IsNameStart(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_';
        private static bool IsNamePart(char c) => IsNameStart(c) || IsDigit(c) || c == '.';
    }
}

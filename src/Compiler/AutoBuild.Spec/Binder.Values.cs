using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

// Scalars, parameters that may be choices, and decision creation.
internal sealed partial class Binder
{
    private static readonly Dictionary<string, ActivationKind> Activations = new(StringComparer.Ordinal)
    {
        ["none"] = ActivationKind.None, ["relu"] = ActivationKind.Relu, ["relu6"] = ActivationKind.Relu6,
        ["leaky_relu"] = ActivationKind.LeakyRelu, ["hswish"] = ActivationKind.HardSwish, ["hsigmoid"] = ActivationKind.HardSigmoid,
        ["swish"] = ActivationKind.Swish, ["sigmoid"] = ActivationKind.Sigmoid, ["tanh"] = ActivationKind.Tanh,
    };

    private static readonly string[] ChooseKeys = { "choose", "name", "shared" };

    private string? Text(SyntaxNode node, string what)
    {
        if (node is ScalarSyntax s && !s.IsNull) return s.Value;
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "a text value", node.KindName));
        return null;
    }

    private string? Identifier(MappingSyntax map, string key, string what, bool required, string example)
    {
        var node = map.Get(key);
        if (node is null)
        {
            if (required) Error(SpecDiagnostics.MissingKey(At(map), key, "this mapping", example));
            return null;
        }
        var text = Text(node, key);
        if (text is null) return null;
        var problem = Identifiers.Problem(text);
        if (problem is null) return text;
        Error(SpecDiagnostics.UnsafeIdentifier(At(node), what, text, problem));
        return null;
    }

    private static bool TryInt(ScalarSyntax s, out int value)
    {
        value = 0;
        return !s.Quoted && NoNul(s.Value) && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryDouble(ScalarSyntax s, out double value)
    {
        value = 0;
        return !s.Quoted && NoNul(s.Value) && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && !double.IsNaN(value) && !double.IsInfinity(value);
    }

    /// <summary>.NET's number parsing ignores trailing NUL characters ("3\0" reads as 3); a NUL makes text not a number.</summary>
    private static bool NoNul(string text) => text.IndexOf('\0') < 0;

    private static bool TryBool(ScalarSyntax s, out bool value)
    {
        value = s.Value == "true";
        return !s.Quoted && (s.Value == "true" || s.Value == "false");
    }

    private int? IntLiteral(SyntaxNode node, string what, int min, int max)
    {
        if (node is ScalarSyntax s && TryInt(s, out var v))
        {
            if (v >= min && v <= max) return v;
            Error(SpecDiagnostics.OutOfRange(At(node), $"'{what}' must be between {min} and {max}, got {v}"));
            return null;
        }
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "an integer", node.KindName));
        return null;
    }

    private double? Number(SyntaxNode node, string what, double min, double max)
    {
        if (node is ScalarSyntax s && TryDouble(s, out var v))
        {
            if (v >= min && v <= max) return v;
            Error(SpecDiagnostics.OutOfRange(At(node), string.Format(CultureInfo.InvariantCulture, "'{0}' must be between {1} and {2}, got {3}", what, min, max, v)));
            return null;
        }
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "a number", node.KindName));
        return null;
    }

    private bool? Bool(SyntaxNode node, string what)
    {
        if (node is ScalarSyntax s && TryBool(s, out var v)) return v;
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "true or false", node.KindName));
        return null;
    }

    /// <summary>A count such as 5000000, 5_000_000, 5M, 1.5G or 600K.</summary>
    private long? Count(SyntaxNode node, string what)
    {
        if (node is ScalarSyntax s && !s.Quoted && s.Value.Length > 0)
        {
            var text = s.Value.Replace("_", "");
            double scale = 1;
            var last = text.Length > 0 ? char.ToUpperInvariant(text[text.Length - 1]) : ' ';
            if (last == 'K' || last == 'M' || last == 'G')
            {
                scale = last == 'K' ? 1e3 : last == 'M' ? 1e6 : 1e9;
                text = text.Substring(0, text.Length - 1);
            }
            if (NoNul(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v * scale < 9e18)
                return (long)Math.Round(v * scale);
        }
        Error(SpecDiagnostics.WrongType(At(node), $"'{what}'", "a positive count such as 5000000, 5M or 1.5G", node.KindName));
        return null;
    }

    private int ScaleChannels(int channels) =>
        _width == 1.0 ? channels : Channels.MakeDivisible(channels * _width, _divisor);

    /// <summary>Replaces a `$name` scalar by the argument the enclosing user op received.</summary>
    private SyntaxNode? Substitute(SyntaxNode node, BindContext ctx, out Value<int>? contextValue)
    {
        contextValue = null;
        if (node is not ScalarSyntax { Quoted: false } s || s.Value.Length < 2 || s.Value[0] != '$') return node;
        var name = s.Value.Substring(1);
        if (ctx.Args is { } args && args.TryGetValue(name, out var arg))
        {
            contextValue = arg.Value;
            return arg.Node;
        }
        if (name == "out" && ctx.Out is not null)
        {
            contextValue = ctx.Out;
            return null;
        }
        if (name == "stride")
        {
            contextValue = ctx.Stride;
            return null;
        }
        Error(SpecDiagnostics.BadReference(At(node), ctx.OpStack.Count == 0
            ? $"'{s.Value}' refers to an op argument, but it is not inside an op under 'ops:'; write the value itself"
            : $"op '{ctx.OpStack[ctx.OpStack.Count - 1]}' uses '{s.Value}' but is called without it; call it as {{ {ctx.OpStack[ctx.OpStack.Count - 1]}: {{ {name}: ... }} }}"));
        return null;
    }

    /// <summary>An integer parameter: a literal or `{ choose: [...] }`. Channel parameters are scaled by the width multiplier.</summary>
    private Value<int>? IntValue(SyntaxNode raw, string key, BindContext ctx, DecisionRole role, int min, int max, bool channels, string? defaultName = null)
    {
        var node = Substitute(raw, ctx, out var fromContext);
        if (fromContext is not null) return fromContext;
        if (node is null) return null;
        if (node is MappingSyntax choose && choose.Get("choose") is not null)
            return Choice(choose, key, ctx, role, DecisionKind.Integer, defaultName, s =>
            {
                if (!TryInt(s, out var v)) return (false, 0, "an integer");
                if (v < min || v > max) return (false, 0, $"between {min} and {max}");
                return (true, channels ? ScaleChannels(v) : v, null);
            }, (s, _) => s.Value);
        var literal = IntLiteral(node, key, min, max);
        return literal is { } value ? Value<int>.Of(channels ? ScaleChannels(value) : value) : null;
    }

    private Value<double>? DoubleValue(SyntaxNode raw, string key, BindContext ctx, DecisionRole role, double min, double max)
    {
        var node = Substitute(raw, ctx, out var fromContext);
        if (fromContext is not null) return fromContext.Map(v => (double)v);
        if (node is null) return null;
        if (node is MappingSyntax choose && choose.Get("choose") is not null)
            return Choice(choose, key, ctx, role, DecisionKind.Integer, null, s =>
            {
                if (!TryInt(s, out var v)) return (false, 0.0, "an integer (a decision's values are whole numbers)");
                if (v < min || v > max) return (false, 0.0, string.Format(CultureInfo.InvariantCulture, "between {0} and {1}", min, max));
                return (true, (double)v, null);
            }, (s, _) => s.Value);
        var literal = Number(node, key, min, max);
        return literal is { } value ? Value<double>.Of(value) : null;
    }

    private Value<bool>? BoolValue(SyntaxNode raw, string key, BindContext ctx, DecisionRole role)
    {
        var node = Substitute(raw, ctx, out _);
        if (node is null) return null;
        if (node is MappingSyntax choose && choose.Get("choose") is not null)
            return Choice(choose, key, ctx, role, DecisionKind.Boolean, null, s =>
                TryBool(s, out var v) ? (true, v, null) : (false, false, "true or false"), (_, v) => v ? "true" : "false");
        var literal = Bool(node, key);
        return literal is { } value ? Value<bool>.Of(value) : null;
    }

    private Value<ActivationKind>? ActivationValue(SyntaxNode raw, string key, BindContext ctx)
    {
        var node = Substitute(raw, ctx, out _);
        if (node is null) return null;
        if (node is MappingSyntax choose && choose.Get("choose") is not null)
            return Choice(choose, key, ctx, DecisionRole.Activation, DecisionKind.Categorical, null, s =>
                Activations.TryGetValue(s.Value, out var a) && !s.IsNull ? (true, a, null) : (false, ActivationKind.None, "an activation"),
                (s, _) => s.Value);
        if (node is ScalarSyntax scalar && Activations.TryGetValue(scalar.Value, out var kind) && !scalar.IsNull) return Value<ActivationKind>.Of(kind);
        if (node is ScalarSyntax unknown && !unknown.IsNull)
            Error(SpecDiagnostics.UnknownOp(At(node), unknown.Value, Activations.Keys));
        else
            Error(SpecDiagnostics.WrongType(At(node), $"'{key}'", "an activation name (relu, hswish, ...)", node.KindName));
        return null;
    }

    /// <summary>Creates a decision from `{ choose: [...], name: pattern, shared: bool }`; option i of the value is parsed from item i.</summary>
    private Value<T>? Choice<T>(MappingSyntax choose, string key, BindContext ctx, DecisionRole role, DecisionKind kind, string? defaultName,
        Func<ScalarSyntax, (bool Ok, T Value, string? Expected)> parse, Func<ScalarSyntax, T, string> text)
    {
        CheckKeys(choose, "a choice", ChooseKeys);
        if (ctx.InOption)
        {
            Error(SpecDiagnostics.NestedChoice(At(choose)));
            return null;
        }
        var itemsNode = choose.Get("choose")!;
        if (itemsNode is not SequenceSyntax items)
        {
            Error(SpecDiagnostics.WrongType(At(itemsNode), "'choose'", "a list of values, e.g. choose: [3, 5, 7]", itemsNode.KindName));
            return null;
        }
        if (items.Items.Count == 0)
        {
            Error(SpecDiagnostics.EmptyDomain(At(items), $"the choice for '{key}' has no values; list at least one value"));
            return null;
        }
        var options = new List<T>();
        var texts = new List<string>();
        var ok = true;
        foreach (var item in items.Items)
        {
            if (item is not ScalarSyntax s || s.IsNull)
            {
                Error(SpecDiagnostics.WrongType(At(item), $"a value of '{key}'", "a single value", item.KindName));
                ok = false;
                continue;
            }
            var (parsed, value, expected) = parse(s);
            if (!parsed)
            {
                Error(SpecDiagnostics.WrongType(At(item), $"a value of '{key}'", expected ?? "valid", s.KindName));
                ok = false;
                continue;
            }
            var t = text(s, value);
            if (texts.Contains(t))
            {
                Error(SpecDiagnostics.Duplicate(At(item), "value", t, $"item {texts.IndexOf(t) + 1} of this choice"));
                ok = false;
                continue;
            }
            options.Add(value);
            texts.Add(t);
        }
        if (!ok) return null;
        if (kind == DecisionKind.Boolean && texts.Count == 2 && texts[0] == "true")
        {
            // Boolean decisions always list false before true (choice 1 = on).
            options.Reverse();
            texts.Reverse();
        }
        var index = CreateDecision(choose, key, ctx, role, kind, texts, defaultName);
        return index < 0 ? null : Value<T>.FromDecision(index, options);
    }

    /// <summary>Adds a decision (or returns the existing shared one); -1 after reporting a problem.</summary>
    private int CreateDecision(MappingSyntax choose, string key, BindContext ctx, DecisionRole role, DecisionKind kind, IReadOnlyList<string> values,
        string? defaultName)
    {
        var shared = choose.Get("shared") is { } sharedNode && (Bool(sharedNode, "shared") ?? false);
        var nameNode = choose.Get("name");
        string? pattern;
        if (nameNode is not null) pattern = Text(nameNode, "name");
        else if (defaultName is not null) pattern = defaultName;
        else if (ctx.Stage is not null) pattern = shared || ctx.Layer < 0 ? "{stage}." + key : "{stage}.l{layer}." + key;
        else
        {
            Error(SpecDiagnostics.MissingKey(At(choose), "name", "a choice outside a stage", $"{{ choose: [...], name: {key} }}"));
            return -1;
        }
        if (pattern is null) return -1;
        var name = ExpandName(pattern, nameNode ?? choose, ctx);
        if (name is null) return -1;
        if (_decisionOrigins.TryGetValue(name, out var first))
        {
            if (shared && ReferenceEquals(first, choose)) return IndexOfDecision(name);
            Error(SpecDiagnostics.Duplicate(At(nameNode ?? choose), "decision", name, $"line {first.Line}"));
            return -1;
        }
        if (!Budget(choose)) return -1;
        var site = new DecisionSite(ctx.Stage, ctx.Stage is null ? null : ctx.StageIndex, shared || ctx.Layer < 0 ? null : ctx.Layer);
        _decisions.Add(new Decision(name, kind, values, role, shared ? null : ctx.Active, site));
        _decisionOrigins.Add(name, choose);
        return _decisions.Count - 1;
    }

    private int IndexOfDecision(string name)
    {
        for (var i = 0; i < _decisions.Count; i++)
            if (_decisions[i].Name == name) return i;
        return -1;
    }

    /// <summary>Expands {stage}, {layer} (1-based), {index} (0-based across all stage layers), {from}, {to} and {node}.</summary>
    private string? ExpandName(string pattern, SyntaxNode at, BindContext ctx, int from = -1, int to = -1, int node = -1)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c != '{')
            {
                sb.Append(c);
                continue;
            }
            var close = pattern.IndexOf('}', i);
            if (close < 0)
            {
                Error(SpecDiagnostics.BadReference(At(at), $"the name pattern '{pattern}' has an unclosed '{{'; close it or remove it"));
                return null;
            }
            var placeholder = pattern.Substring(i + 1, close - i - 1);
            string? value = placeholder switch
            {
                "stage" => ctx.Stage,
                "layer" => ctx.Layer >= 0 ? (ctx.Layer + 1).ToString(CultureInfo.InvariantCulture) : null,
                "index" => ctx.GlobalLayer >= 0 ? ctx.GlobalLayer.ToString(CultureInfo.InvariantCulture) : null,
                "from" => from >= 0 ? from.ToString(CultureInfo.InvariantCulture) : null,
                "to" => to >= 0 ? to.ToString(CultureInfo.InvariantCulture) : null,
                "node" => node >= 0 ? node.ToString(CultureInfo.InvariantCulture) : null,
                _ => null,
            };
            if (value is null)
            {
                Error(SpecDiagnostics.BadReference(At(at),
                    $"the name pattern '{pattern}' uses '{{{placeholder}}}', which is not defined here; use {{stage}}, {{layer}} or {{index}} in stage layers and {{from}}, {{to}} in cells and DAGs, {{node}} for DAG vertex ops"));
                return null;
            }
            sb.Append(value);
            i = close;
        }
        var name = sb.ToString();
        var problem = Identifiers.DottedProblem(name);
        if (problem is null) return name;
        Error(SpecDiagnostics.UnsafeIdentifier(At(at), "decision name", name, problem));
        return null;
    }
}

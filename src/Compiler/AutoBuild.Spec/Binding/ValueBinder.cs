using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AutoBuild.Runtime;
using AutoBuild.Spec.Diagnostics;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

/// <summary>Binds the parameters that may be decisions (a literal, <c>{ choose: [...] }</c>, or a user op's
/// <c>$argument</c>) and owns the space's decisions: their names (patterns with {stage}, {layer}, ...), sites,
/// activity and uniqueness, the width multiplier applied to channel parameters, and the size budget of a spec.</summary>
internal sealed class ValueBinder
{
    private readonly SpecReader _read;
    private readonly List<Decision> _decisions = new();
    private readonly Dictionary<string, SyntaxNode> _origins = new(StringComparer.Ordinal);
    private int _layerCount;
    private bool _tooLarge;

    public ValueBinder(SpecReader read) => _read = read;

    /// <summary>The spec's width_multiplier (channel parameters are scaled by it).</summary>
    public double Width { get; set; } = 1.0;
    /// <summary>The spec's divisor (scaled widths are rounded to a multiple of it).</summary>
    public int Divisor { get; set; } = 8;
    /// <summary>The decisions created so far, in declaration order.</summary>
    public IReadOnlyList<Decision> Decisions => _decisions;

    /// <summary>Where each decision is declared in the spec (its <c>{ choose: ... }</c>, or the cell/DAG mapping that
    /// makes it), by decision name: diagnostics about a decision (AB4014) point there. Decisions made from one
    /// declaration (every layer's kernel of a block) share its location.</summary>
    public Dictionary<string, SourceLocation> Locations()
    {
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var d in _decisions)
            if (_origins.TryGetValue(d.Name, out var origin)) locations[d.Name] = _read.At(origin);
        return locations;
    }

    /// <summary>The activations by spec name.</summary>
    public static readonly Dictionary<string, ActivationKind> Activations = new(StringComparer.Ordinal)
    {
        ["none"] = ActivationKind.None, ["relu"] = ActivationKind.Relu, ["relu6"] = ActivationKind.Relu6,
        ["leaky_relu"] = ActivationKind.LeakyRelu, ["hswish"] = ActivationKind.HardSwish, ["hsigmoid"] = ActivationKind.HardSigmoid,
        ["swish"] = ActivationKind.Swish, ["sigmoid"] = ActivationKind.Sigmoid, ["tanh"] = ActivationKind.Tanh,
    };

    /// <summary>The keys of <c>{ choose: [...], name: ..., shared: ... }</c>.</summary>
    public static readonly string[] ChooseKeys = { "choose", "name", "shared" };

    /// <summary>A channel count scaled by the width multiplier (make_divisible by the divisor).</summary>
    public int ScaleChannels(int channels) =>
        Width == 1.0 ? channels : Channels.MakeDivisible(channels * Width, Divisor);

    /// <summary>Replaces a `$name` scalar by the argument the enclosing user op received.</summary>
    public SyntaxNode? Substitute(SyntaxNode node, BindContext ctx, out Value<int>? contextValue)
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
        _read.Error(SpecDiagnostics.BadReference(_read.At(node), ctx.OpStack.Count == 0
            ? $"'{s.Value}' refers to an op argument, but it is not inside an op under 'ops:'; write the value itself"
            : $"op '{ctx.OpStack[ctx.OpStack.Count - 1]}' uses '{s.Value}' but is called without it; call it as {{ {ctx.OpStack[ctx.OpStack.Count - 1]}: {{ {name}: ... }} }}"));
        return null;
    }

    /// <summary>An integer parameter: a literal or `{ choose: [...] }`. Channel parameters are scaled by the width multiplier.</summary>
    public Value<int>? IntValue(SyntaxNode raw, string key, BindContext ctx, DecisionRole role, int min, int max, bool channels, string? defaultName = null)
    {
        var node = Substitute(raw, ctx, out var fromContext);
        if (fromContext is not null) return fromContext;
        if (node is null) return null;
        if (node is MappingSyntax choose && choose.Get("choose") is not null)
            return Choice(choose, key, ctx, role, DecisionKind.Integer, defaultName, s =>
            {
                if (!SpecReader.TryInt(s, out var v)) return (false, 0, "an integer");
                if (v < min || v > max) return (false, 0, $"between {min} and {max}");
                return (true, channels ? ScaleChannels(v) : v, null);
            }, (s, _) => s.Value);
        var literal = _read.IntLiteral(node, key, min, max);
        return literal is { } value ? Value<int>.Of(channels ? ScaleChannels(value) : value) : null;
    }

    public Value<double>? DoubleValue(SyntaxNode raw, string key, BindContext ctx, DecisionRole role, double min, double max)
    {
        var node = Substitute(raw, ctx, out var fromContext);
        if (fromContext is not null) return fromContext.Map(v => (double)v);
        if (node is null) return null;
        if (node is MappingSyntax choose && choose.Get("choose") is not null)
            return Choice(choose, key, ctx, role, DecisionKind.Integer, null, s =>
            {
                if (!SpecReader.TryInt(s, out var v)) return (false, 0.0, "an integer (a decision's values are whole numbers)");
                if (v < min || v > max) return (false, 0.0, string.Format(CultureInfo.InvariantCulture, "between {0} and {1}", min, max));
                return (true, (double)v, null);
            }, (s, _) => s.Value);
        var literal = _read.Number(node, key, min, max);
        return literal is { } value ? Value<double>.Of(value) : null;
    }

    public Value<bool>? BoolValue(SyntaxNode raw, string key, BindContext ctx, DecisionRole role)
    {
        var node = Substitute(raw, ctx, out _);
        if (node is null) return null;
        if (node is MappingSyntax choose && choose.Get("choose") is not null)
            return Choice(choose, key, ctx, role, DecisionKind.Boolean, null, s =>
                SpecReader.TryBool(s, out var v) ? (true, v, null) : (false, false, "true or false"), (_, v) => v ? "true" : "false");
        var literal = _read.Bool(node, key);
        return literal is { } value ? Value<bool>.Of(value) : null;
    }

    public Value<ActivationKind>? ActivationValue(SyntaxNode raw, string key, BindContext ctx)
    {
        var node = Substitute(raw, ctx, out _);
        if (node is null) return null;
        if (node is MappingSyntax choose && choose.Get("choose") is not null)
            return Choice(choose, key, ctx, DecisionRole.Activation, DecisionKind.Categorical, null, s =>
                Activations.TryGetValue(s.Value, out var a) && !s.IsNull ? (true, a, null) : (false, ActivationKind.None, "an activation"),
                (s, _) => s.Value);
        if (node is ScalarSyntax scalar && Activations.TryGetValue(scalar.Value, out var kind) && !scalar.IsNull) return Value<ActivationKind>.Of(kind);
        if (node is ScalarSyntax unknown && !unknown.IsNull)
            _read.Error(SpecDiagnostics.UnknownOp(_read.At(node), unknown.Value, Activations.Keys));
        else
            _read.Error(SpecDiagnostics.WrongType(_read.At(node), $"'{key}'", "an activation name (relu, hswish, ...)", node.KindName));
        return null;
    }

    /// <summary>Creates a decision from `{ choose: [...], name: pattern, shared: bool }`; option i of the value is parsed from item i.</summary>
    private Value<T>? Choice<T>(MappingSyntax choose, string key, BindContext ctx, DecisionRole role, DecisionKind kind, string? defaultName,
        Func<ScalarSyntax, (bool Ok, T Value, string? Expected)> parse, Func<ScalarSyntax, T, string> text)
    {
        _read.CheckKeys(choose, "a choice", ChooseKeys);
        if (ctx.InOption)
        {
            _read.Error(SpecDiagnostics.NestedChoice(_read.At(choose)));
            return null;
        }
        var itemsNode = choose.Get("choose")!;
        if (itemsNode is not SequenceSyntax items)
        {
            _read.Error(SpecDiagnostics.WrongType(_read.At(itemsNode), "'choose'", "a list of values, e.g. choose: [3, 5, 7]", itemsNode.KindName));
            return null;
        }
        if (items.Items.Count == 0)
        {
            _read.Error(SpecDiagnostics.EmptyDomain(_read.At(items), $"the choice for '{key}' has no values; list at least one value"));
            return null;
        }
        var options = new List<T>();
        var texts = new List<string>();
        var ok = true;
        foreach (var item in items.Items)
        {
            if (item is not ScalarSyntax s || s.IsNull)
            {
                _read.Error(SpecDiagnostics.WrongType(_read.At(item), $"a value of '{key}'", "a single value", item.KindName));
                ok = false;
                continue;
            }
            var (parsed, value, expected) = parse(s);
            if (!parsed)
            {
                _read.Error(SpecDiagnostics.WrongType(_read.At(item), $"a value of '{key}'", expected ?? "valid", s.KindName));
                ok = false;
                continue;
            }
            var t = text(s, value);
            if (texts.Contains(t))
            {
                _read.Error(SpecDiagnostics.Duplicate(_read.At(item), "value", t, $"item {texts.IndexOf(t) + 1} of this choice"));
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
    public int CreateDecision(MappingSyntax choose, string key, BindContext ctx, DecisionRole role, DecisionKind kind, IReadOnlyList<string> values,
        string? defaultName)
    {
        var shared = choose.Get("shared") is { } sharedNode && (_read.Bool(sharedNode, "shared") ?? false);
        var nameNode = choose.Get("name");
        string? pattern;
        if (nameNode is not null) pattern = _read.Text(nameNode, "name");
        else if (defaultName is not null) pattern = defaultName;
        else if (ctx.Stage is not null) pattern = shared || ctx.Layer < 0 ? "{stage}." + key : "{stage}.l{layer}." + key;
        else
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(choose), "name", "a choice outside a stage", $"{{ choose: [...], name: {key} }}"));
            return -1;
        }
        if (pattern is null) return -1;
        var name = ExpandName(pattern, nameNode ?? choose, ctx);
        if (name is null) return -1;
        if (_origins.TryGetValue(name, out var first))
        {
            if (shared && ReferenceEquals(first, choose)) return IndexOfDecision(name);
            _read.Error(SpecDiagnostics.Duplicate(_read.At(nameNode ?? choose), "decision", name, $"line {first.Line}"));
            return -1;
        }
        if (!Budget(choose)) return -1;
        var site = new DecisionSite(ctx.Stage, ctx.Stage is null ? null : ctx.StageIndex, shared || ctx.Layer < 0 ? null : ctx.Layer);
        _decisions.Add(new Decision(name, kind, values, role, shared ? null : ctx.Active, site));
        _origins.Add(name, choose);
        return _decisions.Count - 1;
    }

    public int IndexOfDecision(string name)
    {
        for (var i = 0; i < _decisions.Count; i++)
            if (_decisions[i].Name == name) return i;
        return -1;
    }

    /// <summary>Expands {stage}, {layer} (1-based), {index} (0-based across all stage layers), {from}, {to} and {node}.</summary>
    public string? ExpandName(string pattern, SyntaxNode at, BindContext ctx, int from = -1, int to = -1, int node = -1)
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
                _read.Error(SpecDiagnostics.BadReference(_read.At(at), $"the name pattern '{pattern}' has an unclosed '{{'; close it or remove it"));
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
                _read.Error(SpecDiagnostics.BadReference(_read.At(at),
                    $"the name pattern '{pattern}' uses '{{{placeholder}}}', which is not defined here; use {{stage}}, {{layer}} or {{index}} in stage layers and {{from}}, {{to}} in cells and DAGs, {{node}} for DAG vertex ops"));
                return null;
            }
            sb.Append(value);
            i = close;
        }
        var name = sb.ToString();
        var problem = Identifiers.DottedProblem(name);
        if (problem is null) return name;
        _read.Error(SpecDiagnostics.UnsafeIdentifier(_read.At(at), "decision name", name, problem));
        return null;
    }

    /// <summary>Counts one more layer; false (reported once, AB1011) when the spec expands beyond
    /// <see cref="SpecLimits.MaxLayers"/> layers or <see cref="SpecLimits.MaxDecisions"/> decisions.</summary>
    public bool Budget(SyntaxNode at)
    {
        if (++_layerCount <= SpecLimits.MaxLayers && _decisions.Count <= SpecLimits.MaxDecisions) return true;
        if (!_tooLarge)
        {
            _tooLarge = true;
            _read.Error(SpecDiagnostics.TooLarge(_read.At(at),
                $"the spec expands to more than {SpecLimits.MaxLayers} layers or {SpecLimits.MaxDecisions} decisions; reduce depths, repeats or nesting"));
        }
        return false;
    }

    /// <summary>Adds a decision of a cell or DAG (named by a pattern); -1 after reporting a duplicate name.</summary>
    public int AddStructural(string? name, MappingSyntax origin, DecisionKind kind, IReadOnlyList<string> values, DecisionRole role, DecisionSite site)
    {
        if (name is null) return -1;
        if (_origins.TryGetValue(name, out var first))
        {
            _read.Error(SpecDiagnostics.Duplicate(_read.At(origin), "decision", name, $"line {first.Line}; name patterns must tell edges and vertices apart"));
            return -1;
        }
        _decisions.Add(new Decision(name, kind, values, role, null, site));
        _origins.Add(name, origin);
        return _decisions.Count - 1;
    }

    /// <summary>Out (channels) with the context default: a present key is bound; absent = the context's out when
    /// <paramref name="block"/>, else null (keep the input's channels). Ok = false after an error.</summary>
    public (bool Ok, Value<int>? Value) Optional(MappingSyntax o, string key, BindContext ctx, bool block)
    {
        // In a cell op, `$out` is the cell's width: a reducing cell's new width, else the input width (kept).
        if (key == "out" && ctx.InCell && ctx.Out is null && o.Get(key) is ScalarSyntax { Quoted: false, Value: "$out" } && !(ctx.Args?.ContainsKey("out") ?? false))
            return (true, null);
        if (o.Get(key) is { } node)
        {
            var v = IntValue(node, key, ctx, DecisionRole.Width, 1, 1_000_000, channels: true);
            return (v is not null, v);
        }
        return (true, block ? ctx.Out : null);
    }

    /// <summary>A <c>stride</c> option; absent = the context's stride for a <paramref name="block"/>, else 1.</summary>
    public Value<int>? Stride(MappingSyntax o, BindContext ctx, bool block = true) =>
        o.Get("stride") is { } node ? IntValue(node, "stride", ctx, DecisionRole.Other, 1, 64, channels: false)
        : block ? ctx.Stride : Value<int>.Of(1);

    /// <summary>A <c>kernel</c> option, or <paramref name="fallback"/>; required (reported) when there is none.</summary>
    public Value<int>? Kernel(MappingSyntax o, BindContext ctx, int? fallback, string op)
    {
        if (o.Get("kernel") is { } node) return IntValue(node, "kernel", ctx, DecisionRole.Kernel, 1, 64, channels: false);
        if (fallback is { } k) return Value<int>.Of(k);
        _read.Error(SpecDiagnostics.MissingKey(_read.At(o), "kernel", $"'{op}'", $"{{ {op}: {{ kernel: 3 }} }}"));
        return null;
    }
}

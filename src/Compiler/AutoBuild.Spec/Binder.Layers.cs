using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Ops;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

// Layers: built-in ops and their options; composite blocks are bound by Binding/BlockBinder.cs, user-defined ops in
// Binder.UserOps.cs, registered ops in Binding/RegisteredOpBinder.cs, cell and DAG placements in Binding/GraphBinder.cs.
internal sealed partial class Binder
{
    /// <summary>Built-in ops and the option keys each accepts.</summary>
    private static readonly Dictionary<string, string[]> BuiltInKeys = new(StringComparer.Ordinal)
    {
        ["conv"] = new[] { "out", "kernel", "stride", "padding", "groups", "depthwise", "bias" },
        ["conv_bn"] = new[] { "out", "kernel", "stride", "padding", "groups", "depthwise", "bias", "act" },
        ["bn"] = new[] { "eps", "momentum" },
        ["act"] = new string[0],
        ["avgpool"] = new[] { "kernel", "stride", "padding", "count_include_pad" },
        ["maxpool"] = new[] { "kernel", "stride", "padding" },
        ["global_pool"] = new string[0],
        ["linear"] = new[] { "out", "bias", "act" },
        ["classifier"] = new[] { "dropout", "bias" },
        ["dropout"] = new string[0],
        ["identity"] = new string[0],
        ["zero"] = new[] { "out", "stride" },
        ["skip"] = new[] { "out", "stride" },
        ["se"] = new[] { "ratio", "act", "gate" },
        ["mbconv"] = new[] { "out", "kernel", "expand", "mid", "stride", "se", "act", "se_gate", "se_act", "se_base" },
        ["dwsep"] = new[] { "out", "kernel", "stride", "act" },
        ["basic"] = new[] { "out", "stride" },
        ["bottleneck"] = new[] { "out", "mid", "stride" },
        ["residual"] = new[] { "body", "shortcut", "act" },
        ["cell"] = new[] { "repeat", "reduce" },
        ["dag"] = new[] { "repeat", "out" },
        ["stage"] = new[] { "name", "depth", "out", "stride", "block" },
        ["encoder_decoder"] = new[] { "encoder", "decoder" },
        ["relu"] = new string[0], ["relu6"] = new string[0], ["leaky_relu"] = new string[0], ["hswish"] = new string[0],
        ["hsigmoid"] = new string[0], ["swish"] = new string[0], ["sigmoid"] = new string[0], ["tanh"] = new string[0],
    };

    private static readonly HashSet<string> BuiltIns = new(BuiltInKeys.Keys, StringComparer.Ordinal);

    private IReadOnlyCollection<string> KnownOps() =>
        BuiltIns.Concat(OpRegistry.All.Select(o => o.Name)).Concat(_ops.Keys).Where(k => k != "stage").ToArray();

    /// <summary>Binds a layer, at most <see cref="MaxLayerNesting"/> layers deep counting user-op expansions: the
    /// binder, the runtime and the generated C# all recurse over the layer tree, so a chain of thousands of ops
    /// (op1: [op0], op2: [op1], ...) must stop here with a diagnostic instead of overflowing a stack.</summary>
    private Layer? BindLayer(SyntaxNode raw, BindContext ctx)
    {
        if (_nesting >= MaxLayerNesting)
        {
            if (!_tooDeep)
            {
                _tooDeep = true;
                var chain = ctx.OpStack.Count == 0 ? "" : $" (through the ops {OpChain(ctx.OpStack)})";
                _read.Error(SpecDiagnostics.TooLarge(_read.At(raw),
                    $"layers nest more than {MaxLayerNesting} deep here{chain}; flatten the spec: list layers one after another instead of nesting ops inside ops"));
            }
            return null;
        }
        // Belt and braces for hosts with small stacks (an IDE's analyzer thread): an exception, never an overflow.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        _nesting++;
        try
        {
            return BindLayerAtDepth(raw, ctx);
        }
        finally
        {
            _nesting--;
        }
    }

    /// <summary>"a -> b -> ... -> y -> z", with the middle left out for long chains.</summary>
    private static string OpChain(IReadOnlyList<string> ops) =>
        ops.Count <= 6 ? string.Join(" -> ", ops) : string.Join(" -> ", ops.Take(3)) + " -> ... -> " + string.Join(" -> ", ops.Skip(ops.Count - 3));

    private Layer? BindLayerAtDepth(SyntaxNode raw, BindContext ctx)
    {
        if (!_values.Budget(raw)) return null;
        var node = _values.Substitute(raw, ctx, out _);
        if (node is null) return null;
        Layer? layer;
        switch (node)
        {
            case ScalarSyntax s when !s.IsNull:
                layer = BindOp(s.Value, s, null, ctx);
                break;
            case SequenceSyntax seq:
            {
                var children = new List<Layer>();
                var ok = true;
                foreach (var item in seq.Items)
                {
                    var child = BindLayer(item, ctx);
                    if (child is null) ok = false;
                    else children.Add(child);
                }
                layer = ok ? new SequenceLayer(children) : null;
                break;
            }
            case MappingSyntax m when m.Get("choose") is not null:
                layer = BindOpChoice(m, ctx);
                break;
            case MappingSyntax m when m.Entries.Count == 1:
                layer = BindOp(m.Entries[0].Key.Value, m.Entries[0].Key, m.Entries[0].Value, ctx);
                break;
            case MappingSyntax m:
                _read.Error(SpecDiagnostics.WrongType(_read.At(m), "a layer", "an op name or a mapping with one op, e.g. { conv: { out: 16, kernel: 3 } }",
                    m.Entries.Count == 0 ? "an empty mapping" : "a mapping with keys " + string.Join(", ", m.Entries.Select(e => "'" + e.Key.Value + "'"))));
                return null;
            default:
                _read.Error(SpecDiagnostics.WrongType(_read.At(node), "a layer", "an op name, a list of layers or { op: { options } }", node.KindName));
                return null;
        }
        if (layer is not null && layer.Origin is null) layer.Origin = node;
        return layer;
    }

    /// <summary>Options of a built-in op: a mapping (or nothing), with its keys checked.</summary>
    private MappingSyntax? Options(string op, SyntaxNode? value, SyntaxNode at)
    {
        if (value is null || value is ScalarSyntax { IsNull: true }) return new MappingSyntax(at.Line, at.Column);
        if (value is not MappingSyntax map)
        {
            _read.Error(SpecDiagnostics.WrongType(_read.At(value), $"the options of '{op}'", "a mapping of 'key: value' pairs", value.KindName));
            return null;
        }
        _read.CheckKeys(map, $"'{op}'", BuiltInKeys[op]);
        return map;
    }

    private Layer? BindOp(string op, ScalarSyntax name, SyntaxNode? value, BindContext ctx)
    {
        if (_ops.TryGetValue(op, out var userOp)) return BindUserOp(op, userOp, name, value, ctx);
        if (OpRegistry.TryGet(op, out var registered)) return _registeredOps.Bind(registered, name, value, ctx);
        if (!BuiltIns.Contains(op))
        {
            _read.Error(SpecDiagnostics.UnknownOp(_read.At(name), op, KnownOps()));
            return null;
        }
        if (ValueBinder.Activations.TryGetValue(op, out var activation)) return NoOptions(op, value, new ActivationLayer(Value<ActivationKind>.Of(activation)));
        switch (op)
        {
            case "act":
                if (value is null) break;
                return _values.ActivationValue(value, "act", ctx) is { } a ? new ActivationLayer(a) : null;
            case "dropout":
                if (value is ScalarSyntax { IsNull: false } p) return _read.Number(p, "dropout", 0, 1) is { } prob ? new DropoutLayer(prob) : null;
                break;
            case "cell" when value is ScalarSyntax { IsNull: false } repeatNode:
                return _graphs.PlaceCell(name, _read.IntLiteral(repeatNode, "repeat", 1, MaxRepeat));
            case "stage":
                _read.Error(SpecDiagnostics.Unsupported(_read.At(name), "a stage inside another layer", "place stages directly in 'network:' (or in the encoder or decoder list of an encoder_decoder)"));
                return null;
            case "encoder_decoder":
                _read.Error(SpecDiagnostics.Unsupported(_read.At(name), "an encoder_decoder inside another layer", "place it directly in 'network:'"));
                return null;
        }
        if (op is "act" or "dropout")
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(name), op, $"'{op}'", op == "act" ? "{ act: relu }" : "{ dropout: 0.2 }"));
            return null;
        }
        var o = Options(op, value, name);
        if (o is null) return null;
        return op switch
        {
            "conv" => Conv(o, ctx, false),
            "conv_bn" => Conv(o, ctx, true),
            "bn" => BatchNorm(o),
            "avgpool" or "maxpool" => Pool(op, o, name),
            "global_pool" => new GlobalPoolLayer(),
            "linear" => Linear(o, ctx, name),
            "classifier" => Classifier(o),
            "identity" => new IdentityLayer(),
            "zero" => _values.Optional(o, "out", ctx, true) is var zo && _values.Stride(o, ctx) is { } zs ? new ZeroLayer(zo.Value, zs) : null,
            "skip" => _values.Optional(o, "out", ctx, true) is var so && _values.Stride(o, ctx) is { } ss ? new SkipLayer(so.Value, ss) : null,
            "se" => _blocks.SqueezeExcite(o, ctx),
            "mbconv" => _blocks.MBConv(o, ctx),
            "dwsep" => _blocks.DepthwiseSeparable(o, ctx),
            "basic" => _blocks.Basic(o, ctx),
            "bottleneck" => _blocks.Bottleneck(o, ctx),
            "residual" => _blocks.Residual(o, ctx, name),
            "cell" => _graphs.PlaceCell(name, o.Get("repeat") is { } r ? _read.IntLiteral(r, "repeat", 1, MaxRepeat) : 1, o.Get("reduce")),
            "dag" => _graphs.PlaceDag(name, o, ctx),
            _ => null,
        };
    }

    private Layer? NoOptions(string op, SyntaxNode? value, Layer layer)
    {
        if (value is null || value is ScalarSyntax { IsNull: true } || value is MappingSyntax { Entries.Count: 0 }) return layer;
        _read.Error(SpecDiagnostics.WrongType(_read.At(value), $"'{op}'", "used without options (write just '" + op + "')", value.KindName));
        return null;
    }

    private Layer? Conv(MappingSyntax o, BindContext ctx, bool withBn)
    {
        var (ok, outChannels) = _values.Optional(o, "out", ctx, block: withBn);
        var kernel = _values.Kernel(o, ctx, withBn ? 3 : null, withBn ? "conv_bn" : "conv");
        var stride = _values.Stride(o, ctx, block: withBn);
        int? padding = o.Get("padding") is { } p ? _read.IntLiteral(p, "padding", 0, 64) : null;
        var groups = o.Get("groups") is { } g ? _read.IntLiteral(g, "groups", 1, 1_000_000) : 1;
        var depthwise = o.Get("depthwise") is { } d ? _read.Bool(d, "depthwise") : false;
        var bias = o.Get("bias") is { } b ? _read.Bool(b, "bias") : false;
        var act = o.Get("act") is { } a ? _values.ActivationValue(a, "act", ctx) : Value<ActivationKind>.Of(ActivationKind.None);
        if (!ok || kernel is null || stride is null || groups is null || depthwise is null || bias is null || act is null) return null;
        if (o.Get("padding") is not null && padding is null) return null;
        var conv = new ConvLayer(outChannels, kernel, stride, padding, groups.Value, depthwise.Value, bias.Value) { Origin = o };
        return withBn ? BlockBinder.WithBnAct(conv, act, o) : conv;
    }

    private Layer? Pool(string op, MappingSyntax o, SyntaxNode at)
    {
        if (o.Get("kernel") is null)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(at), "kernel", $"'{op}'", $"{{ {op}: {{ kernel: 2 }} }}"));
            return null;
        }
        var kernel = _read.IntLiteral(o.Get("kernel")!, "kernel", 1, 64);
        int? stride = o.Get("stride") is { } s ? _read.IntLiteral(s, "stride", 1, 64) : null;
        var padding = o.Get("padding") is { } p ? _read.IntLiteral(p, "padding", 0, 64) : 0;
        var countIncludePad = o.Get("count_include_pad") is { } c ? _read.Bool(c, "count_include_pad") : true;
        if (kernel is null || (o.Get("stride") is not null && stride is null) || padding is null || countIncludePad is null) return null;
        return new PoolLayer(op == "avgpool" ? PoolKind.Average : PoolKind.Max, kernel.Value, stride, padding.Value, countIncludePad.Value);
    }

    private Layer? Linear(MappingSyntax o, BindContext ctx, SyntaxNode at)
    {
        if (o.Get("out") is null)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(at), "out", "'linear'", "{ linear: { out: 1280 } } (or use 'classifier' for the last layer)"));
            return null;
        }
        var (ok, outFeatures) = _values.Optional(o, "out", ctx, false);
        var bias = o.Get("bias") is { } b ? _read.Bool(b, "bias") : true;
        var act = o.Get("act") is { } a ? _values.ActivationValue(a, "act", ctx) : Value<ActivationKind>.Of(ActivationKind.None);
        if (!ok || bias is null || act is null) return null;
        var linear = new LinearLayer(outFeatures, bias.Value) { Origin = o };
        if (!act.IsChoice && act.Constant == ActivationKind.None) return linear;
        return new SequenceLayer(new Layer[] { linear, new ActivationLayer(act) { Origin = o } });
    }

    private Layer? Classifier(MappingSyntax o)
    {
        var bias = o.Get("bias") is { } b ? _read.Bool(b, "bias") : true;
        double? dropout = o.Get("dropout") is { } d ? _read.Number(d, "dropout", 0, 1) : null;
        if (bias is null || (o.Get("dropout") is not null && dropout is null)) return null;
        var linear = new LinearLayer(null, bias.Value) { Origin = o };
        return dropout is { } p ? new SequenceLayer(new Layer[] { new DropoutLayer(p) { Origin = o }, linear }) : linear;
    }
}

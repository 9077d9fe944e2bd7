using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

/// <summary>Binds the composite built-in ops: squeeze-and-excitation, inverted residual (mbconv), depthwise separable,
/// ResNet basic and bottleneck blocks, and the generic residual, whose body and shortcut are layers bound by the layer
/// binder (<c>bindLayer</c>).</summary>
internal sealed class BlockBinder
{
    private readonly SpecReader _read;
    private readonly ValueBinder _values;
    private readonly Func<SyntaxNode, BindContext, Layer?> _bindLayer;

    public BlockBinder(SpecReader read, ValueBinder values, Func<SyntaxNode, BindContext, Layer?> bindLayer)
    {
        _read = read;
        _values = values;
        _bindLayer = bindLayer;
    }

    public Layer? SqueezeExcite(MappingSyntax o, BindContext ctx)
    {
        var ratio = o.Get("ratio") is { } r ? _read.IntLiteral(r, "ratio", 1, 1024) : 4;
        var inner = o.Get("act") is { } a ? _values.ActivationValue(a, "act", ctx) : Value<ActivationKind>.Of(ActivationKind.Relu);
        var gate = o.Get("gate") is { } g ? _values.ActivationValue(g, "gate", ctx) : Value<ActivationKind>.Of(ActivationKind.HardSigmoid);
        if (ratio is null || inner is null || gate is null) return null;
        if (inner.IsChoice || gate.IsChoice)
        {
            _read.Error(SpecDiagnostics.Unsupported(_read.At(o), "a choice of the squeeze-and-excitation activations", "fix them, or choose 'se' on/off instead"));
            return null;
        }
        return new SqueezeExciteLayer(ratio.Value, inner.Constant, gate.Constant);
    }

    public Layer? MBConv(MappingSyntax o, BindContext ctx)
    {
        var (ok, outChannels) = _values.Optional(o, "out", ctx, true);
        var kernel = _values.Kernel(o, ctx, 3, "mbconv");
        var stride = _values.Stride(o, ctx);
        Value<int>? mid = null;
        if (o.Get("mid") is { } m)
        {
            mid = _values.IntValue(m, "mid", ctx, DecisionRole.Expand, 1, 1_000_000, channels: true);
            ok &= mid is not null;
            if (o.Get("expand") is not null)
                _read.Error(SpecDiagnostics.Unsupported(_read.At(o.KeyOf("expand")!), "'expand' together with 'mid'", "give one of them"));
        }
        var expand = o.Get("expand") is { } e ? _values.DoubleValue(e, "expand", ctx, DecisionRole.Expand, 0.01, 1000) : Value<double>.Of(6);
        var se = o.Get("se") is { } s ? _values.BoolValue(s, "se", ctx, DecisionRole.SqueezeExcite) : Value<bool>.Of(false);
        var act = o.Get("act") is { } a ? _values.ActivationValue(a, "act", ctx) : Value<ActivationKind>.Of(ActivationKind.Relu);
        var gate = o.Get("se_gate") is { } g ? _values.ActivationValue(g, "se_gate", ctx) : Value<ActivationKind>.Of(ActivationKind.HardSigmoid);
        var seAct = o.Get("se_act") is { } sa ? _values.ActivationValue(sa, "se_act", ctx) : Value<ActivationKind>.Of(ActivationKind.Relu);
        var seBase = SqueezeBase.Expanded;
        if (o.Get("se_base") is { } sb)
        {
            if (sb is ScalarSyntax { Quoted: false, Value: "input" }) seBase = SqueezeBase.Input;
            else if (sb is not ScalarSyntax { Quoted: false, Value: "expanded" })
            {
                _read.Error(SpecDiagnostics.WrongType(_read.At(sb), "se_base", "'expanded' (MobileNetV3: the expanded width / 4) or 'input' (EfficientNet: the block's input width / 4)", sb is ScalarSyntax sv ? "'" + sv.Value + "'" : sb.KindName));
                ok = false;
            }
        }
        if (!ok || kernel is null || stride is null || expand is null || se is null || act is null || gate is null || seAct is null) return null;
        foreach (var (value, key) in new[] { (gate, "se_gate"), (seAct, "se_act") })
            if (value.IsChoice)
            {
                _read.Error(SpecDiagnostics.Unsupported(_read.At(o.KeyOf(key)!), "a choice of the squeeze-and-excitation activations", "fix them, or choose 'se' on/off instead"));
                return null;
            }
        return new MBConvLayer(outChannels, kernel, expand, mid, stride, se, act, gate.Constant, seAct.Constant, seBase);
    }

    public Layer? DepthwiseSeparable(MappingSyntax o, BindContext ctx)
    {
        var (ok, outChannels) = _values.Optional(o, "out", ctx, true);
        var kernel = _values.Kernel(o, ctx, 3, "dwsep");
        var stride = _values.Stride(o, ctx);
        var act = o.Get("act") is { } a ? _values.ActivationValue(a, "act", ctx) : Value<ActivationKind>.Of(ActivationKind.Relu);
        if (!ok || kernel is null || stride is null || act is null) return null;
        var dw = WithBnAct(new ConvLayer(null, kernel, stride, null, 1, depthwise: true) { Origin = o }, act, o);
        var pw = WithBnAct(new ConvLayer(outChannels, Value<int>.Of(1), Value<int>.Of(1)) { Origin = o }, act, o);
        return new SequenceLayer(new[] { dw, pw });
    }

    /// <summary>torchvision's ResNet basic block: conv3x3(stride)-BN-ReLU-conv3x3-BN + shortcut (1×1 conv + BN when the shape changes), ReLU.</summary>
    public Layer? Basic(MappingSyntax o, BindContext ctx)
    {
        var (ok, outChannels) = _values.Optional(o, "out", ctx, true);
        var stride = _values.Stride(o, ctx);
        if (!ok || stride is null) return null;
        var relu = Value<ActivationKind>.Of(ActivationKind.Relu);
        var body = new SequenceLayer(new[]
        {
            WithBnAct(new ConvLayer(outChannels, Value<int>.Of(3), stride) { Origin = o }, relu, o),
            WithBnAct(new ConvLayer(outChannels, Value<int>.Of(3), Value<int>.Of(1)) { Origin = o }, Value<ActivationKind>.Of(ActivationKind.None), o),
        });
        return new ResidualLayer(body, ShortcutKind.Projection, null, ActivationKind.Relu);
    }

    /// <summary>torchvision's ResNet bottleneck: 1×1 (mid) - 3×3 (mid, stride) - 1×1 (out), BN after each, ReLU inside and after the add.</summary>
    public Layer? Bottleneck(MappingSyntax o, BindContext ctx)
    {
        var (ok, outChannels) = _values.Optional(o, "out", ctx, true);
        var stride = _values.Stride(o, ctx);
        Value<int>? mid;
        if (o.Get("mid") is { } m) mid = _values.IntValue(m, "mid", ctx, DecisionRole.Width, 1, 1_000_000, channels: true);
        else if (outChannels is null)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(o), "out", "'bottleneck'", "{ bottleneck: { out: 256 } }"));
            return null;
        }
        else mid = outChannels.Map(c => Math.Max(1, c / 4));
        if (!ok || stride is null || mid is null) return null;
        var relu = Value<ActivationKind>.Of(ActivationKind.Relu);
        var none = Value<ActivationKind>.Of(ActivationKind.None);
        var body = new SequenceLayer(new[]
        {
            WithBnAct(new ConvLayer(mid, Value<int>.Of(1), Value<int>.Of(1)) { Origin = o }, relu, o),
            WithBnAct(new ConvLayer(mid, Value<int>.Of(3), stride) { Origin = o }, relu, o),
            WithBnAct(new ConvLayer(outChannels, Value<int>.Of(1), Value<int>.Of(1)) { Origin = o }, none, o),
        });
        return new ResidualLayer(body, ShortcutKind.Projection, null, ActivationKind.Relu);
    }

    public Layer? Residual(MappingSyntax o, BindContext ctx, SyntaxNode at)
    {
        if (o.Get("body") is not { } bodyNode)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(at), "body", "'residual'", "{ residual: { body: [conv_bn, conv_bn] } }"));
            return null;
        }
        var body = _bindLayer(bodyNode, ctx);
        var kind = ShortcutKind.Identity;
        Layer? shortcut = null;
        var ok = body is not null;
        if (o.Get("shortcut") is { } s)
        {
            if (s is ScalarSyntax { Quoted: false, Value: "projection" }) kind = ShortcutKind.Projection;
            else if (s is ScalarSyntax { Quoted: false, Value: "identity" }) kind = ShortcutKind.Identity;
            else
            {
                kind = ShortcutKind.Layer;
                shortcut = _bindLayer(s, ctx);
                ok &= shortcut is not null;
            }
        }
        var act = o.Get("act") is { } a ? _values.ActivationValue(a, "act", ctx) : Value<ActivationKind>.Of(ActivationKind.None);
        if (!ok || act is null) return null;
        if (act.IsChoice)
        {
            _read.Error(SpecDiagnostics.Unsupported(_read.At(o.Get("act")!), "a choice of the activation after a residual add", "put an 'act' layer with the choice at the end of the body"));
            return null;
        }
        return new ResidualLayer(body!, kind, shortcut, act.Constant);
    }

    /// <summary>conv + BN (+ the activation unless it is none): conv_bn and the conv parts of blocks.</summary>
    public static Layer WithBnAct(Layer conv, Value<ActivationKind> act, SyntaxNode origin)
    {
        var layers = new List<Layer> { conv, new BatchNormLayer { Origin = origin } };
        if (act.IsChoice || act.Constant != ActivationKind.None) layers.Add(new ActivationLayer(act) { Origin = origin });
        return new SequenceLayer(layers);
    }
}

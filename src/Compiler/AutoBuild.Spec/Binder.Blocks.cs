using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

// Composite built-in ops: squeeze-and-excitation, inverted residual, depthwise separable, ResNet blocks, residual.
internal sealed partial class Binder
{
    private Layer? SqueezeExcite(MappingSyntax o, BindContext ctx)
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

    private Layer? MBConv(MappingSyntax o, BindContext ctx)
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

    private Layer? DepthwiseSeparable(MappingSyntax o, BindContext ctx)
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
    private Layer? Basic(MappingSyntax o, BindContext ctx)
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
    private Layer? Bottleneck(MappingSyntax o, BindContext ctx)
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

    private Layer? Residual(MappingSyntax o, BindContext ctx, SyntaxNode at)
    {
        if (o.Get("body") is not { } bodyNode)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(at), "body", "'residual'", "{ residual: { body: [conv_bn, conv_bn] } }"));
            return null;
        }
        var body = BindLayer(bodyNode, ctx);
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
                shortcut = BindLayer(s, ctx);
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
}

using System;
using System.Collections.Generic;
using System.Globalization;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

// Op choices and stages: the layer constructs that create structural decisions (cells and DAGs: GraphBinder).
internal sealed partial class Binder
{
    private static readonly string[] StageKeys = { "name", "depth", "out", "stride", "block" };

    /// <summary>`{ choose: [op, op, ...], name: pattern, shared: bool }` as a layer: one decision whose values are op names.</summary>
    private Layer? BindOpChoice(MappingSyntax choose, BindContext ctx)
    {
        _read.CheckKeys(choose, "an op choice", ValueBinder.ChooseKeys);
        if (ctx.InOption)
        {
            _read.Error(SpecDiagnostics.NestedChoice(_read.At(choose)));
            return null;
        }
        var names = _read.OpNames(choose.Get("choose")!, "choose");
        if (names is null) return null;
        var options = new List<Layer>();
        var optionCtx = ctx.ForOption();
        var ok = true;
        foreach (var n in names)
        {
            var layer = BindOp(n.Value, n, null, optionCtx);
            if (layer is null) ok = false;
            else
            {
                layer.Origin ??= n;
                options.Add(layer);
            }
        }
        if (!ok) return null;
        var texts = names.ConvertAll(n => n.Value);
        var index = _values.CreateDecision(choose, "op", ctx, DecisionRole.Op, DecisionKind.Categorical, texts, null);
        return index < 0 ? null : new ChoiceLayer(index, options);
    }

    private Layer? BindStage(SyntaxNode node, ScalarSyntax key, int stageIndex)
    {
        if (Options("stage", node, key) is not { } o) return null;
        var name = _read.Identifier(o, "name", "stage name", required: true, example: "name: s1");
        if (name is null) return null;
        if (_stageNames.TryGetValue(name, out var firstName))
        {
            _read.Error(SpecDiagnostics.Duplicate(_read.At(o.Get("name")!), "stage", name, $"line {firstName.Line}"));
            return null;
        }
        _stageNames.Add(name, (ScalarSyntax)o.Get("name")!);
        var ctx = BindContext.Root.ForStage(name, stageIndex);
        var depth = o.Get("depth") is { } d ? _values.IntValue(d, "depth", ctx, DecisionRole.Depth, 1, MaxStageDepth, channels: false) : Value<int>.Of(1);
        var (outOk, outChannels) = o.Get("out") is { } outNode
            ? (_values.IntValue(outNode, "width", ctx, DecisionRole.Width, 1, 1_000_000, channels: true) is { } w ? (true, w) : (false, null))
            : (true, (Value<int>?)null);
        var stride = o.Get("stride") is { } s ? _values.IntValue(s, "stride", ctx, DecisionRole.Other, 1, 64, channels: false) : Value<int>.Of(1);
        if (o.Get("block") is not { } block)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(key), "block", "a stage", "block: { mbconv: { kernel: 3, expand: 6 } }"));
            return null;
        }
        if (depth is null || !outOk || stride is null) return null;
        if (stride.IsChoice)
        {
            _read.Error(SpecDiagnostics.Unsupported(_read.At(o.Get("stride")!), "a choice of a stage's stride", "fix the stride"));
            return null;
        }

        var minDepth = int.MaxValue;
        var maxDepth = 0;
        foreach (var v in depth.Options)
        {
            minDepth = Math.Min(minDepth, v);
            maxDepth = Math.Max(maxDepth, v);
        }
        var layers = new List<Layer>(maxDepth);
        for (var i = 0; i < maxDepth; i++)
        {
            ActivityCondition? active = null;
            if (i >= minDepth)
            {
                var choices = new List<int>();
                for (var c = 0; c < depth.Options.Count; c++)
                    if (depth.Options[c] > i) choices.Add(c);
                active = new ActivityCondition(depth.Decision, choices);
            }
            var layerCtx = ctx.ForLayer(i, _globalLayer++, outChannels, i == 0 ? stride : Value<int>.Of(1), active);
            var layer = BindLayer(block, layerCtx);
            if (layer is null) return null;
            layers.Add(layer);
        }
        return new StageLayer(name, stageIndex, depth, layers) { Origin = key };
    }
}

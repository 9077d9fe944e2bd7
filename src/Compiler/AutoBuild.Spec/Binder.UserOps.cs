using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Spec;

// User-defined ops (the spec's 'ops:' section): a definition bound at each call site with its `$name` arguments.
internal sealed partial class Binder
{
    /// <summary>A user-defined op: its definition bound at the call site, with `$name` arguments substituted.</summary>
    private Layer? BindUserOp(string op, KeyValuePair<ScalarSyntax, SyntaxNode> definition, ScalarSyntax name, SyntaxNode? value, BindContext ctx)
    {
        if (ctx.OpStack.Contains(op))
        {
            _read.Error(SpecDiagnostics.BadReference(_read.At(name), $"op '{op}' uses itself ({string.Join(" -> ", ctx.OpStack)} -> {op}); ops cannot be recursive"));
            return null;
        }
        var args = new Dictionary<string, OpArgument>(StringComparer.Ordinal);
        Value<int>? outValue = null, strideValue = null;
        if (value is not null && value is not ScalarSyntax { IsNull: true })
        {
            if (value is not MappingSyntax map)
            {
                _read.Error(SpecDiagnostics.WrongType(_read.At(value), $"the arguments of op '{op}'", "a mapping such as { out: 32 }", value.KindName));
                return null;
            }
            var used = Placeholders(definition.Value);
            used.Add("out");
            used.Add("stride");
            foreach (var entry in map.Entries)
            {
                if (!used.Contains(entry.Key.Value))
                {
                    _read.Error(SpecDiagnostics.UnknownKey(_read.At(entry.Key), entry.Key.Value, $"the arguments of op '{op}'", used));
                    continue;
                }
                if (entry.Key.Value is "out" or "stride") continue;
                var arg = _values.Substitute(entry.Value, ctx, out var fromContext);
                args[entry.Key.Value] = new OpArgument(arg, fromContext);
            }
            if (map.Get("out") is { } o) outValue = _values.IntValue(o, "out", ctx, DecisionRole.Width, 1, 1_000_000, channels: true);
            if (map.Get("stride") is { } s) strideValue = _values.IntValue(s, "stride", ctx, DecisionRole.Other, 1, 64, channels: false);
            if (outValue is not null) args["out"] = new OpArgument(null, outValue);
            if (strideValue is not null) args["stride"] = new OpArgument(null, strideValue);
        }
        return BindLayer(definition.Value, ctx.ForOp(op, args, outValue, strideValue));
    }

    /// <summary>The `$name` placeholders an op definition uses.</summary>
    private static HashSet<string> Placeholders(SyntaxNode node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<SyntaxNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case ScalarSyntax { Quoted: false } s when s.Value.Length > 1 && s.Value[0] == '$':
                    names.Add(s.Value.Substring(1));
                    break;
                case SequenceSyntax seq:
                    foreach (var item in seq.Items) stack.Push(item);
                    break;
                case MappingSyntax map:
                    foreach (var e in map.Entries) stack.Push(e.Value);
                    break;
            }
        }
        return names;
    }
}

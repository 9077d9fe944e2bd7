using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Runtime.Ops;

namespace AutoBuild.Spec;

/// <summary>Binds the ops defined in their own file under AutoBuild.Runtime/Ops (OpRegistry): checks the option keys
/// and hands the op a reader whose values are bound, and whose problems are reported, like those of built-in ops.</summary>
internal sealed class RegisteredOpBinder
{
    private readonly SpecReader _read;
    private readonly ValueBinder _values;

    public RegisteredOpBinder(SpecReader read, ValueBinder values)
    {
        _read = read;
        _values = values;
    }

    public Layer? Bind(OpDefinition op, ScalarSyntax name, SyntaxNode? value, BindContext ctx)
    {
        MappingSyntax map;
        if (value is null || value is ScalarSyntax { IsNull: true }) map = new MappingSyntax(name.Line, name.Column);
        else if (value is MappingSyntax m) map = m;
        else
        {
            _read.Error(SpecDiagnostics.WrongType(_read.At(value), $"the options of '{op.Name}'", "a mapping of 'key: value' pairs, e.g. " + op.Example, value.KindName));
            return null;
        }
        var errorsBefore = _read.ErrorCount();
        _read.CheckKeys(map, $"'{op.Name}'", new System.Collections.Generic.List<string>(op.OptionKeys).ToArray());
        var layer = op.Bind(new RegisteredOpOptions(_read, _values, op, map, ctx));
        return _read.ErrorCount() == errorsBefore ? layer : null;
    }

    /// <summary>The options of one use of a registered op, read with the binder's own value rules.</summary>
    private sealed class RegisteredOpOptions : IOpOptions
    {
        private readonly SpecReader _read;
        private readonly ValueBinder _values;
        private readonly OpDefinition _op;
        private readonly MappingSyntax _map;
        private readonly BindContext _ctx;

        public RegisteredOpOptions(SpecReader read, ValueBinder values, OpDefinition op, MappingSyntax map, BindContext ctx)
        {
            _read = read; _values = values; _op = op; _map = map; _ctx = ctx;
        }

        public Value<int>? Int(string key, int min, int max, int? fallback = null)
        {
            if (_map.Get(key) is { } node) return _values.IntValue(node, key, _ctx, DecisionRole.Other, min, max, channels: false);
            return fallback is { } f ? Value<int>.Of(f) : Missing<Value<int>>(key);
        }

        public double? Number(string key, double min, double max, double? fallback = null)
        {
            if (_map.Get(key) is { } node) return _read.Number(node, key, min, max);
            return fallback ?? Missing<double?>(key);
        }

        public bool? Bool(string key, bool? fallback = null)
        {
            if (_map.Get(key) is { } node) return _read.Bool(node, key);
            return fallback ?? Missing<bool?>(key);
        }

        public (bool Ok, Value<int>? Value) Width(string key) => _values.Optional(_map, key, _ctx, block: true);

        public Value<int>? Stride(string key) =>
            _map.Get(key) is { } node ? _values.IntValue(node, key, _ctx, DecisionRole.Other, 1, 64, channels: false) : _ctx.Stride;

        private T? Missing<T>(string key)
        {
            _read.Error(SpecDiagnostics.MissingKey(_read.At(_map), key, $"'{_op.Name}'", _op.Example));
            return default;
        }
    }
}

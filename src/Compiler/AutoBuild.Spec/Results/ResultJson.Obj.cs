using System;
using System.Collections.Generic;
using System.Globalization;

namespace AutoBuild.Spec.Results;

public static partial class ResultJson
{
    /// <summary>A JSON object with its path, for typed access with path-named errors.</summary>
    private sealed class Obj
    {
        private readonly JsonNode _node;
        private readonly string _path;

        public Obj(JsonNode node, string path)
        {
            if (node.Kind != JsonKind.Object) throw new FormatException(path + ": expected an object");
            _node = node;
            _path = path;
        }

        private JsonNode? Get(string name)
        {
            var v = _node[name];
            return v is null || v.Kind == JsonKind.Null ? null : v;
        }

        private FormatException Bad(string name, string expected) => new($"{_path}.{name}: expected {expected}");

        public string? Str(string name)
        {
            var v = Get(name);
            if (v is null) return null;
            if (v.Kind != JsonKind.String) throw Bad(name, "a string");
            return v.Text;
        }

        public double? NullableDouble(string name)
        {
            var v = Get(name);
            if (v is null) return null;
            return ParseDouble(v, () => Bad(name, "a number"));
        }

        /// <summary>null (how the writer stores a non-finite value) reads back as NaN.</summary>
        public double Double(string name) => NullableDouble(name) ?? double.NaN;

        public long Long(string name)
        {
            var v = Get(name);
            if (v is null) return 0;
            if (v.Kind != JsonKind.Number || !long.TryParse(v.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                throw Bad(name, "an integer");
            return l;
        }

        public bool Bool(string name, bool missing)
        {
            var v = Get(name);
            if (v is null) return missing;
            if (v.Kind != JsonKind.Bool) throw Bad(name, "true or false");
            return v.BoolValue;
        }

        /// <summary>An integer that may be absent or null (then null).</summary>
        public int? NullableInt(string name) => Get(name) is null ? null : Int(name, 0);

        public int Int(string name, int missing)
        {
            var v = Get(name);
            if (v is null) return missing;
            if (v.Kind != JsonKind.Number || !int.TryParse(v.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                throw Bad(name, "a 32-bit integer");
            return i;
        }

        public Obj? Child(string name)
        {
            var v = Get(name);
            return v is null ? null : new Obj(v, $"{_path}.{name}");
        }

        private List<JsonNode> Items(string name)
        {
            var v = Get(name);
            if (v is null) return new List<JsonNode>();
            if (v.Kind != JsonKind.Array) throw Bad(name, "an array");
            return v.Items;
        }

        public IEnumerable<Obj> Array(string name)
        {
            var items = Items(name);
            for (var i = 0; i < items.Count; i++)
                yield return new Obj(items[i], string.Format(CultureInfo.InvariantCulture, "{0}.{1}[{2}]", _path, name, i));
        }

        public List<string> Strings(string name)
        {
            var list = new List<string>();
            var items = Items(name);
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].Kind != JsonKind.String) throw Bad($"{name}[{i}]", "a string");
                list.Add(items[i].Text);
            }
            return list;
        }

        public List<double> Doubles(string name)
        {
            var list = new List<double>();
            var items = Items(name);
            for (var i = 0; i < items.Count; i++)
            {
                var index = i;
                list.Add(items[i].Kind == JsonKind.Null ? double.NaN : ParseDouble(items[i], () => Bad($"{name}[{index}]", "a number")));
            }
            return list;
        }

        public void Decisions(string name, IDictionary<string, string> into)
        {
            var v = Get(name);
            if (v is null) return;
            if (v.Kind != JsonKind.Object) throw Bad(name, "an object");
            foreach (var p in v.Properties)
            {
                if (p.Value.Kind != JsonKind.String) throw Bad($"{name}.{p.Key}", "a string");
                into[p.Key] = p.Value.Text;
            }
        }

        private static double ParseDouble(JsonNode v, Func<FormatException> bad)
        {
            if (v.Kind != JsonKind.Number
                || !double.TryParse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                throw bad();
            return d;
        }
    }
}

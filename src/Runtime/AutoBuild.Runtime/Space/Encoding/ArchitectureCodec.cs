using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoBuild.Runtime;

/// <summary>Canonical strings of one space's architectures (docs/spec-language.md, "Canonical architecture strings"):
/// Format, TryParse, Parse, in the encoding <see cref="EncodingPlan"/> chose for the space. Behind
/// <see cref="SearchSpace.Format"/> and <see cref="SearchSpace.TryParse"/>.</summary>
internal sealed class ArchitectureCodec
{
    private readonly SearchSpace _space;
    private readonly EncodingPlan _plan;

    public ArchitectureCodec(SearchSpace space)
    {
        _space = space;
        _plan = EncodingPlan.Choose(space);
    }

    public CanonicalEncoding Encoding => _plan.Kind;

    public string Format(Architecture architecture)
    {
        if (!ReferenceEquals(architecture.Space, _space) && !string.Equals(architecture.Space.Name, _space.Name, StringComparison.Ordinal))
            throw new ArgumentException($"The architecture belongs to space '{architecture.Space.Name}', not '{_space.Name}'.", nameof(architecture));
        var plan = _plan;
        return plan.Kind switch
        {
            CanonicalEncoding.CellEdges => FormatCell(plan, architecture),
            CanonicalEncoding.MacroCompact => FormatCompact(plan, architecture),
            CanonicalEncoding.MacroDigits => FormatDigits(architecture),
            _ => FormatGeneric(architecture),
        };
    }

    public bool TryParse(string text, out Architecture? architecture, out string? error)
    {
        architecture = null;
        if (text is null) { error = "no text"; return false; }
        var choices = new int[_space.Decisions.Count];
        for (var i = 0; i < choices.Length; i++) choices[i] = -1;
        var plan = _plan;
        error = plan.Kind switch
        {
            CanonicalEncoding.CellEdges => ParseCell(plan, text, choices),
            CanonicalEncoding.MacroCompact => ParseCompact(plan, text, choices),
            CanonicalEncoding.MacroDigits => ParseDigits(text, choices),
            _ => ParseGeneric(text, choices),
        };
        if (error is null && !_space.IsValid(choices, out error)) { }
        if (error is not null) return false;
        architecture = new Architecture(_space, choices);
        return true;
    }

    private string Unknown(int decision, string value, int at)
    {
        var d = _space.Decisions[decision];
        return string.Format(CultureInfo.InvariantCulture, "'{0}' is not a value of {1} ({2}) at character {3}", value, d.Name, string.Join(", ", d.Values), at + 1);
    }

    // ---- Cell edges (NAS-Bench-201) ----

    private string FormatCell(EncodingPlan plan, Architecture a)
    {
        var sb = new StringBuilder();
        for (var g = 0; g < plan.Groups.Count; g++)
        {
            if (g > 0) sb.Append('+');
            sb.Append('|');
            foreach (var d in plan.Groups[g])
                sb.Append(_space.Decisions[d].Values[a[d]]).Append('~').Append(_space.Decisions[d].Site.From!.Value.ToString(CultureInfo.InvariantCulture)).Append('|');
        }
        return sb.ToString();
    }

    private string? ParseCell(EncodingPlan plan, string text, int[] choices)
    {
        var groups = text.Split('+');
        if (groups.Length != plan.Groups.Count)
            return string.Format(CultureInfo.InvariantCulture, "expected {0} '+'-separated node groups, found {1}", plan.Groups.Count, groups.Length);
        var at = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            var group = groups[g];
            var to = _space.Decisions[plan.Groups[g][0]].Site.To!.Value;
            if (group.Length < 2 || group[0] != '|' || group[group.Length - 1] != '|')
                return string.Format(CultureInfo.InvariantCulture, "node group {0} must look like |op~i|...| (at character {1})", g + 1, at + 1);
            var items = group.Substring(1, group.Length - 2).Split('|');
            if (items.Length != plan.Groups[g].Length)
                return string.Format(CultureInfo.InvariantCulture, "node {0} needs {1} inputs, found {2} (at character {3})", to, plan.Groups[g].Length, items.Length, at + 1);
            var itemAt = at + 1;
            foreach (var item in items)
            {
                var tilde = item.LastIndexOf('~');
                if (tilde <= 0 || item.IndexOf('\0') >= 0 || !int.TryParse(item.Substring(tilde + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var from))
                    return string.Format(CultureInfo.InvariantCulture, "'{0}' is not op~node at character {1}", item, itemAt + 1);
                var d = -1;
                foreach (var e in plan.Groups[g])
                    if (_space.Decisions[e].Site.From == from) d = e;
                if (d < 0)
                    return string.Format(CultureInfo.InvariantCulture, "there is no edge {0}->{1} at character {2}", from, to, itemAt + 1);
                if (choices[d] >= 0)
                    return string.Format(CultureInfo.InvariantCulture, "edge {0}->{1} is given twice at character {2}", from, to, itemAt + 1);
                var op = item.Substring(0, tilde);
                choices[d] = _space.Decisions[d].IndexOf(op);
                if (choices[d] < 0) return Unknown(d, op, itemAt);
                itemAt += item.Length + 1;
            }
            at += group.Length + 1;
        }
        return null;
    }

    // ---- Macro compact (r224|s1:d3:k3e4,k5e6) ----

    private string FormatCompact(EncodingPlan plan, Architecture a)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var segment in plan.Segments)
        {
            if (!first) sb.Append('|');
            first = false;
            if (segment.Stage is not null) sb.Append(segment.Stage).Append(':');
            AppendTokens(sb, plan, segment.Head, a);
            if (segment.Stage is null || segment.Layers.Count == 0) continue;
            if (segment.Head.Length > 0) sb.Append(':');
            var firstLayer = true;
            foreach (var layer in segment.Layers)
            {
                if (!AnyActive(layer, a.Choices)) continue;
                if (!firstLayer) sb.Append(',');
                firstLayer = false;
                AppendTokens(sb, plan, layer, a);
            }
        }
        return sb.ToString();
    }

    private void AppendTokens(StringBuilder sb, EncodingPlan plan, int[] group, Architecture a)
    {
        foreach (var d in group)
            if (a[d] >= 0) sb.Append(plan.Keys[d]).Append(_space.Decisions[d].Values[a[d]]);
    }

    private bool AnyActive(int[] group, IReadOnlyList<int> choices)
    {
        foreach (var d in group)
            if (_space.IsActive(d, choices)) return true;
        return false;
    }

    private string? ParseCompact(EncodingPlan plan, string text, int[] choices)
    {
        var pos = 0;
        for (var s = 0; s < plan.Segments.Count; s++)
        {
            var segment = plan.Segments[s];
            if (s > 0)
            {
                if (pos >= text.Length || text[pos] != '|') return Expected("'|' before " + (segment.Stage ?? "the global decisions"), text, pos);
                pos++;
            }
            if (segment.Stage is not null)
            {
                var prefix = segment.Stage + ":";
                if (string.CompareOrdinal(text, pos, prefix, 0, prefix.Length) != 0) return Expected("'" + prefix + "'", text, pos);
                pos += prefix.Length;
            }
            var error = ParseTokens(plan, segment.Head, text, ref pos, choices);
            if (error is not null) return error;
            if (segment.Stage is null || segment.Layers.Count == 0) continue;
            if (segment.Head.Length > 0)
            {
                if (pos >= text.Length || text[pos] != ':') return Expected("':' before the layers of " + segment.Stage, text, pos);
                pos++;
            }
            var firstLayer = true;
            foreach (var layer in segment.Layers)
            {
                if (!AnyActive(layer, choices)) continue;
                if (!firstLayer)
                {
                    if (pos >= text.Length || text[pos] != ',') return Expected("',' and the next layer of " + segment.Stage, text, pos);
                    pos++;
                }
                firstLayer = false;
                error = ParseTokens(plan, layer, text, ref pos, choices);
                if (error is not null) return error;
            }
        }
        return pos == text.Length ? null : Expected("the end", text, pos);
    }

    private string? ParseTokens(EncodingPlan plan, int[] group, string text, ref int pos, int[] choices)
    {
        foreach (var d in group)
        {
            if (!_space.IsActive(d, choices)) continue;
            var key = plan.Keys[d];
            if (string.CompareOrdinal(text, pos, key, 0, key.Length) != 0) return Expected("'" + key + "' (" + _space.Decisions[d].Name + ")", text, pos);
            pos += key.Length;
            var start = pos;
            while (pos < text.Length && text[pos] >= '0' && text[pos] <= '9') pos++;
            var value = text.Substring(start, pos - start);
            choices[d] = _space.Decisions[d].IndexOf(value);
            if (choices[d] < 0) return value.Length == 0 ? Expected("a value of " + _space.Decisions[d].Name, text, start) : Unknown(d, value, start);
        }
        return null;
    }

    private static string Expected(string what, string text, int pos) =>
        pos >= text.Length
            ? string.Format(CultureInfo.InvariantCulture, "expected {0} at character {1}, found the end", what, pos + 1)
            : string.Format(CultureInfo.InvariantCulture, "expected {0} at character {1}, found '{2}'", what, pos + 1, text[pos]);

    // ---- Macro digits (NAS-Bench-Macro) ----

    private string FormatDigits(Architecture a)
    {
        var chars = new char[_space.Decisions.Count];
        for (var d = 0; d < chars.Length; d++) chars[d] = (char)('0' + a[d]);
        return new string(chars);
    }

    private string? ParseDigits(string text, int[] choices)
    {
        if (text.Length != _space.Decisions.Count)
            return string.Format(CultureInfo.InvariantCulture, "expected {0} digits (one choice index per decision), found {1} characters", _space.Decisions.Count, text.Length);
        for (var d = 0; d < text.Length; d++)
        {
            var c = text[d] - '0';
            if (c < 0 || c >= _space.Decisions[d].Values.Count)
                return string.Format(CultureInfo.InvariantCulture, "'{0}' at character {1} is not a choice index of {2} (0-{3}: {4})",
                    text[d], d + 1, _space.Decisions[d].Name, _space.Decisions[d].Values.Count - 1, string.Join(", ", _space.Decisions[d].Values));
            choices[d] = c;
        }
        return null;
    }

    // ---- Generic (value|value|-) ----

    private string FormatGeneric(Architecture a)
    {
        var parts = new string[_space.Decisions.Count];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = a[i] < 0 ? "-" : _space.Decisions[i].Values[a[i]];
        return string.Join("|", parts);
    }

    private string? ParseGeneric(string text, int[] choices)
    {
        if (_space.Decisions.Count == 0) return text.Length == 0 ? null : "this space has no decisions; its only architecture is the empty string";
        var parts = text.Split('|');
        if (parts.Length != _space.Decisions.Count)
            return string.Format(CultureInfo.InvariantCulture, "expected {0} '|'-separated values (one per decision), found {1}", _space.Decisions.Count, parts.Length);
        var at = 0;
        for (var d = 0; d < parts.Length; d++)
        {
            if (parts[d] != "-")
            {
                choices[d] = _space.Decisions[d].IndexOf(parts[d]);
                if (choices[d] < 0) return Unknown(d, parts[d], at);
            }
            at += parts[d].Length + 1;
        }
        return null;
    }
}

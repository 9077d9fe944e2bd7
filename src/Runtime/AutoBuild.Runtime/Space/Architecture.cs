using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AutoBuild.Runtime;

/// <summary>One point of a search space: a choice index for every decision, -1 where the decision is inactive.
/// Immutable; equality is by space name and choices.</summary>
public sealed class Architecture : IEquatable<Architecture>
{
    private readonly int[] _choices;

    public Architecture(SearchSpace space, IReadOnlyList<int> choices)
    {
        if (choices.Count != space.Decisions.Count)
            throw new ArgumentException($"Expected {space.Decisions.Count} choices, got {choices.Count}.", nameof(choices));
        Space = space;
        _choices = new int[choices.Count];
        for (var i = 0; i < choices.Count; i++) _choices[i] = choices[i];
    }

    public SearchSpace Space { get; }

    /// <summary>Choice indices, one per decision (-1 = inactive).</summary>
    public IReadOnlyList<int> Choices => _choices;

    /// <summary>The choice index of decision <paramref name="decision"/>.</summary>
    public int this[int decision] => _choices[decision];

    /// <summary>The value text of a decision by name, or null when inactive.</summary>
    public string? Value(string decisionName)
    {
        var d = Space.IndexOfDecision(decisionName);
        if (d < 0) throw new ArgumentException($"Unknown decision '{decisionName}'.", nameof(decisionName));
        return _choices[d] < 0 ? null : Space.Decisions[d].Values[_choices[d]];
    }

    private string? _canonical;
    private string? _id;

    /// <summary>The canonical string of this architecture (see <see cref="SearchSpace.Format"/>).</summary>
    public override string ToString() => _canonical ??= Space.Format(this);

    /// <summary>Stable id: the first 16 hex digits (lower case) of the SHA-256 of the UTF-8 canonical string.
    /// Equal for equal architectures of equally defined spaces on every machine; 64 bits, so collisions are
    /// negligible for any set of architectures one can evaluate.</summary>
    public string Id => _id ??= ComputeId(ToString());

    private static string ComputeId(string canonical)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(canonical));
        var sb = new StringBuilder(16);
        for (var i = 0; i < 8; i++) sb.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    public bool Equals(Architecture? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (!string.Equals(Space.Name, other.Space.Name, StringComparison.Ordinal) || _choices.Length != other._choices.Length) return false;
        for (var i = 0; i < _choices.Length; i++)
            if (_choices[i] != other._choices[i]) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is Architecture a && Equals(a);

    public override int GetHashCode()
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in _choices) h = (h ^ c) * 16777619;
            return h;
        }
    }

    /// <summary>Decision name = value pairs, for messages.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _choices.Length; i++)
        {
            if (_choices[i] < 0) continue;
            if (sb.Length > 0) sb.Append(", ");
            sb.Append(Space.Decisions[i].Name).Append('=').Append(Space.Decisions[i].Values[_choices[i]]);
        }
        return sb.ToString();
    }
}

using System;
using System.Collections.Generic;

namespace AutoBuild.Runtime.Ir;

/// <summary>A template parameter that is either a constant or taken from a decision: the decision's
/// choice index selects one of <see cref="Options"/> (bound by the front end, e.g. widths already scaled).</summary>
public sealed class Value<T>
{
    private Value(T constant, int decision, IReadOnlyList<T> options)
    {
        Constant = constant;
        Decision = decision;
        Options = options;
    }

    public static Value<T> Of(T constant) => new(constant, -1, new[] { constant });

    /// <summary>The value of decision <paramref name="decision"/>: option i for choice i.</summary>
    public static Value<T> FromDecision(int decision, IReadOnlyList<T> options)
    {
        if (decision < 0) throw new ArgumentOutOfRangeException(nameof(decision));
        if (options.Count == 0) throw new ArgumentException("A choice needs at least one option.", nameof(options));
        return new Value<T>(options[0], decision, options);
    }

    /// <summary>The constant (or the first option of a choice).</summary>
    public T Constant { get; }
    /// <summary>Index of the controlling decision, or -1 for a constant.</summary>
    public int Decision { get; }
    /// <summary>The possible values: one for a constant, one per choice otherwise.</summary>
    public IReadOnlyList<T> Options { get; }
    public bool IsChoice => Decision >= 0;

    public T Resolve(Architecture architecture)
    {
        if (Decision < 0) return Constant;
        var choice = architecture[Decision];
        if (choice < 0)
            throw new InvalidOperationException($"Decision '{architecture.Space.Decisions[Decision].Name}' is inactive but its value is needed.");
        return Options[choice];
    }

    /// <summary>The same value with every option transformed (e.g. a bottleneck's width = out / 4).</summary>
    public Value<TOut> Map<TOut>(Func<T, TOut> map)
    {
        if (Decision < 0) return Value<TOut>.Of(map(Constant));
        var mapped = new TOut[Options.Count];
        for (var i = 0; i < mapped.Length; i++) mapped[i] = map(Options[i]);
        return Value<TOut>.FromDecision(Decision, mapped);
    }

    public override string ToString() => Decision < 0 ? $"{Constant}" : $"decision #{Decision}";
}

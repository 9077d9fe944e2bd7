using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;
using AutoBuild.Runtime.Cost;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime;

/// <summary>The semantic model of a search space (the IR): decisions with domains and activity conditions,
/// plus the network template that turns an <see cref="Architecture"/> into a layer plan.
/// Built by the spec front end, or by generated code as a C# literal.</summary>
/// <remarks>This class is the public surface (generated code and the tools call it); the work is done by focused
/// services, each built on first use: <see cref="ArchitectureRules"/> (activity, validity, buildable DAGs, size,
/// enumeration), <see cref="ArchitectureSampler"/> (uniform sampling, mutation), the equivalences
/// (<see cref="EquivalenceFor"/>: canonical representatives), <see cref="ArchitectureCodec"/> (canonical strings),
/// and the plan <see cref="Plans.Instantiator"/> with <see cref="CostModel"/>.</remarks>
public sealed class SearchSpace
{
    private readonly Dictionary<string, int> _index;
    private ArchitectureRules? _rules;
    private ArchitectureSampler? _sampler;
    private ArchitectureCodec? _codec;
    private EquivalenceChoice? _equivalence;

    public SearchSpace(string name, string? @namespace, SpaceKind kind, IReadOnlyList<Decision> decisions)
    {
        Name = name;
        Namespace = @namespace;
        Kind = kind;
        Decisions = decisions;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < decisions.Count; i++) _index.Add(decisions[i].Name, i);
    }

    /// <summary>A space with its network template (what <see cref="Instantiate"/> turns into a plan).</summary>
    public SearchSpace(string name, string? @namespace, SpaceKind kind, IReadOnlyList<Decision> decisions, Network network,
        SpaceConstraints? constraints = null, bool enumerationRequested = false)
        : this(name, @namespace, kind, decisions)
    {
        Network = network;
        Constraints = constraints ?? SpaceConstraints.None;
        EnumerationRequested = enumerationRequested;
    }

    /// <summary>The C# type name of the space.</summary>
    public string Name { get; }
    /// <summary>The C# namespace from the spec, or null to use the project's root namespace.</summary>
    public string? Namespace { get; }
    public SpaceKind Kind { get; }
    /// <summary>All decisions, in declaration order (the CSV column order and the canonical order).</summary>
    public IReadOnlyList<Decision> Decisions { get; }
    /// <summary>The network template; null for a space built from decisions only.</summary>
    public Network? Network { get; }
    public SpaceConstraints Constraints { get; } = SpaceConstraints.None;
    /// <summary>The spec asked for enumeration (`enumerate: true`); the front end checked that the space is small enough.</summary>
    public bool EnumerationRequested { get; }

    /// <summary>Index of a decision by its dotted name, or -1.</summary>
    public int IndexOfDecision(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    // ---- validity, size, enumeration (ArchitectureRules) ----

    /// <summary>The exact number of valid architectures, respecting activity conditions
    /// (e.g. depth 2–4 with 9 block choices per layer gives 9²+9³+9⁴ per stage).</summary>
    public BigInteger Size => Rules.Structure.Size;

    /// <summary>The number of architectures as a long, or null when it does not fit.</summary>
    public long? SizeAsLong => Size <= long.MaxValue ? (long)Size : null;

    /// <summary>Whether decision <paramref name="decision"/> is active under <paramref name="choices"/>: it has no
    /// condition, or its controller is itself active and takes one of the listed choices.</summary>
    public bool IsActive(int decision, IReadOnlyList<int> choices) => Rules.IsActive(decision, choices);

    /// <summary>Whether <paramref name="choices"/> is an architecture of this space: one entry per decision, every
    /// active decision has a choice in range, every inactive one is -1, and every DAG is buildable.</summary>
    public bool IsValid(IReadOnlyList<int> choices, out string? error) => Rules.IsValid(choices, out error);

    /// <summary>The architecture with these choices, or an <see cref="ArgumentException"/> saying why they are invalid.</summary>
    public Architecture Create(IReadOnlyList<int> choices)
    {
        if (!IsValid(choices, out var error)) throw new ArgumentException($"Not an architecture of {Name}: {error}.", nameof(choices));
        return new Architecture(this, choices);
    }

    /// <summary>"active when s1.depth is 3 or 4", for messages.</summary>
    public string DescribeCondition(int decision) => Rules.DescribeCondition(decision);

    /// <summary>The DAG templates the network places (none for macro and cell spaces).</summary>
    public IReadOnlyList<DagTemplate> DagTemplates => Rules.DagTemplates;

    /// <summary>Whether some assignments of this space's decisions are not architectures (DAG spaces), so that
    /// <see cref="Size"/> counts raw assignments and is an upper bound on the number of architectures.</summary>
    public bool HasStructuralConstraints => Rules.HasStructuralConstraints;

    /// <summary>Random assignments tried per draw before giving up on a DAG space (NAS-Bench-101 accepts ~3 in 4).</summary>
    public const int MaxStructuralDraws = 100_000;

    /// <summary>Whether the space has at most <paramref name="limit"/> architectures, so that
    /// <see cref="Enumerate"/> finishes in reasonable time.</summary>
    public bool CanEnumerate(long limit) => Size <= limit;

    /// <summary>Every architecture exactly once, lazily, in canonical order: lexicographic by choice index with the
    /// first decision varying slowest (decisions in declaration order; a controller declared after a decision it
    /// controls is visited first). Check <see cref="CanEnumerate"/> before enumerating a space of unknown size.</summary>
    public IEnumerable<Architecture> Enumerate() => Rules.Enumerate();

    // ---- sampling and mutation (ArchitectureSampler) ----

    /// <summary>How many draws <see cref="Sample"/> makes by default before it gives up on a filter.</summary>
    public const int DefaultMaxTries = 10_000;

    /// <summary>A uniformly random architecture of the space (every valid architecture equally likely: a depth
    /// choice is weighted by the number of completions it allows). With a <paramref name="filter"/> (a constraint
    /// such as a FLOPs budget), draws until one passes; throws an <see cref="InvalidOperationException"/> after
    /// <paramref name="maxTries"/> draws that all fail. Draws only from <paramref name="random"/>: the same seed gives
    /// the same architectures on every machine.</summary>
    public Architecture Sample(Random random, Func<Architecture, bool>? filter = null, int maxTries = DefaultMaxTries) =>
        Sampler.Sample(random, filter, maxTries);

    /// <summary>Like <see cref="Sample"/>, but returns false instead of throwing when no draw passes the filter.</summary>
    public bool TrySample(Random random, Func<Architecture, bool>? filter, int maxTries, out Architecture? architecture) =>
        Sampler.TrySample(random, filter, maxTries, out architecture);

    /// <summary><paramref name="count"/> distinct uniformly random architectures that pass the optional filter, in
    /// the order drawn. Small spaces (at most 4×count architectures) are enumerated and shuffled, larger ones are
    /// sampled with rejection of duplicates. Throws an <see cref="ArgumentException"/> when the space is smaller
    /// than <paramref name="count"/>, an <see cref="InvalidOperationException"/> when the filter lets too few through.</summary>
    public IReadOnlyList<Architecture> SampleDistinct(int count, Random random, Func<Architecture, bool>? filter = null) =>
        Sampler.SampleDistinct(count, random, filter, DepthSampling.Proportional);

    /// <summary>Like <see cref="SampleDistinct(int, Random, Func{Architecture, bool}?)"/>, drawing the depths as
    /// <paramref name="depths"/> says: with <see cref="DepthSampling.Uniform"/> each active decision's value is drawn
    /// uniformly (each stage's depth first, then its layers; distinct, filtered and seeded the same way), so that
    /// shallow depths are as common as deep ones. A separate overload rather than an optional parameter, so that code
    /// compiled against the three-parameter form keeps binding to it.</summary>
    public IReadOnlyList<Architecture> SampleDistinct(int count, Random random, Func<Architecture, bool>? filter, DepthSampling depths) =>
        Sampler.SampleDistinct(count, random, filter, depths);

    /// <summary>A neighbour of <paramref name="architecture"/>: one active decision with at least two values (chosen
    /// uniformly) takes a different value (chosen uniformly); decisions that become inactive are cleared and decisions
    /// that become active are sampled uniformly (with their own subtrees). Throws when no decision can change.</summary>
    public Architecture Mutate(Architecture architecture, Random random) => Sampler.Mutate(architecture, random);

    // ---- equivalence (CellEquivalence, DagEquivalence) ----

    /// <summary>Whether this space defines an equivalence coarser than identity.</summary>
    public bool HasEquivalence => Equivalence is not null;

    /// <summary>The canonical representative of the architectures that compute the same function as
    /// <paramref name="architecture"/>; the architecture itself when the space defines no equivalence.</summary>
    public Architecture Canonical(Architecture architecture)
    {
        if (architecture is null) throw new ArgumentNullException(nameof(architecture));
        return Equivalence is { } e ? e.Canonical(architecture) : architecture;
    }

    /// <summary>Whether the network's output does not depend on its input, so that it can learn no more than the most
    /// frequent class: a summing cell whose output node receives only zeros (every edge into it is a zero op or leaves a
    /// node that carries only zeros, e.g. NAS-Bench-201's all-<c>none</c> cell and every cell cut off from its input),
    /// placed on every path of the network. Such architectures are one network (their canonical form). False in every
    /// other space.</summary>
    public bool IgnoresInput(Architecture architecture)
    {
        if (architecture is null) throw new ArgumentNullException(nameof(architecture));
        return Equivalence is { } e && e.IgnoresInput(architecture);
    }

    // ---- canonical strings (ArchitectureCodec) ----

    /// <summary>The canonical encoding this space uses.</summary>
    public CanonicalEncoding Encoding => Codec.Encoding;

    /// <summary>The canonical string of an architecture (see <see cref="CanonicalEncoding"/>).</summary>
    public string Format(Architecture architecture) => Codec.Format(architecture);

    /// <summary>Parses a canonical string. On failure <paramref name="error"/> says what is wrong and where
    /// (1-based character), e.g. <c>'9' is not a value of s1.l1.kernel (3, 5, 7) at character 13</c>.</summary>
    public bool TryParse(string text, out Architecture? architecture, out string? error) => Codec.TryParse(text, out architecture, out error);

    /// <summary>Parses a canonical string or throws a <see cref="FormatException"/> with the reason.</summary>
    public Architecture Parse(string text) =>
        TryParse(text, out var a, out var error) ? a! : throw new FormatException($"Not a {Name} architecture string: {error}.");

    // ---- plans and cost (Plans.Instantiator, CostModel) ----

    /// <summary>The concrete layer plan of <paramref name="architecture"/>, with static shape inference.
    /// Throws <see cref="Plans.ShapeException"/> when the architecture's shapes do not fit (the front end reports
    /// such specs as AB1008), and <see cref="InvalidOperationException"/> for a space without a network template.</summary>
    public Plans.Plan Instantiate(Architecture architecture)
    {
        if (Network is null) throw new InvalidOperationException($"Space '{Name}' has no network template.");
        if (!ReferenceEquals(architecture.Space, this) && architecture.Space.Decisions.Count != Decisions.Count)
            throw new ArgumentException("The architecture belongs to another space.", nameof(architecture));
        return new Plans.Instantiator(architecture, Network).Run();
    }

    /// <summary>Parameter count of an architecture (see <see cref="CostModel"/>).</summary>
    public long Params(Architecture architecture) => CostModel.Params(Instantiate(architecture));

    /// <summary>Multiply-accumulates per image of an architecture (see <see cref="CostModel"/>).</summary>
    public long Flops(Architecture architecture) => CostModel.Flops(Instantiate(architecture));

    // ---- the services, each built once on first use (a space is shared between threads) ----

    internal ArchitectureRules Rules => Once(ref _rules, () => new ArchitectureRules(this));

    private ArchitectureSampler Sampler => Once(ref _sampler, () => new ArchitectureSampler(this, Rules));

    private ArchitectureCodec Codec => Once(ref _codec, () => new ArchitectureCodec(this));

    private IArchitectureEquivalence? Equivalence => Once(ref _equivalence, () => new EquivalenceChoice(EquivalenceFor.Space(this))).Equivalence;

    private static T Once<T>(ref T? field, Func<T> create) where T : class
    {
        var value = Volatile.Read(ref field);
        if (value is not null) return value;
        Interlocked.CompareExchange(ref field, create(), null);
        return Volatile.Read(ref field)!;
    }

    /// <summary>The equivalence found for the space, null included (so "none" is decided once too).</summary>
    private sealed class EquivalenceChoice
    {
        public EquivalenceChoice(IArchitectureEquivalence? equivalence) => Equivalence = equivalence;
        public IArchitectureEquivalence? Equivalence { get; }
    }
}

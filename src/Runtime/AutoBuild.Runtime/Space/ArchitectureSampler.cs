using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace AutoBuild.Runtime;

// Determinism: every operation draws only from the System.Random passed in (Next(int) and NextBytes). A
// System.Random built with a seed uses the same documented subtractive generator on every .NET version and
// machine, so the same seed gives the same architectures everywhere.

/// <summary>Uniform sampling and mutation of one space's architectures, behind <see cref="SearchSpace.Sample"/>,
/// <see cref="SearchSpace.SampleDistinct"/> and <see cref="SearchSpace.Mutate"/>.</summary>
internal sealed class ArchitectureSampler
{
    private readonly SearchSpace _space;
    private readonly ArchitectureRules _rules;

    public ArchitectureSampler(SearchSpace space, ArchitectureRules rules)
    {
        _space = space;
        _rules = rules;
    }

    public Architecture Sample(Random random, Func<Architecture, bool>? filter, int maxTries)
    {
        if (TrySample(random, filter, maxTries, out var architecture)) return architecture!;
        throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
            "No architecture of {0} passed the filter in {1} uniform draws; the constraint excludes (nearly) the whole space.", _space.Name, maxTries));
    }

    public bool TrySample(Random random, Func<Architecture, bool>? filter, int maxTries, out Architecture? architecture)
    {
        if (random is null) throw new ArgumentNullException(nameof(random));
        if (maxTries < 1) throw new ArgumentOutOfRangeException(nameof(maxTries), "At least one try is needed.");
        for (var t = 0; t < maxTries; t++)
        {
            var candidate = SampleUnfiltered(random);
            if (filter is null || filter(candidate)) { architecture = candidate; return true; }
        }
        architecture = null;
        return false;
    }

    public IReadOnlyList<Architecture> SampleDistinct(int count, Random random, Func<Architecture, bool>? filter)
    {
        if (random is null) throw new ArgumentNullException(nameof(random));
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), "The count must not be negative.");
        var size = _space.Size;
        if (size < count)
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "{0} has only {1} architectures; {2} distinct ones were asked for.", _space.Name, size, count), nameof(count));
        var result = new List<Architecture>(count);
        if (count == 0) return result;

        if (size <= 4 * (BigInteger)count)
        {
            var all = new List<Architecture>();
            foreach (var a in _rules.Enumerate())
                if (filter is null || filter(a)) all.Add(a);
            for (var i = 0; i < count && i < all.Count; i++)
            {
                var j = i + random.Next(all.Count - i);
                (all[i], all[j]) = (all[j], all[i]);
                result.Add(all[i]);
            }
            if (result.Count < count) throw TooFew(result.Count, count, size.ToString(CultureInfo.InvariantCulture) + " (all of them)");
            return result;
        }

        var seen = new HashSet<Architecture>();
        var budget = 100L * count + SearchSpace.DefaultMaxTries;
        for (var t = 0L; t < budget && result.Count < count; t++)
        {
            var a = SampleUnfiltered(random);
            if ((filter is null || filter(a)) && seen.Add(a)) result.Add(a);
        }
        if (result.Count < count) throw TooFew(result.Count, count, budget.ToString(CultureInfo.InvariantCulture));
        return result;
    }

    private InvalidOperationException TooFew(int found, int wanted, string draws) =>
        new(string.Format(CultureInfo.InvariantCulture, "only {0} of the {1} distinct architectures of {2} asked for pass the filter ({3} draws)", found, wanted, _space.Name, draws));

    public Architecture Mutate(Architecture architecture, Random random)
    {
        if (architecture is null) throw new ArgumentNullException(nameof(architecture));
        if (random is null) throw new ArgumentNullException(nameof(random));
        if (!_space.IsValid(architecture.Choices, out var error)) throw new ArgumentException($"Not an architecture of {_space.Name}: {error}.", nameof(architecture));
        var candidates = new List<int>();
        for (var d = 0; d < _space.Decisions.Count; d++)
            if (architecture[d] >= 0 && _space.Decisions[d].Values.Count > 1) candidates.Add(d);
        if (candidates.Count == 0) throw new InvalidOperationException($"{_space.Name} has a single architecture; there is nothing to mutate.");
        return _rules.HasStructuralConstraints ? _rules.Buildable(() => MutateOnce(architecture, candidates, random)) : MutateOnce(architecture, candidates, random);
    }

    private Architecture MutateOnce(Architecture architecture, List<int> candidates, Random random)
    {
        var choices = new int[_space.Decisions.Count];
        for (var d = 0; d < choices.Length; d++) choices[d] = architecture[d];
        var changed = candidates[random.Next(candidates.Count)];
        var value = random.Next(_space.Decisions[changed].Values.Count - 1);
        choices[changed] = value >= architecture[changed] ? value + 1 : value;

        var structure = _rules.Structure;
        foreach (var d in structure.Order)
        {
            if (!_space.IsActive(d, choices)) choices[d] = -1;
            else if (choices[d] < 0) SampleSubtree(structure, d, choices, random);
        }
        return new Architecture(_space, choices);
    }

    private Architecture SampleUnfiltered(Random random) =>
        _rules.HasStructuralConstraints ? _rules.Buildable(() => SampleAssignment(random)) : SampleAssignment(random);

    /// <summary>A uniformly random assignment of the decisions (an architecture unless the space has DAGs).</summary>
    private Architecture SampleAssignment(Random random)
    {
        var structure = _rules.Structure;
        var choices = new int[_space.Decisions.Count];
        for (var d = 0; d < choices.Length; d++) choices[d] = -1;
        foreach (var root in structure.Roots) SampleSubtree(structure, root, choices, random);
        return new Architecture(_space, choices);
    }

    /// <summary>Chooses a value of an active decision with probability proportional to its number of completions,
    /// then samples the decisions it activates.</summary>
    private static void SampleSubtree(SpaceStructure structure, int decision, int[] choices, Random random)
    {
        var weights = structure.ChoiceWeights[decision];
        var total = structure.ActiveCount[decision];
        int choice;
        if (total == weights.Length) choice = random.Next(weights.Length); // all weights are 1
        else
        {
            var r = RandomBelow(total, random);
            choice = 0;
            while (r >= weights[choice]) { r -= weights[choice]; choice++; }
        }
        choices[decision] = choice;
        foreach (var child in structure.Children[decision])
        {
            var condition = structure.Conditions[child];
            if (Array.IndexOf(condition, choice) >= 0) SampleSubtree(structure, child, choices, random);
        }
    }

    /// <summary>A uniform integer in [0, bound), bound ≥ 1, of any size (rejection sampling on random bytes).</summary>
    internal static BigInteger RandomBelow(BigInteger bound, Random random)
    {
        if (bound <= int.MaxValue) return random.Next((int)bound);
        var bytes = bound.ToByteArray(); // little-endian two's complement, top byte holds the sign bit
        var top = bytes[bytes.Length - 1];
        var mask = (byte)0xFF;
        while (mask >> 1 >= top && mask > 0) mask >>= 1;
        var buffer = new byte[bytes.Length + 1]; // trailing zero keeps the value positive
        while (true)
        {
            random.NextBytes(buffer);
            buffer[buffer.Length - 1] = 0;
            buffer[buffer.Length - 2] &= mask;
            var value = new BigInteger(buffer);
            if (value < bound) return value;
        }
    }
}

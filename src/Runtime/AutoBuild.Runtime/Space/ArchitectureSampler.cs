using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace AutoBuild.Runtime;

// Determinism: every operation draws only from the System.Random passed in (Next(int) and NextBytes). A
// System.Random built with a seed uses the same documented subtractive generator on every .NET version and
// machine, so the same seed gives the same architectures everywhere.

/// <summary>Uniform sampling and mutation of one space's architectures, behind <see cref="SearchSpace.Sample"/>,
/// the <c>SearchSpace.SampleDistinct</c> overloads and <see cref="SearchSpace.Mutate"/>.</summary>
internal sealed class ArchitectureSampler
{
    private readonly SearchSpace _space;
    private readonly ArchitectureRules _rules;
    // Per decision: whether its values allow different numbers of completions (a stage's depth, any decision that
    // switches others on or off unevenly). Only these are drawn differently under DepthSampling.Uniform.
    private readonly bool[] _uneven;
    private readonly bool _anyUneven;

    public ArchitectureSampler(SearchSpace space, ArchitectureRules rules)
    {
        _space = space;
        _rules = rules;
        var weights = rules.Structure.ChoiceWeights;
        _uneven = new bool[weights.Length];
        for (var d = 0; d < weights.Length; d++)
            for (var v = 1; v < weights[d].Length; v++)
                if (weights[d][v] != weights[d][0]) { _uneven[d] = true; _anyUneven = true; break; }
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

    public IReadOnlyList<Architecture> SampleDistinct(int count, Random random, Func<Architecture, bool>? filter, DepthSampling depths = DepthSampling.Proportional)
    {
        if (random is null) throw new ArgumentNullException(nameof(random));
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), "The count must not be negative.");
        var size = _space.Size;
        if (size < count)
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "{0} has only {1} architectures; {2} distinct ones were asked for.", _space.Name, size, count), nameof(count));
        if (depths != DepthSampling.Proportional && depths != DepthSampling.Uniform)
            throw new ArgumentOutOfRangeException(nameof(depths), depths, "Not a depth sampling mode.");
        // Without an uneven decision both modes are the same distribution; the proportional code keeps the rows.
        var uniformDepths = depths == DepthSampling.Uniform && _anyUneven;
        var result = new List<Architecture>(count);
        if (count == 0) return result;

        if (size <= 4 * (BigInteger)count && uniformDepths)
        {
            // Rejection of duplicates draws each next architecture in proportion to its probability among those not
            // drawn yet; with every active decision uniform that probability is the product of 1/|values| over the
            // active decisions, so architectures with the same active decisions weigh the same: draw a group in
            // proportion to its weight times its members left, then a member uniformly.
            var groups = new Dictionary<string, int>(StringComparer.Ordinal);
            var members = new List<List<Architecture>>();
            var weights = new List<BigInteger>();
            foreach (var a in _rules.Enumerate())
            {
                if (filter is not null && !filter(a)) continue;
                var key = new char[_space.Decisions.Count];
                var weight = BigInteger.One; // the product of |values| over the inactive decisions
                for (var d = 0; d < key.Length; d++)
                {
                    key[d] = a[d] < 0 ? '0' : '1';
                    if (a[d] < 0) weight *= _space.Decisions[d].Values.Count;
                }
                var k = new string(key);
                if (!groups.TryGetValue(k, out var g))
                {
                    groups.Add(k, g = members.Count);
                    members.Add(new List<Architecture>());
                    weights.Add(weight);
                }
                members[g].Add(a);
            }
            while (result.Count < count)
            {
                var total = BigInteger.Zero;
                for (var g = 0; g < members.Count; g++) total += weights[g] * members[g].Count;
                if (total.IsZero) break;
                var r = RandomBelow(total, random);
                var pick = 0;
                while (r >= weights[pick] * members[pick].Count) { r -= weights[pick] * members[pick].Count; pick++; }
                var list = members[pick];
                var j = random.Next(list.Count);
                result.Add(list[j]);
                list[j] = list[list.Count - 1];
                list.RemoveAt(list.Count - 1);
            }
            if (result.Count < count) throw TooFew(result.Count, count, size.ToString(CultureInfo.InvariantCulture) + " (all of them)");
            return result;
        }

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
            var a = SampleUnfiltered(random, uniformDepths);
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

    private Architecture SampleUnfiltered(Random random, bool uniformDepths = false) =>
        _rules.HasStructuralConstraints ? _rules.Buildable(() => SampleAssignment(random, uniformDepths)) : SampleAssignment(random, uniformDepths);

    /// <summary>A uniformly random assignment of the decisions (an architecture unless the space has DAGs); with
    /// <paramref name="uniformDepths"/>, every uneven decision's value is uniform instead.</summary>
    private Architecture SampleAssignment(Random random, bool uniformDepths)
    {
        var structure = _rules.Structure;
        var choices = new int[_space.Decisions.Count];
        for (var d = 0; d < choices.Length; d++) choices[d] = -1;
        foreach (var root in structure.Roots) SampleSubtree(structure, root, choices, random, uniformDepths ? _uneven : null);
        return new Architecture(_space, choices);
    }

    /// <summary>Chooses a value of an active decision with probability proportional to its number of completions
    /// (uniformly where <paramref name="uniform"/> marks the decision), then samples the decisions it activates.</summary>
    private static void SampleSubtree(SpaceStructure structure, int decision, int[] choices, Random random, bool[]? uniform = null)
    {
        var weights = structure.ChoiceWeights[decision];
        var total = structure.ActiveCount[decision];
        int choice;
        if (total == weights.Length || uniform?[decision] == true) choice = random.Next(weights.Length); // all weights are 1, or drawn as if
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
            if (Array.IndexOf(condition, choice) >= 0) SampleSubtree(structure, child, choices, random, uniform);
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

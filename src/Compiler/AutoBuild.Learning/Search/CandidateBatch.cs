using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Search;

/// <summary>Chooses a batch of architectures to measure next: highest acquisition value first (expected
/// improvement over the best measured), kept diverse by requiring each pick to differ from every earlier pick
/// in at least <c>minDistance</c> decisions (relaxed step by step when the pool runs out), so that one
/// mis-predicted region cannot take the whole batch. Deterministic: ties by mean prediction, then canonical string.
/// A <c>first</c> index leads the batch whatever its acquisition (the build's unmeasured best[0]: measuring the
/// candidates must measure the answer), and later picks keep their distance from it too, as from every architecture
/// of <c>chosenBefore</c> (an earlier batch the picks add to; an architecture of it is never picked again).</summary>
public static class CandidateBatch
{
    public const int DefaultMinDistance = 2;

    public static List<int> Select(IReadOnlyList<Architecture> pool, IReadOnlyList<double> acquisition, IReadOnlyList<double> mean,
        int count, int minDistance = DefaultMinDistance, int? first = null, IReadOnlyList<Architecture>? chosenBefore = null)
    {
        if (pool.Count != acquisition.Count || pool.Count != mean.Count) throw new ArgumentException("One value per architecture.");
        var order = Enumerable.Range(0, pool.Count).OrderByDescending(i => acquisition[i]).ThenByDescending(i => mean[i])
            .ThenBy(i => pool[i].ToString(), StringComparer.Ordinal).ToList();
        var chosen = new List<int>();
        var taken = new HashSet<int>();
        if (first is { } lead && count > 0)
        {
            if (lead < 0 || lead >= pool.Count) throw new ArgumentOutOfRangeException(nameof(first));
            chosen.Add(lead);
            taken.Add(lead);
        }
        for (var distance = minDistance; distance >= 1 && chosen.Count < count; distance--)
            foreach (var i in order)
            {
                if (chosen.Count >= count) break;
                if (taken.Contains(i) || chosen.Any(j => Hamming(pool[i], pool[j]) < distance)
                    || (chosenBefore is not null && chosenBefore.Any(b => Hamming(pool[i], b) < distance))) continue;
                chosen.Add(i);
                taken.Add(i);
            }
        return chosen;
    }

    /// <summary>Decisions whose choices differ (inactive counts as a choice).</summary>
    public static int Hamming(Architecture a, Architecture b)
    {
        var n = 0;
        for (var d = 0; d < a.Choices.Count; d++) if (a[d] != b[d]) n++;
        return n;
    }
}

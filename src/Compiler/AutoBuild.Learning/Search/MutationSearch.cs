using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Search;

/// <summary>Settings of <see cref="MutationSearch"/>; the defaults are the paper's (autobuild-method.md §5.2:
/// 50 random + 4 × 50 mutated), scaled up because predictor evaluations are cheap.</summary>
public sealed class SearchOptions
{
    public int InitialSize { get; set; } = 200;
    public int Iterations { get; set; } = 20;
    public int BatchSize { get; set; } = 200;
    /// <summary>How many of the best architectures found so far act as parents.</summary>
    public int Parents { get; set; } = 20;
    /// <summary>Probability that a unit changes in a child. Null: 0.5 (the paper's, for 5 stages) capped so that
    /// about two units change on average, which keeps children near their parents in spaces with many units.</summary>
    public double? MutationRate { get; set; }
    /// <summary>Pruned spaces up to this size are evaluated exhaustively instead of searched.</summary>
    public long ExhaustiveLimit { get; set; } = 50_000;
}

/// <summary>An evaluated architecture of a search.</summary>
public sealed class Candidate
{
    public Candidate(Architecture architecture, double predicted) { Architecture = architecture; Predicted = predicted; }
    public Architecture Architecture { get; }
    public double Predicted { get; }

    /// <summary>Best first: highest <see cref="Predicted"/>, ties by ordinal canonical string.</summary>
    internal static List<Candidate> BestFirst(IEnumerable<Candidate> candidates) =>
        candidates.OrderByDescending(c => c.Predicted).ThenBy(c => c.Architecture.ToString(), StringComparer.Ordinal).ToList();
}

/// <summary>Searches a <see cref="PrunedSpace"/> with a predictor as the objective (maximised), keeping only
/// architectures that pass the constraint: exhaustively when the space is small, otherwise the unit-level
/// (stage/decision-level) random-mutation search of autobuild-method.md §5.2 with single-objective parent
/// selection. Deterministic for a given seed.</summary>
public static class MutationSearch
{
    /// <param name="evaluate">Predicted target of a batch of architectures.</param>
    /// <param name="feasible">The constraint (budgets) for a batch of architectures; null accepts everything.</param>
    /// <returns>The distinct evaluated feasible architectures, best first (ties: ordinal canonical string),
    /// and whether the space was enumerated exhaustively.</returns>
    public static (List<Candidate> Ranked, bool Exhaustive) Run(PrunedSpace space, Func<IReadOnlyList<Architecture>, double[]> evaluate,
        Func<IReadOnlyList<Architecture>, bool[]>? feasible, SearchOptions options, Random random)
    {
        var archive = new Dictionary<Architecture, double>();
        var infeasible = new HashSet<Architecture>();
        // Evaluates the feasible architectures of a batch; returns how many there were.
        int Evaluate(List<Architecture> batch)
        {
            if (feasible is not null && batch.Count > 0)
            {
                var ok = feasible(batch);
                for (var i = 0; i < batch.Count; i++) if (!ok[i]) infeasible.Add(batch[i]);
                batch = batch.Where((_, i) => ok[i]).ToList();
            }
            if (batch.Count == 0) return 0;
            var scores = evaluate(batch);
            for (var i = 0; i < batch.Count; i++) archive[batch[i]] = scores[i];
            return batch.Count;
        }
        bool Accept(Architecture? a) => a is not null && !archive.ContainsKey(a) && !infeasible.Contains(a);

        var exhaustive = space.Size <= options.ExhaustiveLimit;
        if (exhaustive)
        {
            var batch = new List<Architecture>();
            var seen = new HashSet<Architecture>();
            foreach (var point in space.Points())
            {
                var a = space.At(point);
                if (a is null || !seen.Add(a)) continue;
                batch.Add(a);
                if (batch.Count == 4096) { Evaluate(batch); batch = new List<Architecture>(); }
            }
            Evaluate(batch);
            return (Ranked(archive), true);
        }

        var rate = options.MutationRate ?? Math.Min(0.5, 2.0 / Math.Max(1, space.Units.Count(u => u.Assignments.Count > 1)));
        var points = new Dictionary<Architecture, int[]>();
        // Initial population: random points until enough feasible ones are evaluated (or the draws run out).
        for (var tries = 0; archive.Count < options.InitialSize && tries < 50; tries++)
        {
            var initial = new List<Architecture>();
            for (var draws = 0; initial.Count < options.InitialSize - archive.Count && draws < options.InitialSize * 50; draws++)
            {
                var p = space.RandomPoint(random);
                var a = space.At(p);
                if (!Accept(a) || points.ContainsKey(a!)) continue;
                points[a!] = p;
                initial.Add(a!);
            }
            if (initial.Count == 0) break;
            Evaluate(initial);
        }
        for (var it = 0; it < options.Iterations; it++)
        {
            var parents = Ranked(archive).Take(options.Parents).Select(c => points[c.Architecture]).ToList();
            if (parents.Count == 0) break;
            var children = new List<Architecture>();
            var batchSeen = new HashSet<Architecture>();
            for (var tries = 0; children.Count < options.BatchSize && tries < options.BatchSize * 50; tries++)
            {
                var child = space.Mutate(parents[tries % parents.Count], random, rate);
                var a = space.At(child);
                if (!Accept(a) || !batchSeen.Add(a!)) continue;
                points[a!] = child;
                children.Add(a!);
            }
            if (children.Count == 0) break;
            Evaluate(children);
        }
        return (Ranked(archive), false);
    }

    private static List<Candidate> Ranked(Dictionary<Architecture, double> archive) =>
        Candidate.BestFirst(archive.Select(p => new Candidate(p.Key, p.Value)));
}

using System;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Build;

/// <summary>One way of proposing architectures for a space kind: macro construction, or cell/DAG search. A
/// strategy proposes; the <see cref="ResultAssembler"/> decides from the evidence what is <c>best</c> and what
/// is a candidate to measure next.</summary>
internal interface IProposalStrategy
{
    /// <summary>Proposes architectures (feasible under the budgets) into <see cref="Proposals"/>; false after an
    /// error diagnostic.</summary>
    bool Propose(BuildRun run, Proposals proposals);
}

/// <summary>The architectures proposed by a strategy, with how each was found, and what the strategy learned
/// on the way (module scores, importance) for the results.</summary>
internal sealed class Proposals
{
    private readonly Dictionary<Architecture, (string Method, double? Score)> _found = new();
    private readonly List<Architecture> _order = new();

    /// <summary>Adds the canonical representative of an architecture (predictions and candidates are made for
    /// canonical architectures only); the first method that proposed it is the one recorded.</summary>
    public void Add(Architecture a, string method, double? score = null)
    {
        a = a.Space.Canonical(a);
        if (_found.ContainsKey(a)) return;
        _found[a] = (method, score);
        _order.Add(a);
    }

    public IReadOnlyList<Architecture> Architectures => _order;
    public string Method(Architecture a) => _found[a].Method;
    public bool Contains(Architecture a) => _found.ContainsKey(a);
    public double? Score(Architecture a) => _found.TryGetValue(a, out var f) ? f.Score : null;

    public List<ModuleScore> Modules { get; } = new();
    /// <summary>Per-stage module scores of an architecture for the block drawing (empty when not meaningful).</summary>
    public Func<Architecture, IReadOnlyDictionary<string, double>> StageScores { get; set; } = _ => new Dictionary<string, double>();
    /// <summary>Per budgeted resource, the smallest cost seen among everything examined (for a true AB4001).</summary>
    public double[]? Smallest { get; set; }

    public void Examined(double[][] costs)
    {
        foreach (var c in costs)
            Smallest = Smallest is null ? (double[])c.Clone() : Smallest.Zip(c, Math.Min).ToArray();
    }
}

/// <summary>Proposals every strategy shares: the labelled architectures, the neighbourhood of the best measured
/// ones (predictors are most reliable near their training points), the whole space when it is small enough to
/// predict every architecture, and the predictor-guided mutation search of autobuild-method.md §5.2 in a pruned
/// space, from several random starts.</summary>
internal static class SharedProposals
{
    /// <summary>Spaces up to this size are predicted exhaustively.</summary>
    public const int EnumerateLimit = 20_000;
    /// <summary>Independent starts of the mutation search.</summary>
    public const int SearchStarts = 3;

    public static void Labelled(BuildRun run, Proposals proposals)
    {
        foreach (var a in run.Distinct.Architectures) proposals.Add(a, "labelled");
    }

    /// <summary>Neighbours within the trust radius of the best measured architectures, restricted to the
    /// <paramref name="allowed"/> values per decision (null: all).</summary>
    public static void Neighbourhood(BuildRun run, Proposals proposals, IReadOnlyList<int[]?>? allowed, int radius)
    {
        run.Report("trust region", 0, 1);
        var options = new TrustRegionOptions { Anchors = run.Options.TrustAnchors, Radius = radius };
        foreach (var a in TrustRegion.Candidates(run.Space, run.Distinct.Architectures, run.Targets, options, allowed))
            proposals.Add(a, "trust-region");
        // Every one-decision neighbour of the best measured architecture (any value): the selection has paired
        // evidence for them (ImprovementEvidence).
        if ((run.BestMeasured(feasibleOnly: true) ?? run.BestMeasured(feasibleOnly: false)) is { } best)
            foreach (var a in TrustRegion.Neighbours(run.Space, best)) proposals.Add(a, "trust-region");
    }

    /// <summary>Every architecture of the space, when it has at most <see cref="EnumerateLimit"/>.</summary>
    public static bool WholeSpace(BuildRun run, Proposals proposals)
    {
        if (!run.Space.CanEnumerate(EnumerateLimit)) return false;
        run.Report("predicting every architecture", 0, 1);
        foreach (var a in run.Space.Enumerate()) proposals.Add(a, "exhaustive");
        return true;
    }

    /// <summary>Mutation search of the pruned space with the ensemble's mean prediction as the objective,
    /// from <see cref="SearchStarts"/> independent random starts; every evaluated feasible architecture is proposed.</summary>
    public static void Search(BuildRun run, Proposals proposals, PrunedSpace pruned)
    {
        run.Report("searching", 0, SearchStarts);
        for (var start = 0; start < SearchStarts; start++)
        {
            var random = new Random(run.Options.Seed + 104_729 * start);
            var (found, exhaustive) = MutationSearch.Run(pruned, run.Evidence.Predict, run.Oracle.HasBudgets ? run.Oracle.Feasible : null,
                new SearchOptions(), random);
            foreach (var c in found) proposals.Add(c.Architecture, exhaustive ? "prune+exhaustive" : "prune+search");
            run.Report("searching", start + 1, SearchStarts);
            if (exhaustive) break; // every start would enumerate the same space
        }
    }
}

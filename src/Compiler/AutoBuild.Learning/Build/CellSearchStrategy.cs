using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoBuild.Learning.Scoring;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Build;

/// <summary>Cell and DAG spaces: k-hop node modules scored by the predictor rank each decision's values; the
/// space pruned to the top-k values per decision is searched with the predictor (exhaustively when small,
/// §5.2 mutation search from several starts otherwise), next to the neighbourhood of the best measured
/// architectures and, when the space is small, every architecture.</summary>
internal sealed class CellSearchStrategy : IProposalStrategy
{
    /// <summary>Modules are enumerated from at most this many architectures.</summary>
    private const int ModulePopulation = 20_000;

    public bool Propose(BuildRun run, Proposals proposals)
    {
        var space = run.Space;
        IEnumerable<Architecture> population;
        if (space.CanEnumerate(ModulePopulation)) population = space.Enumerate();
        else
        {
            population = space.SampleDistinct(ModulePopulation, new Random(run.Options.Seed));
            run.Warn(BuildCodes.SampledModules, string.Format(CultureInfo.InvariantCulture,
                "the space has {0}{1} architectures; modules were enumerated from {2} uniformly sampled ones",
                space.HasStructuralConstraints ? "at most " : "", space.Size, ModulePopulation));
        }
        run.Report("enumerating modules", 0, 1);
        var modules = ModuleEnumerator.NodeModules(space, run.Encoder, population, run.Hops - 1);
        run.Report("scoring modules", 0, modules.Count);
        var scored = ModuleScorer.Score(space, run.PrimaryPredict, modules, run.Backgrounds, run.Options.Seed);
        run.Scored = scored;
        var ranked = Importance.RankValues(space, run.TargetImportance());
        foreach (var group in scored.GroupBy(s => s.Module.GroupIndex).OrderBy(g => g.Key))
            proposals.Modules.AddRange(group.OrderByDescending(s => s.Score).Take(run.Options.ModulesPerGroup).Select((s, i) => run.ModuleEntry(s, i + 1)));

        var keep = run.Options.TopK ?? BuildOptions.DefaultDecisionTopK;
        var allowed = new int[]?[space.Decisions.Count];
        var units = new List<SearchUnit>();
        for (var d = 0; d < space.Decisions.Count; d++)
        {
            var values = ranked[d]?.Take(keep).ToArray() ?? Enumerable.Range(0, space.Decisions[d].Values.Count).ToArray();
            allowed[d] = values;
            units.Add(new SearchUnit(space.Decisions[d].Name, new[] { d }, values.Select(v => new[] { v }).ToArray()));
        }

        SharedProposals.Labelled(run, proposals);
        SharedProposals.Neighbourhood(run, proposals, run.Options.CellMethod == CellMethod.TrustRegion ? allowed : null, run.Options.TrustRadius);
        var baseline = run.BestMeasured(feasibleOnly: true) ?? run.BestMeasured(feasibleOnly: false)!;
        SharedProposals.Search(run, proposals, new PrunedSpace(space, baseline, units));
        SharedProposals.WholeSpace(run, proposals);
        return true;
    }
}

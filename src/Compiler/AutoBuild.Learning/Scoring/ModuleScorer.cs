using System;
using System.Collections.Generic;

namespace AutoBuild.Learning.Scoring;

/// <summary>Module scores (autobuild-method.md §4.1): the L1 norm of the root's hops-hop embedding, standardised by
/// the hop moments of the training nodes, then rescaled into target units with the per-(stage, depth) target
/// moments (macro) or the moments of all targets (cell/DAG), so scores of modules of different stages and depths
/// are comparable.</summary>
public static class ModuleScorer
{
    /// <summary>Scores in batches through the model's batched norm computation.</summary>
    public static ScoredModule[] Score(IScoringModel model, IReadOnlyList<Module> modules, bool macro, int batch = 4096)
    {
        var result = new ScoredModule[modules.Count];
        for (var start = 0; start < modules.Count; start += batch)
        {
            var n = Math.Min(batch, modules.Count - start);
            var graphs = new Graphs.EncodedGraph[n];
            var roots = new int[n];
            var hops = new int[n];
            for (var i = 0; i < n; i++)
            {
                var m = modules[start + i];
                graphs[i] = m.Graph; roots[i] = m.Root; hops[i] = Math.Min(m.Hops, model.Layers);
            }
            var norms = model.NodeNorms(graphs, roots, hops);
            for (var i = 0; i < n; i++)
            {
                var m = modules[start + i];
                var (hopMean, hopStd) = model.HopMoments(hops[i]);
                var (targetMean, targetStd) = model.TargetMoments(macro ? m.GroupIndex : -1, m.Depth);
                result[start + i] = new ScoredModule(m, Rescale(norms[i], hopMean, hopStd, targetMean, targetStd));
            }
        }
        return result;
    }

    /// <summary>z = (norm − hop mean) / hop std; score = z · target std + target mean. A zero hop std (all training
    /// nodes equal at that hop) leaves z = 0.</summary>
    public static double Rescale(double norm, double hopMean, double hopStd, double targetMean, double targetStd)
    {
        var z = hopStd > 0 ? (norm - hopMean) / hopStd : 0;
        return z * targetStd + targetMean;
    }
}

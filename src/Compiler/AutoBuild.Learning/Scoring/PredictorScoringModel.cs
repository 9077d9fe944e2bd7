using System.Collections.Generic;
using System.Linq;
using AutoBuild.Compiler.Graphs;
using AutoBuild.Learning.Predictor;

namespace AutoBuild.Learning.Scoring;

/// <summary>The trained AutoBuild predictor as module scoring sees it.</summary>
public sealed class PredictorScoringModel : IScoringModel
{
    public PredictorScoringModel(TrainedPredictor predictor) { Predictor = predictor; }

    public TrainedPredictor Predictor { get; }

    public int Layers => Predictor.Hops - 1;

    public (double Mean, double Std) HopMoments(int hop) => (Predictor.HopMoments[hop].Mean, Predictor.HopMoments[hop].Std);

    public double[] NodeNorms(IReadOnlyList<EncodedGraph> graphs, IReadOnlyList<int> roots, IReadOnlyList<int> hops)
    {
        // The predictor computes one hop level per call (running only the layers up to it): group by hop.
        var result = new double[graphs.Count];
        foreach (var group in Enumerable.Range(0, graphs.Count).GroupBy(i => hops[i]))
        {
            var idx = group.ToArray();
            var norms = Predictor.NodeNorms(idx.Select(i => graphs[i]).ToArray(), group.Key, idx.Select(i => roots[i]).ToArray());
            for (var j = 0; j < idx.Length; j++) result[idx[j]] = norms[j];
        }
        return result;
    }

    public (double Mean, double Std) TargetMoments(int stage, int depth) =>
        stage >= 0 && Predictor.TryStageDepthMoments(stage, depth, out var m) && m.Count >= 2 && m.Std > 0
            ? (m.Mean, m.Std)
            : (Predictor.TargetMean, Predictor.TargetStd);

    public double[] Predict(IReadOnlyList<EncodedGraph> graphs) => Predictor.Predict(graphs);
}

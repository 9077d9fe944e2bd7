using System;
using System.Collections.Generic;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Predictor;

namespace AutoBuild.Learning.Scoring;

/// <summary>The trained AutoBuild predictor as module scoring sees it.</summary>
public sealed class PredictorScoringModel : IScoringModel
{
    public PredictorScoringModel(TrainedPredictor predictor) { Predictor = predictor; }

    public TrainedPredictor Predictor { get; }

    public int Layers => Predictor.Hops - 1;

    public (double Mean, double Std) HopMoments(int hop) => (Predictor.HopMoments[hop].Mean, Predictor.HopMoments[hop].Std);

    public double[] NodeNorms(IReadOnlyList<EncodedGraph> graphs, IReadOnlyList<int> roots, IReadOnlyList<int> hops) =>
        Array.ConvertAll(Predictor.NodeNorms(graphs, roots, hops), x => (double)x);

    public (double Mean, double Std) TargetMoments(int stage, int depth)
    {
        var m = Predictor.TargetMoments(stage, depth);
        return (m.Mean, m.Std);
    }

    public double[] Predict(IReadOnlyList<EncodedGraph> graphs) => Predictor.Predict(graphs);
}

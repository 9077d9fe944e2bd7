using System.Collections.Generic;
using AutoBuild.Learning.Graphs;

namespace AutoBuild.Learning.Scoring;

/// <summary>What scoring, construction and search need from a trained predictor: batched node-embedding norms,
/// the hop moments they are standardised with (autobuild-method.md §4.1) and batched predictions. The
/// predictor's <c>TrainedPredictor</c> is adapted to it in <see cref="PredictorScoringModel"/>; tests use small
/// hand-checkable implementations.</summary>
public interface IScoringModel
{
    /// <summary>Message-passing layers: hop levels are 0..Layers.</summary>
    int Layers { get; }

    /// <summary>Mean and standard deviation of the per-node L1 embedding norms at a hop level over all nodes
    /// of the training graphs.</summary>
    (double Mean, double Std) HopMoments(int hop);

    /// <summary>For every i, the L1 norm of node <c>roots[i]</c>'s hop-<c>hops[i]</c> embedding in
    /// <c>graphs[i]</c>.</summary>
    double[] NodeNorms(IReadOnlyList<EncodedGraph> graphs, IReadOnlyList<int> roots, IReadOnlyList<int> hops);

    /// <summary>The target moments scores are rescaled with (autobuild-method.md §4.1): for a macro stage module the
    /// raw training targets of architectures whose stage <paramref name="stage"/> has <paramref name="depth"/>
    /// layers; with <paramref name="stage"/> &lt; 0 (cell/DAG modules), or when that group has fewer than two
    /// architectures or no spread, the moments of all training targets.</summary>
    (double Mean, double Std) TargetMoments(int stage, int depth);

    /// <summary>Predicted target (in target units) of whole-architecture graphs.</summary>
    double[] Predict(IReadOnlyList<EncodedGraph> graphs);
}

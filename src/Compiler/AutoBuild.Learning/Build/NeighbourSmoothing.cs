using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using AutoBuild.Learning.Graphs;
using AutoBuild.Learning.Predictor;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;

namespace AutoBuild.Learning.Build;

/// <summary>One step of graph-based semi-supervised smoothing over the space's one-decision graph: a member's
/// prediction of an architecture a becomes (1 − α)·f(a) + α·mean of f over a's one-decision neighbours in canonical form
/// (labelled or not; at most <see cref="MaxNeighbours"/>, a deterministic spread when there are more). The unlabelled
/// neighbours pull an isolated spike of one network's function, which no label contradicts, back towards its
/// surroundings. Each member is smoothed with its own predictions only, so a cross-fitted member stays blind to its
/// held-out fold and the out-of-fold residuals calibrate what is ranked. Averaging over neighbours shrinks the peaks
/// (a good network's neighbours include worse ones), which would keep every unmeasured architecture below the best
/// measured one; so the smoothed values are mapped back affinely to the member's own spread: its median and
/// interquartile range over the labelled architectures (predictions only, no targets), the same map for every call.</summary>
internal sealed class NeighbourSmoothing
{
    /// <summary>Neighbours averaged per architecture at most (bounds the extra predictions on large spaces).</summary>
    public const int MaxNeighbours = 32;
    private readonly SearchSpace _space;
    private readonly GraphEncoder _encoder;
    private readonly ConcurrentDictionary<Architecture, Architecture[]> _neighbours = new();
    private readonly IReadOnlyList<Architecture> _reference;
    private readonly ConcurrentDictionary<TrainedPredictor, (double Centre, double Smoothed, double Scale)> _maps = new();

    /// <param name="reference">The architectures whose spread the smoothed predictions keep (the labelled ones).</param>
    public NeighbourSmoothing(SearchSpace space, GraphEncoder encoder, double alpha, IReadOnlyList<Architecture> reference)
    {
        if (alpha is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(alpha));
        _space = space; _encoder = encoder; Alpha = alpha; _reference = reference;
    }

    /// <summary>The weight α of the neighbours' mean.</summary>
    public double Alpha { get; }

    /// <summary>The smoothed prediction of <paramref name="member"/> for each architecture (one batch of predictions
    /// for the architectures and all their neighbours).</summary>
    public double[] Predict(TrainedPredictor member, IReadOnlyList<Architecture> architectures)
    {
        var (centre, smoothedCentre, scale) = _maps.GetOrAdd(member, m => Map(m));
        var smoothed = Smooth(member, architectures);
        for (var i = 0; i < smoothed.Length; i++) smoothed[i] = centre + (smoothed[i] - smoothedCentre) * scale;
        return smoothed;
    }

    /// <summary>The affine map that gives the smoothed predictions of the reference architectures the median and
    /// interquartile range of the member's own predictions of them (identity when either spread is 0).</summary>
    private (double, double, double) Map(TrainedPredictor member)
    {
        if (_reference.Count < 4) return (0, 0, 1);
        var own = member.Predict(_reference.Select(_encoder.Encode).ToArray());
        var smooth = Smooth(member, _reference);
        var (m1, iqr1) = MedianAndSpread(own);
        var (m2, iqr2) = MedianAndSpread(smooth);
        return iqr1 > 0 && iqr2 > 0 ? (m1, m2, iqr1 / iqr2) : (0, 0, 1);
    }

    private static (double Median, double Iqr) MedianAndSpread(double[] x)
    {
        var s = x.OrderBy(v => v).ToArray();
        return (Numerics.SampleQuantile.OfSorted(s, 0.5), Numerics.SampleQuantile.OfSorted(s, 0.75) - Numerics.SampleQuantile.OfSorted(s, 0.25));
    }

    private double[] Smooth(TrainedPredictor member, IReadOnlyList<Architecture> architectures)
    {
        var index = new Dictionary<Architecture, int>();
        var all = new List<Architecture>();
        int Id(Architecture a)
        {
            if (!index.TryGetValue(a, out var i)) { i = all.Count; index[a] = i; all.Add(a); }
            return i;
        }
        var own = architectures.Select(Id).ToArray();
        var around = architectures.Select(a => Neighbours(a).Select(Id).ToArray()).ToArray();
        var p = member.Predict(all.Select(_encoder.Encode).ToArray());
        var result = new double[own.Length];
        for (var i = 0; i < own.Length; i++)
        {
            if (around[i].Length == 0) { result[i] = p[own[i]]; continue; }
            double mean = 0;
            foreach (var j in around[i]) mean += p[j];
            result[i] = (1 - Alpha) * p[own[i]] + Alpha * mean / around[i].Length;
        }
        return result;
    }

    /// <summary>The distinct canonical one-decision neighbours of <paramref name="a"/>, other than a's own canonical form.</summary>
    internal Architecture[] Neighbours(Architecture a) => _neighbours.GetOrAdd(a, x =>
    {
        var self = _space.Canonical(x);
        var seen = new HashSet<Architecture> { self };
        var list = new List<Architecture>();
        foreach (var n in TrustRegion.Neighbours(_space, self))
        {
            var c = _space.Canonical(n);
            if (seen.Add(c)) list.Add(c);
        }
        if (list.Count <= MaxNeighbours) return list.ToArray();
        return Enumerable.Range(0, MaxNeighbours).Select(i => list[(int)((long)i * list.Count / MaxNeighbours)]).ToArray();
    });
}

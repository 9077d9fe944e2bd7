namespace AutoBuild.Spec.Results;

// The evidence additions to the results (docs/results-json.md, "selection" and "candidates"): per-entry
// source, interval, probability of improvement, expected improvement and budget basis; the selection rule;
// the candidates to evaluate next. Written after the fields they extend, read when present.
public static partial class ResultJson
{
    private static void WriteEvidence(JsonTextWriter w, RankedArchitecture a)
    {
        w.String("source", a.Source);
        w.Number("lower", a.Lower);
        w.Number("upper", a.Upper);
        w.Number("probabilityOfImprovement", a.ProbabilityOfImprovement);
        w.Number("expectedImprovement", a.ExpectedImprovement);
        w.String("budgetBasis", a.BudgetBasis);
        if (a.FitProbability is not null) w.Number("fitProbability", a.FitProbability);
    }

    private static void ReadEvidence(Obj a, RankedArchitecture r)
    {
        r.Source = a.Str("source");
        r.Lower = a.NullableDouble("lower");
        r.Upper = a.NullableDouble("upper");
        r.ProbabilityOfImprovement = a.NullableDouble("probabilityOfImprovement");
        r.ExpectedImprovement = a.NullableDouble("expectedImprovement");
        r.BudgetBasis = a.Str("budgetBasis");
        r.FitProbability = a.NullableDouble("fitProbability");
    }

    private static void WriteSelection(JsonTextWriter w, AutoBuildResult r)
    {
        if (r.Selection is not SelectionInfo s) w.String("selection", null);
        else
        {
            w.StartObject("selection");
            w.String("rule", s.Rule);
            w.Number("confidence", s.Confidence);
            w.String("bestSource", s.BestSource);
            w.String("bestBy", s.BestBy);
            w.Bool("levelRule", s.LevelRule);
            w.Bool("topPickRule", s.TopPickRule);
            w.Number("topPickProbability", s.TopPickProbability);
            w.Number("rankCorrelation", s.RankCorrelation);
            w.Number("labelsAtTop", s.LabelsAtTop);
            w.Number("effectiveLabels", s.EffectiveLabels);
            w.Number("topPickNeighbourDifference", s.TopPickNeighbourDifference);
            w.Number("crowdingShare", s.CrowdingShare);
            w.Number("labelsInCrowd", s.LabelsInCrowd);
            w.Number("correlationLabels", s.CorrelationLabels);
            w.Number("candidateLabels", s.CandidateLabels);
            w.Number("topPickRankProbability", s.TopPickRankProbability);
            w.Number("candidatesAboveBest", s.CandidatesAboveBest);
            if (s.MeasurementNoise is not null)
            {
                // Written only for labels with replicates, so that other files stay as they were.
                w.Number("measurementNoise", s.MeasurementNoise);
                w.Number("noiseDegreesOfFreedom", s.NoiseDegreesOfFreedom);
                w.Number("replicatedLabels", s.ReplicatedLabels);
                w.Number("topPickLevel", s.TopPickLevel);
                w.Number("meanNoise", s.MeanNoise);
            }
            w.Number("bestMeasured", s.BestMeasured);
            w.Number("topProbability", s.TopProbability);
            w.Number("ensembleMembers", s.EnsembleMembers);
            w.Number("calibrationResiduals", s.CalibrationResiduals);
            w.Number("calibrationBias", s.CalibrationBias);
            w.String("calibrationLabels", s.CalibrationLabels);
            w.Number("neighbourPairs", s.NeighbourPairs);
            w.Number("neighbourPairDistance", s.NeighbourPairDistance);
            w.Number("latencyMargin", s.LatencyMargin);
            w.Number("latencyResiduals", s.LatencyResiduals);
            w.Number("mergedEquivalent", s.MergedEquivalent);
            w.Number("coveredUpTo", s.CoveredUpTo);
            w.EndObject();
        }
        w.StartArray("candidates");
        foreach (var c in r.Candidates) WriteRanked(w, null, c);
        w.EndArray();
    }

    private static void ReadSelection(Obj o, AutoBuildResult r)
    {
        var s = o.Child("selection");
        if (s is not null)
            r.Selection = new SelectionInfo
            {
                Rule = s.Str("rule") ?? "",
                Confidence = s.Double("confidence"),
                BestSource = s.Str("bestSource") ?? "",
                BestBy = s.Str("bestBy") ?? "",
                LevelRule = s.Bool("levelRule", false),
                TopPickRule = s.Bool("topPickRule", false),
                TopPickProbability = s.NullableDouble("topPickProbability"),
                RankCorrelation = s.NullableDouble("rankCorrelation"),
                LabelsAtTop = s.NullableInt("labelsAtTop"),
                EffectiveLabels = s.NullableDouble("effectiveLabels"),
                TopPickNeighbourDifference = s.NullableDouble("topPickNeighbourDifference"),
                CrowdingShare = s.NullableDouble("crowdingShare"),
                LabelsInCrowd = s.NullableInt("labelsInCrowd"),
                CandidateLabels = s.NullableInt("candidateLabels"),
                TopPickRankProbability = s.NullableDouble("topPickRankProbability"),
                CandidatesAboveBest = s.NullableInt("candidatesAboveBest"),
                MeasurementNoise = s.NullableDouble("measurementNoise"),
                NoiseDegreesOfFreedom = s.NullableInt("noiseDegreesOfFreedom"),
                ReplicatedLabels = s.NullableInt("replicatedLabels"),
                TopPickLevel = s.NullableDouble("topPickLevel"),
                MeanNoise = s.NullableDouble("meanNoise"),
                CorrelationLabels = s.NullableInt("correlationLabels"),
                BestMeasured = s.NullableDouble("bestMeasured"),
                TopProbability = s.NullableDouble("topProbability"),
                EnsembleMembers = s.Int("ensembleMembers", 0),
                CalibrationResiduals = s.Int("calibrationResiduals", 0),
                CalibrationBias = s.Double("calibrationBias"),
                CalibrationLabels = s.Str("calibrationLabels") ?? "all labels",
                NeighbourPairs = s.Int("neighbourPairs", 0),
                NeighbourPairDistance = s.Int("neighbourPairDistance", 0),
                LatencyMargin = s.Double("latencyMargin"),
                LatencyResiduals = s.Int("latencyResiduals", 0),
                MergedEquivalent = s.Int("mergedEquivalent", 0),
                CoveredUpTo = s.NullableDouble("coveredUpTo"),
            };
        foreach (var c in o.Array("candidates")) r.Candidates.Add(ReadRanked(c));
    }
}

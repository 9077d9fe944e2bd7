using System.Globalization;
using System.Text;
using AutoBuild.Learning.Build;
using AutoBuild.Learning.Labels;
using AutoBuild.Learning.Search;
using AutoBuild.Runtime;
using AutoBuild.Spec;

namespace AutoBuild.Learning.Tests.Build;

/// <summary>The top-pick rule's check of a pick one decision from the best label M (session 15): the members that trained
/// on M lift its neighbours towards M's target, so such a pick is best[0] only when the member that never trained on M
/// predicts it at least as high as M.</summary>
public class TopPickNeighbourTests
{
    /// <summary>100 cells of the real NAS-Bench-201 table drawn as the <c>quality</c> benchmark draws seed
    /// <paramref name="seed"/> (a partial Fisher–Yates shuffle of the table's rows, generator 1,000·N + seed), with
    /// every cell's true accuracy.</summary>
    private static (SearchSpace Space, LabelSet Labels, Dictionary<string, double> Truth) QualityDraw(int seed, int n = 100)
    {
        var space = TestData.CompileExample("nas-bench-201.space.yaml");
        var path = TestData.Data("nas-bench-201", "nb201_all.csv.gz");
        var all = LabelsReader.Read(space, path, TestData.ReadText(path), TargetExpression.Parse("c10v_valid_acc_200ep")).Labels!;
        var truth = all.Architectures.Select((a, i) => (a.ToString(), all.Targets![i])).ToDictionary(p => p.Item1, p => p.Item2);
        var rng = new Random(1_000 * n + seed);
        var idx = Enumerable.Range(0, all.Architectures.Count).ToArray();
        for (var i = 0; i < n; i++) { var j = i + rng.Next(idx.Length - i); (idx[i], idx[j]) = (idx[j], idx[i]); }
        var sb = new StringBuilder(string.Join(",", space.Decisions.Select(d => d.Name)) + ",acc\n");
        foreach (var row in idx.Take(n))
            sb.Append(string.Join(",", all.Architectures[row].Choices.Select((c, d) => space.Decisions[d].Values[c])))
              .Append(',').Append(all.Targets![row].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return (space, LabelsReader.Read(space, "labels.csv", sb.ToString(), TargetExpression.Parse("acc")).Labels!, truth);
    }

    [Fact]
    public void A_top_pick_next_to_the_best_label_that_the_member_which_never_saw_it_ranks_lower_is_not_best()
    {
        // Development seed 27 (benchmarks/README.md, "Session 15"): the ensemble's top pick is a one-decision neighbour
        // of the best label; its chance by ranks reaches the confidence, but the member that did not train on the best
        // label predicts it below that label, and it is truly 0.41 below. The answer stays the best label.
        var (space, labels, truth) = QualityDraw(27);
        var best = labels.Targets!.Max();
        var bestArch = labels.Architectures[Array.IndexOf(labels.Targets!, best)];
        var r = BuildPipeline.Run(space, "benchmark", labels, new BuildOptions { Target = "acc", Seed = 27 }).Result!;
        var s = r.Selection!;
        Assert.True(s.TopPickRule);
        Assert.True(s.TopPickProbability >= s.Confidence, $"chance {s.TopPickProbability}");
        Assert.True(s.TopPickNeighbourDifference < 0, $"difference {s.TopPickNeighbourDifference}");
        Assert.Equal("measured", s.BestBy);
        Assert.Equal("measured", r.Best[0].Source);
        Assert.Equal(best, r.Best[0].Measured);
        // The refused pick: the highest prediction, one decision from the best label, truly below it.
        var pick = r.Candidates.MaxBy(c => c.Predicted)!;
        Assert.True(r.Best.Concat(r.Candidates).Where(e => e.Source == "predicted").All(e => e.Predicted <= pick.Predicted));
        Assert.Contains(space.Canonical(space.Parse(pick.Arch)), TrustRegion.Neighbours(space, space.Canonical(bestArch)).Select(space.Canonical));
        Assert.True(pick.ProbabilityOfImprovement < s.Confidence, $"pick probability {pick.ProbabilityOfImprovement}");
        Assert.True(truth[pick.Arch] < best - 0.3, $"the pick {pick.Arch} is truly {truth[pick.Arch]}, the best label {best}");
        Assert.Contains("did not train on M", s.Rule);
        Assert.Contains("so it is not best[0]", s.Rule);
        // The JSON keeps the difference.
        Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(AutoBuild.Spec.Results.ResultJson.Write(r), out var read, out var error), error);
        Assert.Equal(s.TopPickNeighbourDifference, read!.Selection!.TopPickNeighbourDifference);
    }
}

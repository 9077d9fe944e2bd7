using AutoBuild.Learning.Build;
using AutoBuild.Spec.Results;

namespace AutoBuild.Learning.Tests.Build;

public class AnswerSummaryTests
{
    [Fact]
    public void Under_a_latency_budget_the_summary_says_which_architectures_could_not_beat_the_best_label_and_marks_probable_candidates()
    {
        // The HAT example (examples/README.md: 2,000 Titan Xp labels, --max-latency 150) printed "no unmeasured architecture
        // beats it with probability 0.7; the likeliest does with 0.00" above candidates listed with P(beats best measured)
        // 0.99: those fit the budget only without the latency margin (budgetBasis "probable"), so they could not be best[0].
        var r = new AutoBuildResult
        {
            Constraints = new ConstraintsInfo { MaxLatency = 150, LatencyColumn = "latency_ms" },
            Selection = new SelectionInfo { Confidence = 0.7, BestSource = "measured", BestMeasured = 111497088, TopProbability = 0 },
        };
        r.Best.Add(new RankedArchitecture { Rank = 1, Method = "labelled", Arch = "a", Source = "measured", Measured = 111497088, Predicted = 1.1e8, Latency = 146, BudgetBasis = "measured" });
        r.Candidates.Add(new RankedArchitecture { Rank = 1, Method = "trust-region", Arch = "b", Source = "predicted", Predicted = 116481894, ProbabilityOfImprovement = 0.99, ExpectedImprovement = 4884945, Latency = 142.5, BudgetBasis = "probable" });
        r.Candidates.Add(new RankedArchitecture { Rank = 2, Method = "trust-region", Arch = "c", Source = "predicted", Predicted = 111000000, ProbabilityOfImprovement = 0, ExpectedImprovement = 1, Latency = 120, BudgetBasis = "predicted" });
        var lines = AnswerSummary.Lines(r).ToList();
        Assert.Contains("(no unmeasured architecture that fits the budget with the latency margin beats it with probability 0.7; the likeliest does with 0.00)", lines[1]);
        Assert.EndsWith("P(beats best measured) 0.99, expected gain 4884945.000, fits the latency budget only without the margin (probable)", lines[4]);
        Assert.EndsWith("P(beats best measured) 0.00, expected gain 1.000", lines[5]);
        // Without a latency budget every unmeasured architecture the build considered could have been best[0].
        r.Constraints.MaxLatency = null;
        Assert.Contains("(no unmeasured architecture beats it with probability 0.7; the likeliest does with 0.00)", AnswerSummary.Lines(r).ElementAt(1));
    }
}

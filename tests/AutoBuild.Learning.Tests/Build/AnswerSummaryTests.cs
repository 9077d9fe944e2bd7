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
        Assert.Contains("(no unmeasured architecture that fits the budget with the latency margin beats it with probability 0.7; none does with more than 0.00)", lines[1]);
        Assert.EndsWith("P(beats best measured) 0.99, expected gain 4884945.000, fits the latency budget only without the margin (probable)", lines[4]);
        Assert.EndsWith("P(beats best measured) 0.00, expected gain 1.000", lines[5]);
        // Without a latency budget every unmeasured architecture the build considered could have been best[0].
        r.Constraints.MaxLatency = null;
        Assert.Contains("(no unmeasured architecture beats it with probability 0.7; none does with more than 0.00)", AnswerSummary.Lines(r).ElementAt(1));
    }

    [Fact]
    public void Large_targets_print_in_full_on_every_line_not_in_exponent_form()
    {
        // audit17 (HAT, --target params): the best's line said "measured 1.01652E+08" above candidates "predicted
        // 105781857.35"; the same quantity must read the same way on both.
        var r = new AutoBuildResult
        {
            Selection = new SelectionInfo { Confidence = 0.7, BestSource = "predicted", BestMeasured = 101652345, TopProbability = 0.8 },
            BestLabelled = new RankedArchitecture { Rank = 1, Method = "labelled", Arch = "a", Source = "measured", Measured = 101652345 },
        };
        r.Best.Add(new RankedArchitecture { Rank = 1, Method = "exhaustive", Arch = "b", Source = "predicted", Predicted = 105781857.35, ProbabilityOfImprovement = 0.8 });
        var lines = AnswerSummary.Lines(r).ToList();
        Assert.StartsWith("  predicted 105781857, beats the best measured 101652345 with probability 0.80", lines[1]);
        Assert.Equal("best label: a measured 101652345", lines[2]);
        Assert.DoesNotContain(lines, l => l.Contains("E+"));
        // Accuracies keep six significant digits.
        Assert.Equal("91.6067", AnswerSummary.Number(91.606667));
    }

    [Fact]
    public void A_candidate_predicted_beyond_what_the_residuals_cover_says_why_its_probability_is_zero()
    {
        // The NB-101 hold-out audit (session 10) printed "predicted 94.99, P(beats best measured) 0.00" above a best label
        // of 94.71 with no reason: the coverage guard had refused it (predicted beyond the calibrating labels' highest
        // out-of-fold prediction plus one standard deviation). The line now says so; a candidate with probability 0
        // for another reason (predicted below the best label) or within the cover gets no such note.
        var r = new AutoBuildResult
        {
            Selection = new SelectionInfo { Confidence = 0.7, BestSource = "measured", BestMeasured = 94.71, TopProbability = 0.2, CoveredUpTo = 94.9 },
        };
        r.Best.Add(new RankedArchitecture { Rank = 1, Method = "labelled", Arch = "a", Source = "measured", Measured = 94.71, Predicted = 94.5 });
        r.Candidates.Add(new RankedArchitecture { Rank = 1, Method = "exhaustive", Arch = "b", Source = "predicted", Predicted = 94.99, ProbabilityOfImprovement = 0, ExpectedImprovement = 0.3 });
        r.Candidates.Add(new RankedArchitecture { Rank = 2, Method = "exhaustive", Arch = "c", Source = "predicted", Predicted = 94.8, ProbabilityOfImprovement = 0.2, ExpectedImprovement = 0.1 });
        r.Candidates.Add(new RankedArchitecture { Rank = 3, Method = "exhaustive", Arch = "d", Source = "predicted", Predicted = 93.0, ProbabilityOfImprovement = 0, ExpectedImprovement = 0.01 });
        var lines = AnswerSummary.Lines(r).ToList();
        Assert.EndsWith("P(beats best measured) 0.00 (predicted beyond 94.90, the highest the labels' residuals cover: only measuring it tells), expected gain 0.300", lines[4]);
        Assert.EndsWith("P(beats best measured) 0.20, expected gain 0.100", lines[5]);
        Assert.EndsWith("P(beats best measured) 0.00, expected gain 0.010", lines[6]);
        // No limit (every member ranks its held-out labels with Spearman ≥ 0.95): nothing to explain.
        r.Selection.CoveredUpTo = null;
        Assert.EndsWith("P(beats best measured) 0.00, expected gain 0.300", AnswerSummary.Lines(r).ElementAt(4));
    }

    [Fact]
    public void The_sentence_about_the_likeliest_says_where_it_is_listed_or_that_the_candidates_pass_it_over()
    {
        // Session 11's audit (cell5 s3): "the likeliest does with 0.64; the predicted ones are candidates below", while
        // every candidate showed P 0.00 (predicted beyond the residuals' cover, ranked first by expected gain) and the
        // three architectures at 0.64 were best[2..4]. A reader was sent to a table without the likeliest architecture.
        var r = new AutoBuildResult
        {
            Selection = new SelectionInfo { Confidence = 0.7, BestSource = "measured", BestMeasured = 76.2, TopProbability = 0.64, CoveredUpTo = 76.63 },
        };
        r.Best.Add(new RankedArchitecture { Rank = 1, Method = "labelled", Arch = "a", Source = "measured", Measured = 76.2, Predicted = 76.0 });
        r.Best.Add(new RankedArchitecture { Rank = 2, Method = "labelled", Arch = "b", Source = "measured", Measured = 76.1, Predicted = 76.0 });
        r.Best.Add(new RankedArchitecture { Rank = 3, Method = "exhaustive", Arch = "c", Source = "predicted", Predicted = 76.5, ProbabilityOfImprovement = 0.64 });
        r.Candidates.Add(new RankedArchitecture { Rank = 1, Method = "exhaustive", Arch = "d", Source = "predicted", Predicted = 79.0, ProbabilityOfImprovement = 0, ExpectedImprovement = 2.8 });
        Assert.Contains("beats it with probability 0.7; the likeliest (best[2]) does with 0.64)", AnswerSummary.Lines(r).ElementAt(1));
        r.Candidates.Add(new RankedArchitecture { Rank = 2, Method = "exhaustive", Arch = "c", Source = "predicted", Predicted = 76.5, ProbabilityOfImprovement = 0.64, ExpectedImprovement = 0.4 });
        Assert.Contains("; the likeliest (candidate 2) does with 0.64)", AnswerSummary.Lines(r).ElementAt(1));
        r.Candidates.RemoveAt(1);
        r.Best.RemoveAt(2);
        Assert.Contains("; the likeliest does with 0.64 but is not listed: candidates are ranked by expected improvement", AnswerSummary.Lines(r).ElementAt(1));
        // With the level rule on, a measured best[0] also means no unmeasured architecture is predicted at its level.
        r.Selection.LevelRule = true;
        Assert.Contains("beats it with probability 0.7 or is predicted at or above it (the level rule); the likeliest", AnswerSummary.Lines(r).ElementAt(1));
    }

    [Fact]
    public void A_best_by_the_top_pick_or_level_rule_is_called_a_candidate_only_when_a_candidate_lists_it()
    {
        // Session 14's audit (NB-201 ImageNet16-120, 50 labels, --candidates 0): best[0] by the top-pick rule printed
        // "measure it: it is candidate 1" with no candidates at all. The sentence now comes from the candidates.
        var r = new AutoBuildResult
        {
            Selection = new SelectionInfo { Confidence = 0.7, BestSource = "predicted", BestBy = "top-pick", BestMeasured = 35.7, TopProbability = 0.87, TopPickProbability = 0.87, RankCorrelation = 0.84 },
        };
        r.Best.Add(new RankedArchitecture { Rank = 1, Method = "trust-region", Arch = "a", Source = "predicted", Predicted = 36.66, ProbabilityOfImprovement = 0.87 });
        r.Best.Add(new RankedArchitecture { Rank = 2, Method = "labelled", Arch = "b", Source = "measured", Measured = 35.7, Predicted = 34.0 });
        Assert.Contains("(rank correlation 0.84; measure it: no candidate lists it)", AnswerSummary.Lines(r).ElementAt(1));
        Assert.DoesNotContain("candidate 1", AnswerSummary.Lines(r).ElementAt(1));
        r.Candidates.Add(new RankedArchitecture { Rank = 1, Method = "trust-region", Arch = "a", Source = "predicted", Predicted = 36.66, ProbabilityOfImprovement = 0.87, ExpectedImprovement = 1.8 });
        Assert.Contains("(rank correlation 0.84; measure it: it is candidate 1)", AnswerSummary.Lines(r).ElementAt(1));
        r.Selection.BestBy = "level";
        Assert.Contains("which the members predict below it (measure it: it is candidate 1)", AnswerSummary.Lines(r).ElementAt(1));
        r.Candidates.Clear();
        Assert.Contains("which the members predict below it (measure it: no candidate lists it)", AnswerSummary.Lines(r).ElementAt(1));
    }

    [Fact]
    public void A_top_pick_predicted_below_the_best_measurement_is_compared_with_the_best_labels_prediction()
    {
        // audit18, NAS-Bench-201 with 50 labels, seed 1610: "predicted 90.3368 ..., beats the best measured 90.368 with
        // probability 0.73" read as a pick expected to be worse; the same predictors put the best label at 89.32.
        var r = new AutoBuildResult
        {
            Selection = new SelectionInfo { Confidence = 0.7, BestSource = "predicted", BestBy = "top-pick", BestMeasured = 90.368, TopProbability = 0.73, RankCorrelation = 0.74 },
            BestLabelled = new RankedArchitecture { Rank = 1, Method = "labelled", Arch = "a", Source = "measured", Measured = 90.368, Predicted = 89.32 },
        };
        r.Best.Add(new RankedArchitecture { Rank = 1, Method = "exhaustive", Arch = "b", Source = "predicted", Predicted = 90.3368, ProbabilityOfImprovement = 0.73 });
        var line = AnswerSummary.Lines(r).ElementAt(1);
        Assert.Contains("beats the best measured 90.368 with probability 0.73 (the same predictors put the best labelled architecture at 89.32, so predicted against predicted it is 1.02 higher)", line);
        // Predicted at or above the measurement: nothing to explain.
        r.Best[0].Predicted = 90.5;
        Assert.DoesNotContain("predicted against predicted", AnswerSummary.Lines(r).ElementAt(1));
    }
}

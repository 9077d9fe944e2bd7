using AutoBuild.Learning.Scoring;

namespace AutoBuild.Learning.Tests.Scoring;

public class FailedRunsTests
{
    // 40 labels around 77 (spread about 1), out-of-fold predictions that track them.
    private static (double[] Measured, double[] OutOfFold) Labels()
    {
        var measured = Enumerable.Range(0, 40).Select(i => 76 + 2.0 * i / 39).ToArray();
        return (measured, measured.Select(y => y + 0.1).ToArray());
    }

    [Fact]
    public void A_run_far_below_the_rest_that_the_other_labels_predict_in_the_middle_is_unanticipated()
    {
        var (measured, oof) = Labels();
        measured[20] = 10; // predicted 77.1 by its held-out member: a random failure
        measured[30] = 9.5;
        Assert.Equal(new[] { 30, 20 }, FailedRuns.Unanticipated(measured, oof));
    }

    [Fact]
    public void A_failure_the_other_labels_rank_among_the_lowest_is_the_architectures_own()
    {
        var (measured, oof) = Labels();
        measured[0] = 10; oof[0] = 60;   // the held-out member already puts it at the bottom: keep it as measured
        measured[25] = 74;               // low, but within six robust standard deviations of the median
        Assert.Empty(FailedRuns.Unanticipated(measured, oof));
    }

    [Fact]
    public void Without_out_of_fold_predictions_nothing_is_set_aside()
    {
        var (measured, _) = Labels();
        measured[20] = 10;
        Assert.Empty(FailedRuns.Unanticipated(measured, null));
    }
}

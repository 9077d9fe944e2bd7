using AutoBuild.Learning.Build;
using AutoBuild.Learning.Predictor;
using P = AutoBuild.Learning.Predictor.PredictorTrainer;

namespace AutoBuild.Learning.Tests.Predictor;

/// <summary>The automatic step budget (issue 16): small label sets train as they always did, large ones stop at the
/// budget and anneal their learning rate.</summary>
public class StepBudgetTests
{
    [Theory]
    // batches per epoch → (epochs, cut) with the defaults: about 2,000 steps, at least 100 epochs, at most 6,000 steps.
    [InlineData(4, 500, false)]    // 2,000 steps wanted
    [InlineData(15, 134, false)]   // 450 training labels (a 500-label build's primary): 2,010 steps
    [InlineData(29, 100, false)]   // 900 training labels: the 100-epoch minimum, 2,900 steps
    [InlineData(60, 100, false)]   // 6,000 steps: just within the budget
    [InlineData(85, 70, true)]     // 2,700 training labels (a 3,000-label build's primary): 5,950 steps
    [InlineData(7000, 1, true)]    // more batches than the budget: still one epoch
    public void Automatic_epochs_stop_at_the_step_budget(int batchesPerEpoch, int epochs, bool cut)
    {
        Assert.Equal((epochs, cut), P.AutoEpochs(new PredictorOptions(), batchesPerEpoch));
    }

    [Fact]
    public void The_secondary_budget_cuts_only_large_label_sets()
    {
        var options = new BuildOptions().SecondaryPredictorOptions("labels.csv");
        Assert.Equal(BuildOptions.DefaultSecondaryMaxSteps, options.MaxAutoSteps);
        // A 500-label build: members train on 400 labels (13 batches), the latency predictor on 450 (15): uncut.
        Assert.Equal((154, false), P.AutoEpochs(options, 13));
        Assert.Equal((134, false), P.AutoEpochs(options, 15));
        // A 3,000-label build's members: 2,400 labels, 75 batches → 40 epochs, 3,000 steps.
        Assert.Equal((40, true), P.AutoEpochs(options, 75));
    }

    [Fact]
    public void An_uncut_training_ignores_the_annealing_switch()
    {
        // The labels small label sets see: byte-identical to the training before the budget existed.
        var (graphs, targets) = PredictorTests.Synthetic(120, 3);
        PredictorOptions Options(bool anneal) => new() { Hidden = 16, Batch = 32, Seed = 5, AutoSteps = 40, MaxAutoSteps = 400, AnnealWhenCut = anneal };
        var annealing = P.Train(PredictorTests.Schema, graphs, targets, Options(true));
        Assert.Equal(100, annealing.Options.Epochs); // 4 batches × 100 epochs = 400 steps: the budget does not cut
        Assert.Equal(annealing.Predict(graphs), P.Train(PredictorTests.Schema, graphs, targets, Options(false)).Predict(graphs));
    }

    [Fact]
    public void A_cut_training_anneals_and_stays_reproducible()
    {
        var (graphs, targets) = PredictorTests.Synthetic(120, 4);
        PredictorOptions Options(bool anneal) => new() { Hidden = 16, Batch = 32, Seed = 5, MaxAutoSteps = 48, AnnealWhenCut = anneal };
        var annealed = P.Train(PredictorTests.Schema, graphs, targets, Options(true));
        Assert.Equal(12, annealed.Options.Epochs); // 4 batches per epoch, 48 steps
        var again = P.Train(PredictorTests.Schema, graphs, targets, Options(true)).Predict(graphs);
        Assert.Equal(annealed.Predict(graphs), again);
        // The schedule changes the weights (same epochs, same batches, a decaying rate).
        var constant = P.Train(PredictorTests.Schema, graphs, targets, Options(false));
        Assert.Equal(12, constant.Options.Epochs);
        Assert.NotEqual(constant.Predict(graphs), again);
    }
}

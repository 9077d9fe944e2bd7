using AutoBuild.Learning.Build;
using AutoBuild.Learning.Numerics;
using AutoBuild.Learning.Predictor;
using AutoBuild.Learning.Tests.Predictor;

namespace AutoBuild.Learning.Tests.Build;

public class ConcurrentTrainingsTests
{
    [Fact]
    public void Trainings_side_by_side_give_the_same_bits_as_one_after_another()
    {
        var (graphs, targets) = PredictorTests.Synthetic(150, 11);
        // Hidden 64 with 128-graph batches makes products large enough to be split over threads when run alone.
        PredictorOptions Options(int seed) => new() { Hidden = 64, Epochs = 3, Batch = 128, Seed = seed, TestFraction = 0.1 };
        var alone = new[] { 1, 2, 3 }.Select(s => PredictorTrainer.Train(PredictorTests.Schema, graphs, targets, Options(s)).Predict(graphs)).ToArray();
        var saved = Gemm.Threads;
        try
        {
            Gemm.Threads = 2;
            var jobs = new[] { 1, 2, 3 }.Select(s => (Func<double[]>)(() => PredictorTrainer.Train(PredictorTests.Schema, graphs, targets, Options(s)).Predict(graphs))).ToArray();
            var together = ConcurrentTrainings.Run(jobs);
            Assert.Equal(alone, together);
        }
        finally { Gemm.Threads = saved; }
    }

    [Fact]
    public void A_failing_training_rethrows_its_own_exception()
    {
        var saved = Gemm.Threads;
        try
        {
            Gemm.Threads = 2;
            var jobs = new Func<int>[] { () => 1, () => throw new ArgumentException("bad job"), () => 3 };
            Assert.Equal("bad job", Assert.Throws<ArgumentException>(() => ConcurrentTrainings.Run(jobs)).Message);
        }
        finally { Gemm.Threads = saved; }
    }
}

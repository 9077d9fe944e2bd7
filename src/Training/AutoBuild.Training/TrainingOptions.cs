using System;
using System.Globalization;

namespace AutoBuild.Training;

/// <summary>How each architecture is trained: SGD with Nesterov momentum 0.9 and weight decay, a cosine learning-rate
/// schedule over all steps, cross-entropy, <see cref="Seed"/> for the initial weights and the batch order (the same
/// seed gives the same weights on CPU with the same thread count).</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 0.05;
    public double WeightDecay { get; init; } = 5e-4;
    public int Seed { get; init; }

    /// <summary>The settings that decide a result, as written into every row's <c>recipe</c> column; rows measured with
    /// another recipe are never mixed into the same file.</summary>
    public string Recipe(string dataName) => string.Format(CultureInfo.InvariantCulture,
        "data={0};epochs={1};batch={2};lr={3:R};wd={4:R}", dataName, Epochs, BatchSize, LearningRate, WeightDecay);

    /// <summary>Throws AB6005 for a value out of range; <paramref name="where"/> locates the diagnostic.</summary>
    public void Check(string where)
    {
        static void Require(bool ok, string message, string where)
        {
            if (!ok) throw EvaluationException.At(EvaluationCodes.BadOption, message, where);
        }
        Require(Epochs is >= 1 and <= 100_000, $"--epochs must be 1 to 100000 (got {Epochs})", where);
        Require(BatchSize is >= 1 and <= 1_000_000, $"--batch must be 1 to 1000000 (got {BatchSize})", where);
        Require(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= 100, $"--lr must be a number in (0, 100] (got {LearningRate.ToString("R", CultureInfo.InvariantCulture)})", where);
        Require(double.IsFinite(WeightDecay) && WeightDecay >= 0 && WeightDecay <= 1, $"--weight-decay must be in [0, 1] (got {WeightDecay.ToString("R", CultureInfo.InvariantCulture)})", where);
        Require(Seed >= 0, $"--seed must be non-negative (got {Seed})", where);
    }
}

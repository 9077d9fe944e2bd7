using System;
using System.Diagnostics;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoBuild.Training;

/// <summary>What training one network measured.</summary>
public sealed record TrainingResult(double ValidationAccuracy, double TrainSeconds, long Parameters);

/// <summary>Trains any TorchSharp image classifier (a <see cref="PlanModel"/>, a generated <c>&lt;Space&gt;Model</c> or
/// <c>&lt;Space&gt;BestModel</c>) on <see cref="TrainingData"/> and measures its validation accuracy.</summary>
public static class Trainer
{
    /// <summary>The device TorchSharp users expect: CUDA when the referenced libtorch has it and a GPU is present.</summary>
    public static Device DefaultDevice => cuda.is_available() ? CUDA : CPU;

    /// <summary>Trains <paramref name="model"/> in place (moved to <paramref name="device"/>, CPU when null) and returns
    /// its validation accuracy. Seed the initial weights yourself (<c>torch.manual_seed</c>) before creating the model;
    /// this seeds libtorch again for dropout and draws the batch order from <c>new Random(options.Seed)</c>.</summary>
    public static TrainingResult Train(nn.Module<Tensor, Tensor> model, TrainingData data, TrainingOptions options, Device? device = null)
    {
        options.Check("training options");
        NativeGlue.LibTorchGlue.EnsureLoadable();
        device ??= CPU;
        var clock = Stopwatch.StartNew();
        model.to(device);
        torch.manual_seed(options.Seed);
        var order = new Random(options.Seed);
        using (var images = Images(data.Train, device))
        using (var labels = torch.tensor(data.Train.Labels, device: device))
        {
            var optimizer = optim.SGD(model.parameters(), options.LearningRate, momentum: 0.9, weight_decay: options.WeightDecay, nesterov: true);
            var batchesPerEpoch = (data.Train.Count + options.BatchSize - 1) / options.BatchSize;
            var totalSteps = (double)batchesPerEpoch * options.Epochs;
            var step = 0;
            var permutation = Enumerable.Range(0, data.Train.Count).ToArray();
            model.train();
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                Shuffle(permutation, order);
                for (var start = 0; start < permutation.Length; start += options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    var count = Math.Min(options.BatchSize, permutation.Length - start);
                    var index = torch.tensor(permutation.AsSpan(start, count).ToArray().Select(i => (long)i).ToArray(), device: device);
                    // Cosine schedule from the base rate to zero over all steps.
                    var rate = options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step++ / totalSteps));
                    foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(model.forward(images.index_select(0, index)), labels.index_select(0, index));
                    loss.backward();
                    optimizer.step();
                }
            }
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var accuracy = Accuracy(model, data.Validation, device, options.BatchSize);
        return new TrainingResult(accuracy, trainSeconds, model.parameters().Sum(p => p.numel()));
    }

    /// <summary>The fraction of <paramref name="dataset"/> that <paramref name="model"/> classifies correctly (eval mode).</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, ImageDataset dataset, Device? device = null, int batchSize = 256)
    {
        device ??= CPU;
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var images = Images(dataset, device);
        var labels = torch.tensor(dataset.Labels, device: device);
        long correct = 0;
        for (var start = 0; start < dataset.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, dataset.Count - start);
            var predicted = model.forward(images.narrow(0, start, count)).argmax(1);
            correct += predicted.eq(labels.narrow(0, start, count)).sum().item<long>();
        }
        return dataset.Count == 0 ? 0 : (double)correct / dataset.Count;
    }

    /// <summary>All images of a dataset as one N × C × H × W float32 tensor.</summary>
    public static Tensor Images(ImageDataset dataset, Device? device = null) =>
        torch.tensor(dataset.Pixels, new long[] { dataset.Count, dataset.Channels, dataset.Height, dataset.Width }, device: device ?? CPU);

    private static void Shuffle(int[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

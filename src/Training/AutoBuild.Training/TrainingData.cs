using System;
using System.IO;
using System.Linq;

namespace AutoBuild.Training;

/// <summary>A training set and a validation set, both scaled by the same factor (1 / the largest training pixel, so
/// the digits' 0–16 and a user's 0–255 both become 0–1). <see cref="Name"/> goes into every result row's recipe.</summary>
public sealed class TrainingData
{
    public TrainingData(string name, ImageDataset train, ImageDataset validation)
    {
        if (train.ImageSize != validation.ImageSize || train.Channels != validation.Channels)
            throw new ArgumentException("The training and validation images differ in shape.", nameof(validation));
        var max = train.Pixels.Length == 0 ? 0f : train.Pixels.Max();
        var scale = max > 0 ? 1f / max : 1f;
        Name = name;
        Train = train.Scaled(scale);
        Validation = validation.Scaled(scale);
    }

    public string Name { get; }
    public ImageDataset Train { get; }
    public ImageDataset Validation { get; }

    /// <summary>The data named by `--data`: <c>digits</c> (the built-in 8×8 digits, split as <see cref="ImageDataset.Split"/>),
    /// a folder holding <c>train.csv</c> and <c>val.csv</c> (each may be gzipped, <c>.csv.gz</c>), or one image CSV
    /// split like the digits.</summary>
    public static TrainingData Open(string data)
    {
        if (data == "digits")
        {
            var (train, validation) = ImageDataset.Digits().Split();
            return new TrainingData("digits", train, validation);
        }
        if (Directory.Exists(data))
        {
            var train = Find(data, "train");
            var validation = Find(data, "val");
            return new TrainingData(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(data))),
                ImageDataset.ReadCsv(train), ImageDataset.ReadCsv(validation));
        }
        if (File.Exists(data))
        {
            var (train, validation) = ImageDataset.ReadCsv(data).Split();
            return new TrainingData(Path.GetFileName(data), train, validation);
        }
        throw EvaluationException.At(EvaluationCodes.DataMissing,
            $"no dataset '{data}': give 'digits', an image CSV, or a folder with train.csv and val.csv (docs/evaluate.md)", data);
    }

    private static string Find(string folder, string name)
    {
        foreach (var file in new[] { name + ".csv", name + ".csv.gz" })
            if (File.Exists(Path.Combine(folder, file))) return Path.Combine(folder, file);
        throw EvaluationException.At(EvaluationCodes.DataMissing, $"the dataset folder has no {name}.csv (or {name}.csv.gz)", folder);
    }
}

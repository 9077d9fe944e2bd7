using AutoBuild.Training;

namespace AutoBuild.TorchSharp.Tests;

/// <summary>The datasets of label collection: the built-in digits and the image CSV format (docs/evaluate.md).</summary>
public sealed class ImageDatasetTests
{
    [Fact]
    public void The_built_in_digits_are_the_1797_real_images_and_split_stratified_without_overlap()
    {
        var digits = ImageDataset.Digits();
        Assert.Equal((1797, 1, 8, 8, 10), (digits.Count, digits.Channels, digits.Height, digits.Width, digits.ClassCount));
        Assert.Equal(16f, digits.Pixels.Max());
        var data = TrainingData.Open("digits");
        Assert.Equal(1797, data.Train.Count + data.Validation.Count);
        // Every fifth image of each class (class counts 174..183 in data/digits-8x8/README.md) is for validation.
        Assert.Equal(Enumerable.Range(0, 10).Sum(c => digits.Labels.Count(l => l == c) / 5), data.Validation.Count);
        Assert.All(Enumerable.Range(0, 10), c => Assert.InRange(data.Validation.Labels.Count(l => l == c), 34, 36));
        Assert.Equal(1f, data.Train.Pixels.Max()); // scaled by 1/16
    }

    [Fact]
    public void An_image_csv_gives_its_shape_from_the_pixel_column_names()
    {
        var csv = "label,px_0_0_0,px_0_0_1,px_1_0_0,px_1_0_1\n1,0,1,2,3\n0,4,5,6,7\n";
        var data = ImageDataset.ParseCsv(csv, "rgb.csv");
        Assert.Equal((2, 2, 1, 2, 2), (data.Count, data.Channels, data.Height, data.Width, data.ClassCount));
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }, data.Pixels);
        Assert.Equal(new long[] { 1, 0 }, data.Labels);
    }

    [Theory]
    [InlineData("px_0_0,px_0_1\n1,2\n", "rgb.csv(1,1): error AB6003: the header has no 'label' column")]
    [InlineData("label,px_0_0,px_0_1\n1,2,x\n", "rgb.csv(2,5): error AB6003: the pixel 'x' is not a non-negative number")]
    [InlineData("label,px_0_0,px_0_1\n-1,2,3\n", "rgb.csv(2,1): error AB6003: the label '-1' is not a class number (0, 1, 2, ...)")]
    [InlineData("label,px_0_0,px_1_1\n1,2,3\n", "rgb.csv(1,1): error AB6003: the pixel columns do not fill a 1×2×2 image: 2 are missing")]
    [InlineData("label,px_0_0,pixel\n1,2,3\n", "rgb.csv(1,14): error AB6003: the column 'pixel' is neither 'label' nor a new pixel column")]
    public void A_malformed_image_csv_is_a_located_AB6003(string csv, string expected)
    {
        var e = Assert.Throws<EvaluationException>(() => ImageDataset.ParseCsv(csv, "rgb.csv"));
        Assert.StartsWith(expected, e.Diagnostics[0].ToString());
    }

    [Fact]
    public void An_unknown_dataset_is_AB6002()
    {
        var e = Assert.Throws<EvaluationException>(() => TrainingData.Open(Path.Combine(Path.GetTempPath(), "no-such-dataset-" + Guid.NewGuid())));
        Assert.Contains("AB6002", e.Diagnostics[0].ToString());
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using AutoBuild.Learning.Labels;

namespace AutoBuild.Training;

/// <summary>Labelled images in memory: pixels as float32 in N × C × H × W order, integer class labels. Read from the
/// built-in 8×8 digits or from a CSV in the image format of docs/evaluate.md (a <c>label</c> column and one
/// <c>px_&lt;row&gt;_&lt;col&gt;</c> or <c>px_&lt;channel&gt;_&lt;row&gt;_&lt;col&gt;</c> column per pixel).</summary>
public sealed class ImageDataset
{
    public ImageDataset(float[] pixels, long[] labels, int channels, int height, int width)
    {
        if (pixels.Length != (long)labels.Length * channels * height * width)
            throw new ArgumentException("pixels must hold labels.Length × channels × height × width values", nameof(pixels));
        Pixels = pixels; Labels = labels; Channels = channels; Height = height; Width = width;
    }

    public float[] Pixels { get; }
    public long[] Labels { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Count => Labels.Length;
    public int ImageSize => Channels * Height * Width;
    /// <summary>One more than the largest label.</summary>
    public int ClassCount => Labels.Length == 0 ? 0 : (int)Labels.Max() + 1;

    /// <summary>The 1,797 real 8×8 handwritten digits shipped in this assembly (data/digits-8x8: UCI, via
    /// scikit-learn; pixels 0–16), one channel.</summary>
    public static ImageDataset Digits()
    {
        const string name = "AutoBuild.Training.digits_8x8.csv.gz";
        using var stream = typeof(ImageDataset).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The digits ({name}) are missing from AutoBuild.Training.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return ParseCsv(reader.ReadToEnd(), "digits");
    }

    /// <summary>Reads an image CSV (gzipped when the name ends in .gz).</summary>
    public static ImageDataset ReadCsv(string path)
    {
        string text;
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            throw EvaluationException.At(EvaluationCodes.DataMissing, $"cannot read the image CSV: {e.Message}", path);
        }
        return ParseCsv(text, path);
    }

    /// <summary>Parses image CSV text; <paramref name="path"/> locates diagnostics.</summary>
    public static ImageDataset ParseCsv(string text, string path)
    {
        var table = CsvTable.Parse(text);
        if (table.Errors.Count > 0)
        {
            var error = table.Errors[0];
            throw EvaluationException.At(EvaluationCodes.DataMalformed, error.Message, path, error.Line, error.Column);
        }
        if (table.Records.Count < 2) throw EvaluationException.At(EvaluationCodes.DataMalformed, "the image CSV has no data rows (a header and one row per image)", path, 1, 1);
        var header = table.Records[0];
        var (labelColumn, pixelColumns, channels, height, width) = ReadHeader(header, path);
        var count = table.Records.Count - 1;
        var size = channels * height * width;
        var pixels = new float[(long)count * size];
        var labels = new long[count];
        for (var r = 0; r < count; r++)
        {
            var record = table.Records[r + 1];
            if (record.Fields.Count != header.Fields.Count)
                throw EvaluationException.At(EvaluationCodes.DataMalformed, $"the row has {record.Fields.Count} fields, the header {header.Fields.Count}", path, record.Line, 1);
            var label = record.Fields[labelColumn];
            if (!int.TryParse(label.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
                throw EvaluationException.At(EvaluationCodes.DataMalformed, $"the label '{label.Value}' is not a class number (0, 1, 2, ...)", path, label.Line, label.Column);
            labels[r] = l;
            for (var p = 0; p < size; p++)
            {
                var field = record.Fields[pixelColumns[p]];
                if (!float.TryParse(field.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v) || v < 0)
                    throw EvaluationException.At(EvaluationCodes.DataMalformed, $"the pixel '{field.Value}' is not a non-negative number", path, field.Line, field.Column);
                pixels[(long)r * size + p] = v;
            }
        }
        return new ImageDataset(pixels, labels, channels, height, width);
    }

    /// <summary>The label column, and per pixel in C × H × W order the column that holds it.</summary>
    private static (int Label, int[] Pixels, int Channels, int Height, int Width) ReadHeader(CsvRecord header, string path)
    {
        var label = -1;
        var found = new Dictionary<(int C, int R, int X), int>();
        int? parts = null;
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var field = header.Fields[i];
            if (field.Value == "label") { label = i; continue; }
            var pieces = field.Value.Split('_');
            var numbers = pieces.Skip(1).Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
            if (pieces[0] != "px" || numbers.Length is < 2 or > 3 || numbers.Any(n => n < 0) || (parts ?? numbers.Length) != numbers.Length
                || !found.TryAdd(numbers.Length == 2 ? (0, numbers[0], numbers[1]) : (numbers[0], numbers[1], numbers[2]), i))
                throw EvaluationException.At(EvaluationCodes.DataMalformed,
                    $"the column '{field.Value}' is neither 'label' nor a new pixel column px_<row>_<col> (one channel) or px_<channel>_<row>_<col>, named alike throughout",
                    path, field.Line, field.Column);
            parts = numbers.Length;
        }
        if (label < 0) throw EvaluationException.At(EvaluationCodes.DataMalformed, "the header has no 'label' column", path, 1, 1);
        if (found.Count == 0) throw EvaluationException.At(EvaluationCodes.DataMalformed, "the header has no pixel columns (px_<row>_<col>)", path, 1, 1);
        int channels = found.Keys.Max(k => k.C) + 1, height = found.Keys.Max(k => k.R) + 1, width = found.Keys.Max(k => k.X) + 1;
        if (found.Count != channels * height * width)
            throw EvaluationException.At(EvaluationCodes.DataMalformed,
                $"the pixel columns do not fill a {channels}×{height}×{width} image: {channels * height * width - found.Count} are missing", path, 1, 1);
        var pixels = new int[found.Count];
        foreach (var ((c, r, x), column) in found) pixels[(c * height + r) * width + x] = column;
        return (label, pixels, channels, height, width);
    }

    /// <summary>A fixed, stratified split without randomness: within each class, in file order, every fifth image
    /// (the 5th, 10th, ...) is for validation when <paramref name="validationEvery"/> is 5.</summary>
    public (ImageDataset Train, ImageDataset Validation) Split(int validationEvery = 5)
    {
        var seen = new Dictionary<long, int>();
        var train = new List<int>();
        var validation = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            seen[Labels[i]] = seen.TryGetValue(Labels[i], out var n) ? n + 1 : 1;
            (seen[Labels[i]] % validationEvery == 0 ? validation : train).Add(i);
        }
        return (Subset(train), Subset(validation));
    }

    /// <summary>The images at these indices, in this order.</summary>
    public ImageDataset Subset(IReadOnlyList<int> indices)
    {
        var pixels = new float[(long)indices.Count * ImageSize];
        var labels = new long[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Array.Copy(Pixels, (long)indices[i] * ImageSize, pixels, (long)i * ImageSize, ImageSize);
            labels[i] = Labels[indices[i]];
        }
        return new ImageDataset(pixels, labels, Channels, Height, Width);
    }

    /// <summary>This dataset with every pixel multiplied by <paramref name="factor"/>.</summary>
    public ImageDataset Scaled(float factor) => new(Pixels.Select(p => p * factor).ToArray(), Labels, Channels, Height, Width);
}

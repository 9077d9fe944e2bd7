using System;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Runtime.Ir;

/// <summary>Limits declared in the spec; architectures above them are invalid.</summary>
public sealed class SpaceConstraints
{
    public static readonly SpaceConstraints None = new(null, null);

    public SpaceConstraints(long? maxParams, long? maxFlops)
    {
        MaxParams = maxParams; MaxFlops = maxFlops;
    }

    public long? MaxParams { get; }
    public long? MaxFlops { get; }
}

/// <summary>The network template of a space: input, classes, width rounding and the layer tree.</summary>
public sealed class Network
{
    public Network(int inputChannels, Value<int> resolution, int classes, Layer body, double widthMultiplier = 1.0, int divisor = 8,
        bool countBiasFlops = false, double batchNormEps = DefaultBatchNormEps, double batchNormMomentum = DefaultBatchNormMomentum,
        int sequenceLength = 0, int vocabulary = 0)
    {
        SequenceLength = sequenceLength; Vocabulary = vocabulary;
        InputChannels = inputChannels; Resolution = resolution; Classes = classes; Body = body;
        WidthMultiplier = widthMultiplier; Divisor = divisor; CountBiasFlops = countBiasFlops;
        BatchNormEps = batchNormEps; BatchNormMomentum = batchNormMomentum;
    }

    /// <summary>PyTorch's BatchNorm2d defaults.</summary>
    public const double DefaultBatchNormEps = 1e-5, DefaultBatchNormMomentum = 0.1;

    public int InputChannels { get; }
    /// <summary>Input height = width; may be a decision (Role = Resolution).</summary>
    public Value<int> Resolution { get; }
    public int Classes { get; }
    public Layer Body { get; }
    /// <summary>Informational: channel parameters in the template are already scaled by it.</summary>
    public double WidthMultiplier { get; }
    /// <summary>Channel rounding for widths computed at instantiation (expanded widths, SE widths).</summary>
    public int Divisor { get; }
    /// <summary>Whether FLOPs count bias additions (the NAS-Bench-201 counter does).</summary>
    public bool CountBiasFlops { get; }
    /// <summary>Every BatchNorm's epsilon and running-statistics momentum (spec key <c>bn</c>; torchvision's
    /// MobileNetV3 uses 1e-3 and 0.01). They change outputs, not params or FLOPs.</summary>
    public double BatchNormEps { get; }
    public double BatchNormMomentum { get; }
    /// <summary>Sequence networks (<c>input: { sequence, vocab }</c>): the number of tokens of a source and of a target
    /// sentence, and the vocabulary size; both 0 for image networks.</summary>
    public int SequenceLength { get; }
    public int Vocabulary { get; }
    public bool IsSequenceNetwork => Vocabulary > 0;
}

/// <summary>Width rounding.</summary>
public static class Channels
{
    /// <summary>MobileNet's make_divisible: the nearest multiple of <paramref name="divisor"/>, at least the
    /// divisor, and never more than 10% below <paramref name="value"/>.</summary>
    public static int MakeDivisible(double value, int divisor)
    {
        if (divisor <= 1) return Math.Max(1, (int)Math.Round(value, MidpointRounding.AwayFromZero));
        var rounded = Math.Max(divisor, (int)(value + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * value) rounded += divisor;
        return rounded;
    }
}

using System.Globalization;
using AutoBuild.Runtime.Ir;

namespace AutoBuild.Runtime.Plans;

/// <summary>The shape checks every op's instantiation shares; each throws <see cref="ShapeException"/> with the layer
/// it checks, so the message points at the spec.</summary>
internal static class ShapeRules
{
    /// <summary>The output of a <paramref name="kernel"/>×<paramref name="kernel"/> window sliding over <paramref name="input"/>.</summary>
    public static Shape Spatial(Layer origin, Shape input, int channels, int kernel, int stride, int padding)
    {
        Positive(origin, stride, "stride");
        var h = (input.Height + 2 * padding - kernel) / stride + 1;
        var w = (input.Width + 2 * padding - kernel) / stride + 1;
        if (input.Height + 2 * padding < kernel || h <= 0 || w <= 0)
            throw new ShapeException(origin, $"a {kernel}x{kernel} window with stride {stride} and padding {padding} does not fit the {input.Height}x{input.Width} feature map");
        return new Shape(channels, h, w);
    }

    /// <summary>The stride of a 1×1 projection from <paramref name="input"/> to <paramref name="output"/>.</summary>
    public static int StrideBetween(Layer origin, Shape input, Shape output)
    {
        if (output.IsVector || output.Height == 0 || input.Height % output.Height != 0 || input.Height / output.Height != (input.Width + output.Width - 1) / output.Width)
            throw new ShapeException(origin, $"no 1x1 projection turns {input} into {output}");
        return input.Height / output.Height;
    }

    public static void RequireMap(Layer origin, Shape input, string what)
    {
        if (input.IsVector) throw new ShapeException(origin, $"{what} needs a feature map but gets a vector of {input.Channels}; move it before global_pool");
        if (!input.IsFeatureMap) throw new ShapeException(origin, $"{what} needs a feature map but gets {input}; sequences take the transformer ops (attention, ffn, layer_norm)");
    }

    public static int Positive(Layer origin, int value, string what)
    {
        if (value <= 0) throw new ShapeException(origin, $"{what} must be positive, got {value}");
        return value;
    }

    /// <summary>The state_dict name of the i-th child.</summary>
    public static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}

using System;
using System.Globalization;

namespace AutoBuild.Reports.Charts;

/// <summary>
/// Colour-blind-safe colours: the Okabe–Ito qualitative palette for categories and a viridis-like sequential
/// ramp (perceptually ordered, readable in greyscale) for scores.
/// </summary>
internal static class Palette
{
    public const string Blue = "#0072B2";
    public const string Orange = "#E69F00";
    public const string SkyBlue = "#56B4E9";
    public const string Green = "#009E73";
    public const string Yellow = "#F0E442";
    public const string Vermillion = "#D55E00";
    public const string Purple = "#CC79A7";
    public const string Ink = "#1f2328";
    public const string Muted = "#57606a";
    public const string Grid = "#d8dee4";
    public const string Faint = "#eef1f4";
    public const string NoData = "#f6f8fa";

    /// <summary>Okabe–Ito colours in a fixed order for categorical series.</summary>
    public static readonly string[] Categorical = { Blue, Orange, Green, Vermillion, Purple, SkyBlue, Yellow };

    // Ten samples of the viridis ramp, from dark purple (low) to yellow (high).
    private static readonly (byte R, byte G, byte B)[] Ramp =
    {
        (0x44, 0x01, 0x54), (0x48, 0x28, 0x78), (0x3E, 0x4A, 0x89), (0x31, 0x68, 0x8E), (0x26, 0x82, 0x8E),
        (0x1F, 0x9E, 0x89), (0x35, 0xB7, 0x79), (0x6D, 0xCD, 0x59), (0xB4, 0xDE, 0x2C), (0xFD, 0xE7, 0x25),
    };

    /// <summary>The sequential colour at <paramref name="t"/> in [0, 1] (clamped; NaN gives the no-data grey).</summary>
    public static string Sequential(double t)
    {
        if (double.IsNaN(t)) return NoData;
        t = Math.Clamp(t, 0, 1) * (Ramp.Length - 1);
        var i = Math.Min((int)Math.Floor(t), Ramp.Length - 2);
        var f = t - i;
        var a = Ramp[i];
        var b = Ramp[i + 1];
        return Hex(Lerp(a.R, b.R, f), Lerp(a.G, b.G, f), Lerp(a.B, b.B, f));
    }

    /// <summary>Black or white, whichever reads better on <paramref name="hexFill"/> ("#rrggbb").</summary>
    public static string TextOn(string hexFill)
    {
        if (hexFill.Length != 7 || hexFill[0] != '#') return Ink;
        var r = int.Parse(hexFill.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var g = int.Parse(hexFill.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var b = int.Parse(hexFill.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var luminance = 0.2126 * Linear(r) + 0.7152 * Linear(g) + 0.0722 * Linear(b);
        return luminance > 0.22 ? Ink : "#ffffff";
    }

    private static double Linear(int c)
    {
        var s = c / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
    }

    private static int Lerp(byte a, byte b, double f) => (int)Math.Round(a + (b - a) * f);

    private static string Hex(int r, int g, int b) =>
        "#" + r.ToString("x2", CultureInfo.InvariantCulture) + g.ToString("x2", CultureInfo.InvariantCulture) + b.ToString("x2", CultureInfo.InvariantCulture);
}

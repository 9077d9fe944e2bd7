using System;
using System.Globalization;

namespace AutoBuild.Reports;

/// <summary>
/// Fixed, culture-invariant number formatting for the reports, so that the same result always renders to the
/// same bytes. Non-finite values print as "n/a" (never "NaN" or "∞" in a table a person reads).
/// </summary>
internal static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Fixed number of decimals; "-0.00" is printed as "0.00".</summary>
    public static string Fixed(double v, int decimals)
    {
        if (!double.IsFinite(v)) return "n/a";
        var s = v.ToString("F" + decimals.ToString(Inv), Inv);
        return IsNegativeZero(s) ? s.Substring(1) : s;
    }

    /// <summary>About <paramref name="significant"/> significant digits, never in exponent notation.</summary>
    public static string Sig(double v, int significant = 4)
    {
        if (!double.IsFinite(v)) return "n/a";
        if (v == 0) return "0";
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        var decimals = Math.Clamp(significant - 1 - magnitude, 0, 8);
        return Fixed(v, decimals);
    }

    /// <summary>A target value (accuracy, loss, latency...): four significant digits, at least two decimals below 100.</summary>
    public static string Target(double v)
    {
        if (!double.IsFinite(v)) return "n/a";
        var a = Math.Abs(v);
        return a >= 10000 ? Fixed(v, 0) : a >= 100 ? Fixed(v, 2) : Sig(v, 4);
    }

    /// <summary>A signed difference of two targets, with as many decimals as <see cref="Target"/> gives the reference value.</summary>
    public static string Delta(double delta, double reference)
    {
        if (!double.IsFinite(delta)) return "n/a";
        var text = Target(reference);
        var dot = text.IndexOf('.');
        var s = Fixed(delta, dot < 0 ? 0 : text.Length - dot - 1);
        return s.StartsWith('-') ? s : "+" + s;
    }

    /// <summary>A setting such as a learning rate: shortest plain decimal, no exponent (0.001, 0.5, 128).</summary>
    public static string Plain(double v) => double.IsFinite(v) ? v.ToString("0.##########", Inv) : "n/a";

    /// <summary>Rank correlations and other values in [-1, 1].</summary>
    public static string Corr(double v) => Fixed(v, 3);

    /// <summary>An exact count with thousands separators: 1,985,514.</summary>
    public static string Count(long v) => v.ToString("N0", Inv);

    /// <summary>A large quantity in compact form, three significant digits without trailing zeros: 1.99 M, 85.2 M, 60 M, 1.2 G, 950.</summary>
    public static string Compact(double v)
    {
        if (!double.IsFinite(v)) return "n/a";
        var a = Math.Abs(v);
        return a >= 1e12 ? Trim(Sig(v / 1e12, 3)) + " T"
            : a >= 1e9 ? Trim(Sig(v / 1e9, 3)) + " G"
            : a >= 1e6 ? Trim(Sig(v / 1e6, 3)) + " M"
            : a >= 1e3 ? Trim(Sig(v / 1e3, 3)) + " k"
            : Trim(Sig(v, 3));
    }

    private static string Trim(string number) => number.Contains('.') ? number.TrimEnd('0').TrimEnd('.') : number;

    /// <summary>Seconds as "0.84 s", "12.3 s" or "3 min 05 s".</summary>
    public static string Seconds(double s)
    {
        if (!double.IsFinite(s) || s < 0) return "n/a";
        if (s < 60) return Sig(s, 3) + " s";
        var whole = (long)Math.Round(s);
        return (whole / 60).ToString(Inv) + " min " + (whole % 60).ToString("00", Inv) + " s";
    }

    /// <summary>A coordinate in an SVG document: at most two decimals, no trailing zeros.</summary>
    public static string Coord(double v)
    {
        if (!double.IsFinite(v)) return "0";
        var s = Math.Round(v, 2).ToString("0.##", Inv);
        return s == "-0" ? "0" : s;
    }

    private static bool IsNegativeZero(string s)
    {
        if (s.Length < 2 || s[0] != '-') return false;
        for (var i = 1; i < s.Length; i++)
            if (s[i] != '0' && s[i] != '.') return false;
        return true;
    }
}

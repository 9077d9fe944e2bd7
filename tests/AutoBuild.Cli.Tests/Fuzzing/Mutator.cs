using System.Globalization;
using System.Text;

namespace AutoBuild.Cli.Tests.Fuzzing;

/// <summary>Seeded mutations of text inputs (specs, labels CSVs, target expressions). Everything is drawn from the
/// one <see cref="Random"/> passed in, so a (seed, case) pair reproduces its input exactly. The mutations aim at
/// what broke the tool before: hostile bytes (NUL, line breaks, control and non-ASCII characters), extreme numbers,
/// hostile names, deep nesting, long repetition and structural damage (unclosed brackets, shifted indentation).</summary>
internal static class Mutator
{
    private static readonly string[] Numbers =
    {
        "0", "-1", "1", "2", "3", "7", "64", "100", "101", "1000", "65536", "1000000", "2147483647", "2147483648", "-2147483649",
        "9223372036854775808", "1e308", "-1e308", "1e-320", "nan", "inf", "-inf", "0.5", "1.5", "0x10", "1_000", "5M", "1.5G", "3\0", "٣",
    };

    private static readonly string[] Names =
    {
        "class", "to_plan", "size", "space", "plan", "choices", "choice_of", "best", "Architecture", "__x", "a.b", "a-b", "1st",
        "x\u202Ey", "日本", "\"q\"", "a b", "", "reference_equals", "mutate", "Model", "Ranked", "value__",
    };

    private static readonly string[] Snippets =
    {
        "\0", "\r", "\n", "\r\n", "\t", "\u2028", "\uFEFF", "\u001b[31m", "{", "}", "[", "]", ":", "- ", "&a ", "*a", "!!str ", "%YAML 1.2\n",
        "---\n", "|", ">", "#", "\"", "'", "$", "$out", "{index}", "{ choose: [", ", name: x }", "..", ",", "\"\"", "\\",
    };

    /// <summary>One to <paramref name="maxSteps"/> random mutations of <paramref name="text"/>.</summary>
    public static string Mutate(string text, Random random, int maxSteps = 4)
    {
        var steps = 1 + random.Next(maxSteps);
        for (var i = 0; i < steps; i++) text = MutateOnce(text, random);
        return text;
    }

    private static string MutateOnce(string text, Random random)
    {
        switch (random.Next(12))
        {
            case 0: return ReplaceToken(text, random, IsNumberStart, Numbers);
            case 1: return ReplaceToken(text, random, char.IsLetter, Names);
            case 2: return Insert(text, random, Snippets[random.Next(Snippets.Length)]);
            case 3: return DeleteSpan(text, random);
            case 4: return DuplicateLine(text, random, times: 1 + random.Next(random.Next(2) == 0 ? 3 : 2000));
            case 5: return DeleteLine(text, random);
            case 6: return Reindent(text, random);
            case 7: return Nest(text, random, depth: 1 + random.Next(random.Next(4) == 0 ? 200 : 6));
            case 8: return SwapLines(text, random);
            case 9: return Insert(text, random, ((char)random.Next(0, 0x3000)).ToString());
            case 10: return Truncate(text, random);
            default: return ReplaceToken(text, random, IsNumberStart, new[] { random.Next(-5, 300).ToString(CultureInfo.InvariantCulture) });
        }
    }

    private static bool IsNumberStart(char c) => c is >= '0' and <= '9';

    /// <summary>Replaces one run of characters starting with <paramref name="start"/> (a number or a word) by one of <paramref name="with"/>.</summary>
    private static string ReplaceToken(string text, Random random, Func<char, bool> start, string[] with)
    {
        var positions = new List<int>();
        for (var i = 0; i < text.Length; i++)
            if (start(text[i]) && (i == 0 || !char.IsLetterOrDigit(text[i - 1]))) positions.Add(i);
        if (positions.Count == 0) return Insert(text, random, with[random.Next(with.Length)]);
        var at = positions[random.Next(positions.Count)];
        var end = at;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '.')) end++;
        return text.Substring(0, at) + with[random.Next(with.Length)] + text.Substring(end);
    }

    private static string Insert(string text, Random random, string what)
    {
        var at = random.Next(text.Length + 1);
        return text.Substring(0, at) + what + text.Substring(at);
    }

    private static string DeleteSpan(string text, Random random)
    {
        if (text.Length == 0) return text;
        var at = random.Next(text.Length);
        var length = 1 + random.Next(Math.Min(20, text.Length - at));
        return text.Remove(at, length);
    }

    private static string Truncate(string text, Random random) => text.Length == 0 ? text : text.Substring(0, random.Next(text.Length));

    private static List<string> Lines(string text) => text.Split('\n').ToList();

    private static string DuplicateLine(string text, Random random, int times)
    {
        var lines = Lines(text);
        var i = random.Next(lines.Count);
        lines.InsertRange(i, Enumerable.Repeat(lines[i], Math.Min(times, 200_000 / Math.Max(1, lines[i].Length + 1))));
        return string.Join("\n", lines);
    }

    private static string DeleteLine(string text, Random random)
    {
        var lines = Lines(text);
        if (lines.Count > 1) lines.RemoveAt(random.Next(lines.Count));
        return string.Join("\n", lines);
    }

    private static string SwapLines(string text, Random random)
    {
        var lines = Lines(text);
        var (a, b) = (random.Next(lines.Count), random.Next(lines.Count));
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join("\n", lines);
    }

    private static string Reindent(string text, Random random)
    {
        var lines = Lines(text);
        var i = random.Next(lines.Count);
        lines[i] = random.Next(2) == 0 ? "  " + lines[i] : lines[i].TrimStart();
        return string.Join("\n", lines);
    }

    /// <summary>Wraps the value after a random ': ' in <paramref name="depth"/> levels of '[...]' or a choice.</summary>
    private static string Nest(string text, Random random, int depth)
    {
        var colons = new List<int>();
        for (var i = 0; i + 1 < text.Length; i++)
            if (text[i] == ':' && text[i + 1] == ' ') colons.Add(i + 2);
        if (colons.Count == 0) return text;
        var at = colons[random.Next(colons.Count)];
        var end = text.IndexOf('\n', at);
        if (end < 0) end = text.Length;
        var value = text.Substring(at, end - at);
        var b = new StringBuilder();
        var choose = random.Next(3) == 0;
        for (var d = 0; d < depth; d++) b.Append(choose ? "{ choose: [" : "[");
        b.Append(value.Length == 0 ? "bn" : value);
        for (var d = 0; d < depth; d++) b.Append(choose ? "], name: n" + d.ToString(CultureInfo.InvariantCulture) + " }" : "]");
        return text.Substring(0, at) + b + text.Substring(end);
    }
}

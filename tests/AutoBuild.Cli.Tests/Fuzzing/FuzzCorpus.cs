using System.Globalization;
using System.Text;

namespace AutoBuild.Cli.Tests.Fuzzing;

/// <summary>The seed inputs the fuzzer mutates: every example spec and generator test spec, a few small specs of
/// each kind, and generated target expressions and build options.</summary>
internal static class FuzzCorpus
{
    private static readonly string[] Small =
    {
        "space: Tiny\ninput: { size: { choose: [32, 64] } }\nclasses: 10\nnetwork:\n  - conv_bn: { out: 16, kernel: 3 }\n  - stage: { name: s1, depth: { choose: [1, 2] }, out: 24, stride: 2, block: { mbconv: { kernel: { choose: [3, 5] }, expand: { choose: [3, 6] } } } }\n  - global_pool\n  - classifier\n",
        "space: Cell\ncell: { nodes: 4, ops: [none, skip_connect, nor_conv_3x3], combine: sum }\nops:\n  nor_conv_3x3: [relu, { conv: { kernel: 3 } }, bn]\n  skip_connect: identity\n  none: zero\nnetwork:\n  - conv_bn: { out: 16, kernel: 3 }\n  - cell: { repeat: 2 }\n  - global_pool\n  - classifier\n",
        "space: Dag\ninput: { channels: 3, size: 16 }\nclasses: 10\nops:\n  c3: { conv_bn: { kernel: 3, act: relu } }\n  mp: { maxpool: { kernel: 3, stride: 1, padding: 1 } }\ndag: { nodes: 5, max_edges: 6, ops: [c3, mp] }\nnetwork:\n  - conv_bn: { out: 16, kernel: 3, act: relu }\n  - dag: { repeat: 1 }\n  - global_pool\n  - classifier\n",
        "space: Ops\nops:\n  blk: { residual: { body: [{ conv: { out: $out, kernel: 3 } }, bn, relu] } }\n  pick: { choose: [blk, identity], name: \"p{index}\" }\nnetwork:\n  - conv_bn: { out: 8, kernel: 3 }\n  - stage: { name: s1, depth: { choose: [1, 2, 3] }, out: 8, block: pick }\n  - global_pool\n  - classifier\n",
    };

    public static IReadOnlyList<(string Name, string Text)> Specs()
    {
        var root = RepoData();
        var files = Directory.GetFiles(Path.Combine(root, "examples", "spaces"), "*.space.yaml")
            .Concat(Directory.GetFiles(Path.Combine(root, "tests", "AutoBuild.Generators.Tests", "Specs"), "*.space.yaml"))
            .OrderBy(f => f, StringComparer.Ordinal);
        var specs = files.Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();
        for (var i = 0; i < Small.Length; i++) specs.Add(("small" + i.ToString(CultureInfo.InvariantCulture) + ".space.yaml", Small[i]));
        return specs;
    }

    /// <summary>Result files (<c>&lt;Space&gt;.autobuild.json</c>) of the repository, for `autobuild report`.</summary>
    public static IReadOnlyList<(string Name, string Text)> Results()
    {
        var root = RepoData();
        return new[]
        {
            Path.Combine(root, "examples", "GeneratedSpace", "NasBench201.autobuild.json"),
            Path.Combine(root, "tests", "AutoBuild.Generators.Tests", "Specs", "TinyCell.autobuild.json"),
            Path.Combine(root, "tests", "AutoBuild.Reports.Tests", "Data", "NasBenchMacro.autobuild.json"),
        }.Where(File.Exists).Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();
    }

    private static string RepoData() => AutoBuild.Tests.Shared.RepoData.RepoRoot;

    private static readonly string[] Functions = { "log", "exp", "sqrt", "abs", "min", "max", "log10", "pow", "nope" };
    private static readonly string[] Operators = { "+", "-", "*", "/", "^", "%", "**" };

    /// <summary>A random target expression over <paramref name="columns"/> (sometimes invalid on purpose).</summary>
    public static string Expression(Random random, IReadOnlyList<string> columns, int depth = 0)
    {
        var r = random.Next(depth > 4 ? 3 : 8);
        switch (r)
        {
            case 0: return columns.Count == 0 ? "acc" : columns[random.Next(columns.Count)];
            case 1: return random.Next(4) switch { 0 => "0", 1 => "1e308", 2 => "2.5", _ => random.Next(1000).ToString(CultureInfo.InvariantCulture) };
            case 2: return "`" + (columns.Count == 0 ? "x" : columns[random.Next(columns.Count)]) + "`";
            case 3: return "(" + Expression(random, columns, depth + 1) + ")";
            case 4: return "-" + Expression(random, columns, depth + 1);
            case 5:
            {
                var f = Functions[random.Next(Functions.Length)];
                var args = f is "min" or "max" or "pow" ? Expression(random, columns, depth + 1) + ", " + Expression(random, columns, depth + 1) : Expression(random, columns, depth + 1);
                return f + "(" + args + ")";
            }
            default:
                return Expression(random, columns, depth + 1) + " " + Operators[random.Next(Operators.Length)] + " " + Expression(random, columns, depth + 1);
        }
    }

    /// <summary>A labels CSV for the architectures a sample gave (its CSV), with metric columns and random values.</summary>
    public static string Labels(string sampleCsv, Random random)
    {
        var lines = sampleCsv.TrimEnd('\n').Split('\n');
        var b = new StringBuilder(lines[0]).Append(",acc,lat\n");
        for (var i = 1; i < lines.Length; i++)
            b.Append(lines[i]).Append(',').Append((50 + random.NextDouble() * 50).ToString("0.###", CultureInfo.InvariantCulture))
                .Append(',').Append((1 + random.NextDouble() * 9).ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
        return b.ToString();
    }

    /// <summary>Random `autobuild build` options: mostly in range, some out of range or malformed.</summary>
    public static List<string> BuildOptions(Random random)
    {
        var options = new List<string>();
        void Maybe(string name, params string[] values)
        {
            if (random.Next(3) == 0) options.AddRange(new[] { name, values[random.Next(values.Length)] });
        }
        Maybe("--hidden", "1", "8", "0", "-3", "100000", "x");
        Maybe("--layers", "1", "2", "0", "65");
        Maybe("--batch", "1", "4", "0", "1e3");
        Maybe("--lr", "0.01", "1e-9", "-1", "nan", "1e308", "0");
        Maybe("--gnn", "graphconv", "gatv2", "gin", "mlp");
        Maybe("--top-k", "1", "3", "0", "-1", "100000");
        Maybe("--ensemble", "1", "2", "0", "1000");
        Maybe("--confidence", "0.5", "0", "1", "1.5", "nan");
        Maybe("--candidates", "0", "1", "3", "-2", "100000");
        Maybe("--cell-method", "trust-region", "prune", "magic");
        Maybe("--trust-radius", "0", "1", "3", "-1");
        Maybe("--trust-anchors", "1", "2", "0");
        Maybe("--max-params", "1", "1e5", "1e12", "0", "-5", "nan");
        Maybe("--max-flops", "1", "1e7", "1e15", "0", "inf");
        Maybe("--max-latency", "2", "0");
        Maybe("--latency-column", "lat", "nope");
        Maybe("--seed", "0", "-1", "2147483647");
        Maybe("--target", "acc", "acc/lat", "log(", "nope", "acc*1e308*1e308");
        return options;
    }
}

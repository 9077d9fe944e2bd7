using AutoBuild.Spec;
using AutoBuild.Runtime;

namespace AutoBuild.Tests.Shared;

/// <summary>Paths of the repository and the example specs; the data/ folder's files through <see cref="AutoBuild.Tests.Shared.RepoData"/>.</summary>
internal static class TestData
{
    public static string RepoRoot => RepoData.RepoRoot;

    public static string Data(params string[] parts) => AutoBuild.Tests.Shared.RepoData.File(parts);

    public static string Example(string file) => Path.Combine(RepoRoot, "examples", "spaces", file);

    public static SearchSpace CompileExample(string file)
    {
        var result = SpecCompiler.CompileFile(Example(file));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Space!;
    }

    /// <summary>Rows of a simple CSV (no quoted commas in these files), as header-name → value maps.</summary>
    public static IEnumerable<Dictionary<string, string>> ReadCsv(string path) => AutoBuild.Tests.Shared.RepoData.Read(path);

    /// <summary>The whole text of a data file, gunzipped when its name ends in ".gz".</summary>
    public static string ReadText(string path)
    {
        using var reader = AutoBuild.Tests.Shared.RepoData.OpenText(path);
        return reader.ReadToEnd();
    }

    /// <summary>The architecture whose decision columns hold these values.</summary>
    public static Architecture FromColumns(SearchSpace space, IReadOnlyDictionary<string, string> row)
    {
        var choices = new int[space.Decisions.Count];
        for (var d = 0; d < choices.Length; d++)
        {
            choices[d] = space.Decisions[d].IndexOf(row[space.Decisions[d].Name]);
            Assert.True(choices[d] >= 0, $"value '{row[space.Decisions[d].Name]}' of {space.Decisions[d].Name}");
        }
        return new Architecture(space, choices);
    }

    /// <summary>A row of the NAS-Bench-101 sample (`ops` as input|op1|…|op5|output, `adjacency` as 49 digits, raw and
    /// unpruned) as an architecture of examples/spaces/nas-bench-101.space.yaml.</summary>
    public static Architecture Nb101Row(SearchSpace space, IReadOnlyDictionary<string, string> row)
    {
        var choices = new int[space.Decisions.Count];
        var ops = row["ops"].Split('|');
        for (var v = 1; v <= 5; v++)
        {
            var op = space.IndexOfDecision("op" + v);
            choices[op] = space.Decisions[op].IndexOf(ops[v].Replace('-', '_'));
            Assert.True(choices[op] >= 0, ops[v]);
        }
        for (var from = 0; from < 7; from++)
            for (var to = from + 1; to < 7; to++)
                choices[space.IndexOfDecision($"edge_{from}{to}")] = row["adjacency"][from * 7 + to] == '1' ? 1 : 0;
        return new Architecture(space, choices);
    }
}

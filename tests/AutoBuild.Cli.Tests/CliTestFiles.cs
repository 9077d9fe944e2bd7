
namespace AutoBuild.Cli.Tests;

/// <summary>Repository paths and a scratch directory per test.</summary>
internal sealed class CliTestFiles : IDisposable
{
    public static string RepoRoot => AutoBuild.Tests.Shared.RepoData.RepoRoot;

    public static string Example(string file) => Path.Combine(RepoRoot, "examples", "spaces", file);

    public CliTestFiles() => Directory.CreateDirectory(Dir);

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "autobuild-cli-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string content)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A plain copy of a file of the repository's data/ folder in this test's directory.</summary>
    public string Data(string folder, string file) =>
        AutoBuild.Tests.Shared.RepoData.GunzipTo(AutoBuild.Tests.Shared.RepoData.File(folder, file), Path.Combine(Dir, file.Replace(".gz", "")));

    /// <summary>Every 150th row of the real NAS-Bench-201 table (105 rows, all columns) as a labels file in
    /// <paramref name="dir"/>.</summary>
    public static string Nb201Sample(string dir)
    {
        var path = Path.Combine(dir, "nb201.csv");
        using var reader = AutoBuild.Tests.Shared.RepoData.OpenText(AutoBuild.Tests.Shared.RepoData.File("nas-bench-201", "nb201_all.csv.gz"));
        var lines = new List<string> { reader.ReadLine()! };
        for (var i = 0; reader.ReadLine() is string line; i++) if (i % 150 == 0) lines.Add(line);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
    }
}

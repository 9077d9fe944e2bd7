
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

    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
    }
}

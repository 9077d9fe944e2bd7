using System.Reflection;

namespace AutoBuild.Cli.Tests;

/// <summary>Repository paths and a scratch directory per test.</summary>
internal sealed class CliTestFiles : IDisposable
{
    public static string RepoRoot { get; } = typeof(CliTestFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "RepoRoot").Value!;

    public static string Example(string file) => Path.Combine(RepoRoot, "examples", "spaces", file);

    public static string SharedData(params string[] parts) => Path.GetFullPath(Path.Combine(new[] { RepoRoot, "..", "shared", "data" }.Concat(parts).ToArray()));

    public CliTestFiles() => Directory.CreateDirectory(Dir);

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "autobuild-cli-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string content)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public string Gunzip(string source, string name)
    {
        var path = Path.Combine(Dir, name);
        using var input = new System.IO.Compression.GZipStream(File.OpenRead(source), System.IO.Compression.CompressionMode.Decompress);
        using var output = File.Create(path);
        input.CopyTo(output);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
    }
}

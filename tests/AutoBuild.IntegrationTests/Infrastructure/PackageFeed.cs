using System.Reflection;

namespace AutoBuild.IntegrationTests.Infrastructure;

/// <summary>
/// Packs the AutoBuild package (and with it AutoBuild.Runtime) once per test run into a local folder feed in a temp directory, with a private
/// packages folder (so the user's NuGet cache never sees test packages). Test projects are created under the
/// same temp directory and reference the package by version.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public const string Version = "0.1.0";

    public PackageFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), "autobuild-it-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        Directory.CreateDirectory(Feed);
        var result = DotnetCli.Run(RepoRoot, new[]
        {
            "pack", Path.Combine("src", "Compiler", "MSBuild", "AutoBuild.Package", "AutoBuild.Package.csproj"),
            "-c", Configuration, "-o", Feed, "--disable-build-servers", "-nologo", "-v", "q",
        });
        if (result.ExitCode != 0) throw new InvalidOperationException("Packing AutoBuild failed:\n" + result);
        PackagePath = Path.Combine(Feed, $"AutoBuild.{Version}.nupkg");
        if (!File.Exists(PackagePath)) throw new InvalidOperationException($"Packing did not produce {PackagePath}:\n{result}");
        RuntimePackagePath = Path.Combine(Feed, $"AutoBuild.Runtime.{Version}.nupkg");
        if (!File.Exists(RuntimePackagePath)) throw new InvalidOperationException($"Packing did not produce {RuntimePackagePath}:\n{result}");
    }

    public string Root { get; }
    public string Feed { get; }
    public string Packages { get; }
    public string PackagePath { get; }
    public string RuntimePackagePath { get; }

    public static string RepoRoot => AutoBuild.Tests.Shared.RepoData.RepoRoot;

    public static string Configuration { get; } = typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    /// <summary>A fresh directory for one test's projects, with a nuget.config pointing at the local feed.</summary>
    public string NewWorkspace(string name)
    {
        var directory = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Packages}" /></config>
              <packageSources>
                <clear />
                <add key="autobuild-local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="autobuild-local"><package pattern="AutoBuild" /><package pattern="AutoBuild.Runtime" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return directory;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
{
    // One collection: the tests share the packed package and run one at a time (real builds on a small machine).
    public const string Name = "AutoBuild package";
}

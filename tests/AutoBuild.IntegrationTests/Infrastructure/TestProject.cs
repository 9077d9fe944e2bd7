using System.Text;

namespace AutoBuild.IntegrationTests.Infrastructure;

/// <summary>A fresh console project that references the packed AutoBuild package, as a user's would.</summary>
public sealed class TestProject
{
    private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);
    private bool _restored;

    public TestProject(PackageFeed feed, string workspace, string name, string items, string program, string? extraProperties = null)
    {
        Feed = feed;
        Directory = Path.Combine(workspace, name);
        System.IO.Directory.CreateDirectory(Directory);
        ProjectFile = Path.Combine(Directory, name + ".csproj");
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AutoBuild" Version="{PackageFeed.Version}" />
              </ItemGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), program);
    }

    public PackageFeed Feed { get; }
    public string Directory { get; }
    public string ProjectFile { get; }
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public void Write(string relative, string text)
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    public void CopyIn(string source, string relative)
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(source, path, overwrite: true);
    }

    /// <summary>Sets a global property for every later build (-p:Name=Value).</summary>
    public void SetProperty(string name, string value) => _properties[name] = value;

    public DotnetResult Build(params string[] extra) => Dotnet("build", extra);

    public DotnetResult Clean(params string[] extra) => Dotnet("clean", extra);

    public DotnetResult Run(params string[] extra)
    {
        var arguments = new List<string> { "run", "--project", ProjectFile, "--no-build" };
        arguments.AddRange(extra);
        return DotnetCli.Run(Directory, arguments, Environment);
    }

    private DotnetResult Dotnet(string verb, string[] extra)
    {
        var arguments = new List<string> { verb, ProjectFile, "--disable-build-servers", "-nologo", "-v", "n", "-clp:NoSummary" };
        // Restore once (the project file never changes in a test); later builds skip it to save time.
        if (verb == "build" && _restored) arguments.Add("--no-restore");
        arguments.AddRange(_properties.Select(p => $"-p:{p.Key}={p.Value}"));
        arguments.AddRange(extra);
        var result = DotnetCli.Run(Directory, arguments, Environment);
        _restored |= verb == "build" && File.Exists(PathOf(Path.Combine("obj", "project.assets.json")));
        return result;
    }

    /// <summary>Files under obj/**/autobuild/, relative to the project, ordinal order.</summary>
    public IReadOnlyList<string> AutoBuildFiles()
    {
        var obj = PathOf("obj");
        if (!System.IO.Directory.Exists(obj)) return Array.Empty<string>();
        return System.IO.Directory.GetFiles(obj, "*", SearchOption.AllDirectories)
            .Where(f => f.Replace('\\', '/').Contains("/autobuild/", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    /// <summary>The generated .editorconfig the compiler receives (AdditionalFiles with their AutoBuildRole).</summary>
    public string EditorConfig()
    {
        var file = System.IO.Directory.GetFiles(PathOf("obj"), "*.GeneratedMSBuildEditorConfig.editorconfig", SearchOption.AllDirectories).Single();
        return File.ReadAllText(file);
    }
}

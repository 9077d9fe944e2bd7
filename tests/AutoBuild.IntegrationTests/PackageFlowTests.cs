using AutoBuild.IntegrationTests.Infrastructure;

namespace AutoBuild.IntegrationTests;

/// <summary>
/// What flows through a project reference: a class library adds the AutoBuild package (no PrivateAssets) and
/// exposes its generated space; an app that only references the library gets AutoBuild.Runtime (the package's one
/// dependency) in its output and runs, while the build machinery (targets, generator, tool) stays with the library.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class PackageFlowTests
{
    private readonly PackageFeed _feed;

    public PackageFlowTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public void An_app_that_references_a_library_with_generated_code_gets_the_runtime_and_not_the_build()
    {
        var workspace = _feed.NewWorkspace("flow");
        var library = Path.Combine(workspace, "SpaceLib");
        var app = Path.Combine(workspace, "App");
        Directory.CreateDirectory(library);
        Directory.CreateDirectory(app);
        File.Copy(Path.Combine(PackageFeed.RepoRoot, "examples", "spaces", "nas-bench-201.space.yaml"), Path.Combine(library, "nb201.space.yaml"));
        File.Copy(Path.Combine(PackageFeed.RepoRoot, "examples", "NasBench201", "nb201-labels.csv"), Path.Combine(library, "labels.csv"));
        File.WriteAllText(Path.Combine(library, "SpaceLib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AutoBuild" Version="{PackageFeed.Version}" />
                <AutoBuildSpace Include="nb201.space.yaml" Labels="labels.csv" TargetMetric="c10v_valid_acc_200ep" ToolArguments="--epochs;5" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(library, "Spaces.cs"), """
            namespace SpaceLib;
            public static class Spaces
            {
                /// <summary>The best cell and its parameter count, computed by AutoBuild.Runtime's cost model.</summary>
                public static string Describe() => $"{AutoBuild.Examples.NasBench201.Best} {AutoBuild.Examples.NasBench201.Space.Params(AutoBuild.Examples.NasBench201.Best.Untyped)}";
            }
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../SpaceLib/SpaceLib.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(\"best \" + SpaceLib.Spaces.Describe());\n");

        var build = DotnetCli.Run(app, new[] { "build", "App.csproj", "--disable-build-servers", "-nologo", "-v", "n", "-clp:NoSummary" });
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(build.Output, "AutoBuild: training on")); // the library's spec, once

        var output = Directory.GetDirectories(Path.Combine(app, "bin"), "net10.0", SearchOption.AllDirectories).Single();
        Assert.True(File.Exists(Path.Combine(output, "AutoBuild.Runtime.dll")), "AutoBuild.Runtime.dll did not flow to the app");
        // The build machinery did not flow: in the app's restore graph the AutoBuild package brings no build files
        // and no analyzers, and the app's build made no AutoBuild folder.
        using var assets = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")));
        var autobuild = assets.RootElement.GetProperty("targets").GetProperty("net10.0").EnumerateObject().Single(p => p.Name == $"AutoBuild/{PackageFeed.Version}").Value;
        Assert.True(NoAssets(autobuild, "build") && NoAssets(autobuild, "analyzers"), autobuild.ToString());
        Assert.Empty(Directory.GetDirectories(Path.Combine(app, "obj"), "autobuild", SearchOption.AllDirectories));

        var run = DotnetCli.Run(app, new[] { "run", "--project", "App.csproj", "--no-build" });
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"best \|[a-z_0-9]+~0\|.* \d+", run.Output);
    }

    /// <summary>NuGet writes an excluded asset group as the placeholder "_._" (or leaves it out).</summary>
    private static bool NoAssets(System.Text.Json.JsonElement package, string group) =>
        !package.TryGetProperty(group, out var files) || files.EnumerateObject().All(f => f.Name.EndsWith("_._", StringComparison.Ordinal));
}

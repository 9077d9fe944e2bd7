
namespace AutoBuild.Generators.Tests.Infrastructure;

internal static class TestPaths
{
    public static string RepoRoot => AutoBuild.Tests.Shared.RepoData.RepoRoot;

    public static string TestProject => Path.Combine(RepoRoot, "tests", "AutoBuild.Generators.Tests");

    public static string Spec(string name) => Path.Combine(TestProject, "Specs", name);

    public static string ExampleSpec(string name) => Path.Combine(RepoRoot, "examples", "spaces", name);
}

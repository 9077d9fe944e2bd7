using AutoBuild.Runtime;
using PublicApiGenerator;

namespace AutoBuild.Runtime.Tests.PublicApi;

/// <summary>AutoBuild.Runtime is the package generated code and users' programs compile against, so its public
/// surface is a contract: this test compares it with the approved text committed next to it. A change that removes
/// or re-signs a member (a binary-breaking change for code compiled against the old package, such as adding an
/// optional parameter to an existing method) shows up here as a diff to review, not silently in a release.</summary>
public class PublicApiTests
{
    private static string ApprovedPath =>
        Path.Combine(TestData.RepoRoot, "tests", "AutoBuild.Runtime.Tests", "PublicApi", "AutoBuild.Runtime.approved.txt");

    [Fact]
    public void Runtime_public_api_matches_the_approved_text()
    {
        var actual = Normalize(typeof(SearchSpace).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }));
        var approved = File.Exists(ApprovedPath) ? Normalize(File.ReadAllText(ApprovedPath)) : "";
        if (actual == approved) return;

        // Leave the new surface beside the approved one so the reviewer can diff it and, if the change is meant, copy
        // it over the approved file (and say in the commit why the contract changed).
        var received = Path.ChangeExtension(ApprovedPath, null).Replace(".approved", ".received") + ".txt";
        File.WriteAllText(received, actual);
        Assert.Fail($"AutoBuild.Runtime's public API changed. Review `diff {ApprovedPath} {received}`; if the change is " +
            "intended, copy the received file over the approved one. Prefer adding an overload to changing a signature.");
    }

    [Fact]
    public void SampleDistinct_keeps_its_three_parameter_form_for_compiled_callers()
    {
        // Code compiled against the first SampleDistinct(int, Random, Func?) binds to that exact signature; the
        // depth mode is a separate overload, not an optional parameter appended to it.
        var method = typeof(SearchSpace).GetMethod(nameof(SearchSpace.SampleDistinct),
            [typeof(int), typeof(Random), typeof(Func<Architecture, bool>)]);
        Assert.NotNull(method);
        Assert.NotNull(typeof(SearchSpace).GetMethod(nameof(SearchSpace.SampleDistinct),
            [typeof(int), typeof(Random), typeof(Func<Architecture, bool>), typeof(DepthSampling)]));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd() + "\n";
}

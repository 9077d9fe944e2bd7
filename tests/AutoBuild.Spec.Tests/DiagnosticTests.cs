using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Spec.Tests;

public class DiagnosticTests
{
    [Fact]
    public void Formats_in_canonical_msbuild_form()
    {
        var d = Diagnostic.Error("AB1001", "unknown key 'kernal'", new SourceLocation("spaces/a.space.yaml", 12, 5));
        Assert.Equal("spaces/a.space.yaml(12,5): error AB1001: unknown key 'kernal'", d.ToString());
    }

    [Fact]
    public void Row_only_and_file_only_locations()
    {
        Assert.Equal("x.csv(3): warning AB2001: m", Diagnostic.Warning("AB2001", "m", new SourceLocation("x.csv", 3, 0)).ToString());
        Assert.Equal("x.csv: error AB2002: m", Diagnostic.Error("AB2002", "m", SourceLocation.File("x.csv")).ToString());
    }
}

namespace AutoBuild.IntegrationTests.Infrastructure;

/// <summary>A fact that needs a Unix shell (the fake tool is a bash script): reported as skipped on Windows, so a
/// Windows run shows what it did not check instead of counting these tests as passed.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "needs a Unix shell: the fake autobuild tool is a bash script";
    }
}

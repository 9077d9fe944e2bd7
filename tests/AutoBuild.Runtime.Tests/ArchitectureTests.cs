using AutoBuild.Runtime;

namespace AutoBuild.Runtime.Tests;

public class ArchitectureTests
{
    private static SearchSpace TwoDecisions() => new("Tiny", null, SpaceKind.Macro, new[]
    {
        new Decision("s1.depth", DecisionKind.Integer, new[] { "1", "2" }, DecisionRole.Depth),
        new Decision("s1.l2.kernel", DecisionKind.Integer, new[] { "3", "5" }, DecisionRole.Kernel, new ActivityCondition(0, new[] { 1 })),
    });

    [Fact]
    public void Equality_is_by_choices()
    {
        var s = TwoDecisions();
        Assert.Equal(new Architecture(s, new[] { 1, 0 }), new Architecture(s, new[] { 1, 0 }));
        Assert.NotEqual(new Architecture(s, new[] { 1, 0 }), new Architecture(s, new[] { 1, 1 }));
    }

    [Fact]
    public void Values_by_name_and_inactive_is_null()
    {
        var s = TwoDecisions();
        var a = new Architecture(s, new[] { 0, -1 });
        Assert.Equal("1", a.Value("s1.depth"));
        Assert.Null(a.Value("s1.l2.kernel"));
        Assert.Throws<System.ArgumentException>(() => new Architecture(s, new[] { 0 }));
    }
}

using AutoBuild.Runtime;
using AutoBuild.Spec;

namespace AutoBuild.Runtime.Tests.Space;

/// <summary>Issue 13, classes 3 and 5: in a NAS-Bench-101 style space not every assignment of the edge decisions is a
/// buildable graph. Before, Sample/Mutate/Create/TryParse returned such assignments (509 of 2,000 samples) and
/// `build` and `inspect` crashed on them; now validity includes the DAG rule, so every architecture can be built.</summary>
public class DagValidityTests
{
    private static SearchSpace Nb101 => TestData.CompileExample("nas-bench-101.space.yaml");

    [Fact]
    public void Every_sampled_and_mutated_NB101_architecture_can_be_built()
    {
        var space = Nb101;
        Assert.True(space.HasStructuralConstraints);
        var random = new Random(13);
        for (var i = 0; i < 2000; i++)
        {
            var a = space.Sample(random);
            space.Instantiate(a);
            space.Instantiate(space.Mutate(a, random));
        }
        foreach (var a in space.SampleDistinct(500, new Random(1))) space.Instantiate(a);
    }

    [Fact]
    public void Create_and_TryParse_refuse_a_graph_that_cannot_be_built()
    {
        var space = Nb101;
        var all = Enumerable.Repeat(1, space.Decisions.Count).ToArray();
        var e = Assert.Throws<ArgumentException>(() => space.Create(all));
        Assert.Contains("more than max_edges 9", e.Message);
        Assert.False(space.IsValid(new int[space.Decisions.Count], out var error));
        Assert.Contains("no path from its input to its output", error);
        var text = space.Format(new Architecture(space, all));
        Assert.False(space.TryParse(text, out var parsed, out var why));
        Assert.Null(parsed);
        Assert.Contains("max_edges", why);
    }

    [Fact]
    public void Enumeration_of_a_small_DAG_space_yields_only_buildable_graphs()
    {
        // The class-3 reproducer: 3 vertices, at most 1 edge. Of the 8 assignments, 3 are buildable (edge 0->2 alone,
        // or with 0->1 or 1->2 dangling and pruned).
        var space = SpecCompiler.Compile("x.space.yaml", "space: X\ndag: { nodes: 3, max_edges: 1, ops: [bn] }\nnetwork: [dag]\n").Space!;
        Assert.Equal(8, (int)space.Size);
        var all = space.Enumerate().ToList();
        Assert.Equal(3, all.Count);
        foreach (var a in all) space.Instantiate(a);
        space.Instantiate(Representatives.Valid(space, last: true));
        space.Instantiate(Representatives.Valid(space, last: false));
        for (var i = 0; i < 50; i++) space.Instantiate(space.Sample(new Random(i)));
    }
}

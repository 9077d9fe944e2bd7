using System.Reflection;
using System.Text;
using AutoBuild.Generators.Emit;
using AutoBuild.Spec;
using AutoBuild.Generators.Tests.Infrastructure;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Plans;

namespace AutoBuild.Generators.Tests;

/// <summary>The IR written as a C# literal, compiled and run, rebuilds a space equal to the front end's: the same
/// decisions, and for sampled architectures the same plan (every node, shape and attribute) and costs.</summary>
public class IrLiteralRoundTripTests
{
    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string> { TestPaths.Spec("tiny-macro.space.yaml"), TestPaths.Spec("tiny-cell.space.yaml"), TestPaths.Spec("tiny-shuffle.space.yaml") };
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples", "spaces"), "*.space.yaml").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Emitted_space_equals_the_front_end_space(string path)
    {
        var original = SpecCompiler.Compile(path, File.ReadAllText(path)).Space!;
        Assert.NotNull(original);
        var source = SpaceEmitter.Emit(original, new SpaceEmitOptions { FallbackNamespace = "RoundTrip", SourceName = Path.GetFileName(path) });
        var compilation = TestCompiler.Create(new[] { source });
        TestCompiler.AssertClean(compilation);
        TestCompiler.Run(compilation, assembly =>
        {
            var type = assembly.GetTypes().Single(t => t.GetProperty("Space", BindingFlags.Public | BindingFlags.Static) is not null);
            var rebuilt = (SearchSpace)type.GetProperty("Space")!.GetValue(null)!;
            Assert.NotSame(original, rebuilt);
            Assert.Equal(Describe(original), Describe(rebuilt));
            var random = new Random(11);
            for (var i = 0; i < 25; i++)
            {
                var a = original.Sample(random);
                var b = rebuilt.Parse(a.ToString());
                // Some points are rejected at instantiation (NAS-Bench-101 DAGs with too many edges): then both must be.
                var expected = Outcome(() => Dump(original.Instantiate(a)) + original.Params(a) + " " + original.Flops(a));
                Assert.Equal(expected, Outcome(() => Dump(rebuilt.Instantiate(b)) + rebuilt.Params(b) + " " + rebuilt.Flops(b)));
            }
            return 0;
        });
    }

    private static string Outcome(Func<string> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException || e.GetType().Namespace == "AutoBuild.Runtime.Plans")
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    private static string Describe(SearchSpace s)
    {
        var sb = new StringBuilder().Append(s.Name).Append('|').Append(s.Namespace).Append('|').Append(s.Kind).Append('|').Append(s.Size).AppendLine();
        foreach (var d in s.Decisions)
        {
            sb.Append(d.Name).Append(' ').Append(d.Kind).Append(' ').Append(d.Role).Append(' ').Append(string.Join(",", d.Values))
                .Append(" when ").Append(d.ActiveWhen is null ? "-" : d.ActiveWhen.Decision + ":" + string.Join(",", d.ActiveWhen.Choices))
                .Append(" at ").Append($"{d.Site.Stage}/{d.Site.StageIndex}/{d.Site.Layer}/{d.Site.From}/{d.Site.To}/{d.Site.Node}").AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>Every public property of every plan node, recursively.</summary>
    internal static string Dump(Plan plan)
    {
        var sb = new StringBuilder().Append(plan.Input).Append(' ').Append(plan.CountBiasFlops).AppendLine();
        Dump(plan.Root, 0, sb);
        return sb.ToString();
    }

    private static void Dump(object? node, int depth, StringBuilder sb)
    {
        if (node is null) return;
        sb.Append(' ', depth * 2).Append(node.GetType().Name);
        var children = new List<object?>();
        foreach (var p in node.GetType().GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var v = p.GetValue(node);
            if (v is PlanNode or CellEdge) children.Add(v);
            else if (v is System.Collections.IEnumerable list and not string) children.AddRange(list.Cast<object?>());
            else sb.Append(' ').Append(p.Name).Append('=').Append(v);
        }
        sb.AppendLine();
        foreach (var c in children) Dump(c, depth + 1, sb);
    }
}

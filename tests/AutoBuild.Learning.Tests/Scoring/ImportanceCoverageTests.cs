using System.Globalization;
using System.Text;
using AutoBuild.Learning.Build;
using AutoBuild.Learning.Labels;
using AutoBuild.Learning.Scoring;
using AutoBuild.Runtime;
using AutoBuild.Spec;
using AutoBuild.Spec.Results;

namespace AutoBuild.Learning.Tests.Scoring;

public class ImportanceCoverageTests
{
    // s1's depth is declared on line 6; its per-layer kernel and expand choices on the same line, in the block.
    private const string Spec = AutoBuild.Learning.Tests.Build.BuildPipelineTests.MacroSpec;

    [Fact]
    public void A_value_no_label_has_is_extrapolated_counted_and_AB4014_points_at_its_decision()
    {
        // Session 12's audit: uniform labels of a 6-stage space put almost every label at depth 5 and none at depth 2,
        // yet depth 2 scored best, and `count` (the backgrounds, 143) read like labels. Here one label has s1 at depth
        // 3 and the target grows with s1's depth, so the predictor extrapolates depth 3 to the top.
        var spec = SpecCompiler.Compile("cover.space.yaml", Spec);
        var space = spec.Space!;
        var s1 = space.IndexOfDecision("s1.depth");
        var deep = space.Decisions[s1].IndexOf("3");
        var sb = new StringBuilder(string.Join(",", space.Decisions.Select(d => d.Name)) + ",t\n");
        var random = new Random(2);
        var rows = space.SampleDistinct(400, new Random(7)).Where(a => a[s1] != deep).Take(79).ToList();
        rows.Add(space.SampleDistinct(400, new Random(8)).First(a => a[s1] == deep));
        foreach (var a in rows)
            sb.Append(string.Join(",", a.Choices.Select((c, d) => c < 0 ? "" : space.Decisions[d].Values[c])))
              .Append(',').Append((70 + 2.0 * a[s1] + 0.3 * random.NextDouble()).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        var labels = LabelsReader.Read(space, "labels.csv", sb.ToString(), TargetExpression.Parse("t")).Labels!;
        var outcome = BuildPipeline.Run(space, "hash", labels, new BuildOptions { Target = "t", Seed = 3, Epochs = 30, Hidden = 16 },
            decisionLocations: spec.DecisionLocations);
        Assert.False(outcome.HasErrors, string.Join("\n", outcome.Diagnostics));
        var r = outcome.Result!;

        // Every entry says how many labels have its value, apart from the backgrounds it averages.
        foreach (var e in r.Importance)
        {
            var d = space.IndexOfDecision(e.Decision);
            var v = space.Decisions[d].IndexOf(e.Value);
            Assert.Equal(rows.Count(a => space.Canonical(a)[d] == v), e.Labels);
            Assert.Equal(e.Labels < ImportanceEntry.MinLabels, e.Extrapolated);
        }
        var depth = r.Importance.Where(e => e.Decision == "s1.depth").ToDictionary(e => e.Value);
        Assert.Equal(1, depth["3"].Labels);
        Assert.True(depth["3"].Extrapolated);
        Assert.False(depth["2"].Extrapolated);
        Assert.True(depth["3"].Count > 50, $"backgrounds {depth["3"].Count}");
        // The layer that only depth 3 switches on is barely labelled too.
        Assert.All(r.Importance.Where(e => e.Decision.StartsWith("s1.l3.", StringComparison.Ordinal)), e => Assert.True(e.Extrapolated));
        Assert.Equal("3", depth.Values.MaxBy(e => e.Score)!.Value);

        // AB4014 at s1's depth in the spec, saying what the labels do cover.
        var warnings = outcome.Diagnostics.Where(d => d.Code == BuildCodes.ImportanceExtrapolated).ToList();
        var atDepth = Assert.Single(warnings, w => w.Message.Contains("s1.depth = 3 (1 label;", StringComparison.Ordinal));
        var line = Spec.Split('\n')[5];
        Assert.Equal(("cover.space.yaml", 6, line.IndexOf("{ choose: [1, 2, 3] }", StringComparison.Ordinal) + 1),
            (atDepth.Location.Path, atDepth.Location.Line, atDepth.Location.Column));
        Assert.Contains("above the best value the labels cover, 2 (", atDepth.Message);
        Assert.EndsWith("(autobuild sample --depths uniform draws every depth about equally often)", atDepth.Message);
        Assert.All(warnings.Where(w => !w.Message.Contains(".depth = ", StringComparison.Ordinal)),
            w => Assert.DoesNotContain("--depths uniform", w.Message));
        Assert.Contains(r.Warnings, w => w.StartsWith("cover.space.yaml(6,", StringComparison.Ordinal) && w.Contains("AB4014", StringComparison.Ordinal));
        // Every AB4014 decision really has an extrapolated top value; no other decision is named.
        var named = ImportanceCoverage.UncoveredBest(r.Importance).Select(u => u.Decision).ToList();
        Assert.Contains("s1.depth", named);
        Assert.All(named, n => Assert.Contains(warnings, w => w.Message.Contains(n + " = ", StringComparison.Ordinal)));

        // The JSON keeps both counts and the flag, and reads them back.
        var json = ResultJson.Write(r);
        Assert.Contains("\"labels\": 1,\n", json);
        Assert.True(ResultJson.TryRead(json, out var back, out var error), error);
        var read = back!.Importance.Single(e => e.Decision == "s1.depth" && e.Value == "3");
        Assert.Equal((1, true, depth["3"].Count), (read.Labels!.Value, read.Extrapolated, read.Count));
    }

    [Fact]
    public void The_best_covered_value_is_named_and_every_value_uncovered_says_so()
    {
        ImportanceEntry E(string d, string v, double s, int labels) =>
            new() { Decision = d, Value = v, Score = s, Count = 100, Labels = labels, Extrapolated = labels < ImportanceEntry.MinLabels };
        var entries = new List<ImportanceEntry>
        {
            E("a", "1", 5, 0), E("a", "2", 4, 2), E("a", "3", 3, 3), E("a", "4", 3.5, 40),
            E("b", "x", 1, 0), E("b", "y", 2, 50),
            E("c", "x", 1, 1), E("c", "y", 2, 2),
        };
        var u = ImportanceCoverage.UncoveredBest(entries);
        Assert.Equal(new[] { "a", "c" }, u.Select(x => x.Decision));
        Assert.Equal(("1", "4"), (u[0].Top.Value, u[0].BestCovered!.Value));
        Assert.Null(u[1].BestCovered);
        Assert.Equal("a = 1 (no label; predicted mean acc 5) scores highest, above the best value the labels cover, 4 (40 labels; 3.5)", ImportanceCoverage.Describe(u[0], "acc"));
        Assert.Equal("c = y (2 labels; predicted mean acc 2) scores highest, and no value of it has 3 labels", ImportanceCoverage.Describe(u[1], "acc"));
    }

    /// <summary>audit18: with 50 NAS-Bench-201 labels none of which ignores its input (a third of such draws), the
    /// importance scored `none` on the input→output edge 0.3 above avg_pool where the whole table has it 5.5 below: the
    /// networks `none` makes measure 10, and no label showed it. The build now says so (AB4015), naming the values and
    /// an example network to measure; with one such label (its value then counts for all of them) it does not.</summary>
    [Fact]
    public void Values_that_make_networks_ignoring_their_input_are_named_when_no_label_measures_one()
    {
        var space = SpecCompiler.Compile("nb201.space.yaml", File.ReadAllText(TestData.Example("nas-bench-201.space.yaml"))).Space!;
        double Truth(Architecture a) => space.IgnoresInput(a) ? 10
            : 80 + Enumerable.Range(0, space.Decisions.Count).Count(d => space.Decisions[d].Values[a[d]] == "nor_conv_3x3");
        var random = new Random(5);
        var working = space.Enumerate().Where(a => !space.IgnoresInput(a)).OrderBy(_ => random.Next()).Take(60).ToList();
        IReadOnlyList<AutoBuild.Spec.Diagnostics.Diagnostic> Build(IEnumerable<Architecture> rows)
        {
            var sb = new StringBuilder(string.Join(",", space.Decisions.Select(d => d.Name)) + ",t\n");
            foreach (var a in rows)
                sb.Append(string.Join(",", a.Choices.Select((c, d) => space.Decisions[d].Values[c]))).Append(',')
                  .Append(Truth(a).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            var labels = LabelsReader.Read(space, "labels.csv", sb.ToString(), TargetExpression.Parse("t")).Labels!;
            var outcome = BuildPipeline.Run(space, "hash", labels, new BuildOptions { Target = "t", Seed = 3, Epochs = 20, Hidden = 16, Candidates = 0 });
            Assert.False(outcome.HasErrors, string.Join("\n", outcome.Diagnostics));
            return outcome.Diagnostics;
        }

        var warning = Assert.Single(Build(working), d => d.Code == BuildCodes.InputIgnoringUnmeasured);
        Assert.StartsWith("no labelled architecture ignores its input", warning.Message);
        Assert.Contains("edge_03 = none in ", warning.Message);
        Assert.Contains("e.g. |none~0|+|none~0|none~1|+|none~0|none~1|none~2|", warning.Message);
        // Every value named really makes some backgrounds ignore their input, and `none` is the only op that can.
        var found = MarginalImportance.UnmeasuredInputIgnoring(space, new Backgrounds(space, working, 2048, 3), working);
        Assert.NotEmpty(found);
        Assert.All(found, f => Assert.Equal("none", space.Decisions[f.Decision].Values[f.Value]));

        var withOne = working.Append(space.Enumerate().First(space.IgnoresInput)).ToList();
        Assert.DoesNotContain(Build(withOne), d => d.Code == BuildCodes.InputIgnoringUnmeasured);
        Assert.Empty(MarginalImportance.UnmeasuredInputIgnoring(space, new Backgrounds(space, withOne, 2048, 3), withOne));
    }
}

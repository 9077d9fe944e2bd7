using AutoBuild.Learning.Labels;
using AutoBuild.Learning.Scoring;
using AutoBuild.Spec;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Learning.Tests.Labels;

/// <summary>Issue 13 reproducers on the label and build side: a NUL after a number (class 14) and a stage with more
/// configurations than a build can score one by one (class 8).</summary>
public class BadLabelInputTests
{
    [Fact]
    public void Class14_a_NUL_after_a_number_is_not_a_number()
    {
        // .NET's double.Parse ignores trailing NULs; the cell used to be read as 90.
        var r = LabelsReader.Read(LabelSpaces.Mini(), "labels.csv", "resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc\n224,2,3,5,,90\0\n", TargetExpression.Parse("acc"));
        var d = Assert.Single(r.Diagnostics, x => x.Code == LabelCodes.NotNumeric);
        Assert.Equal((2, 12), (d.Location.Line, d.Location.Column));
        Assert.Contains("'90\\0'", d.ToString());
        Assert.DoesNotContain('\0', d.ToString());
    }

    [Fact]
    public void Class8_stage_configurations_are_counted_without_enumerating_and_limited()
    {
        var ofa = TestData.CompileExample("ofa-mobilenetv3.space.yaml");
        foreach (var (index, _) in StageConfigurations.Stages(ofa))
            Assert.Equal(7371, (int)StageConfigurations.Count(ofa, index)); // 9^2 + 9^3 + 9^4
        Assert.Null(StageConfigurations.TooMany(ofa));
        var text = File.ReadAllText(TestData.Example("ofa-mobilenetv3.space.yaml")).Replace("depth: { choose: [2, 3, 4] }", "depth: { choose: [2, 3, 4, 5, 6, 7, 8] }");
        var deep = SpecCompiler.Compile("ofa.space.yaml", text).Space!;
        var why = StageConfigurations.TooMany(deep);
        Assert.NotNull(why);
        Assert.Contains("stage s1 has 48,427,551 configurations, more than the 100,000", why);
        // Such a stage is scored on a uniform sample of distinct configurations, not enumerated.
        var sample = StageConfigurations.EnumerateOrSample(deep, 0, "s1", deep.Sample(new Random(1))).ToList();
        Assert.Equal(StageConfigurations.SampledPerStage, sample.Count);
        Assert.Equal(sample.Count, sample.Select(c => string.Join(",", c.Choices)).Distinct().Count());
        Assert.All(sample, c => Assert.InRange(c.Depth, 2, 8));
        // Deeper configurations are more numerous, so a uniform sample holds mostly depth 8 (9^8 of the 48 million).
        Assert.True(sample.Count(c => c.Depth == 8) > 0.8 * sample.Count);
    }
    [Fact]
    public void A_nas_bench_101_row_whose_graph_is_no_architecture_is_a_located_error_not_a_dropped_row()
    {
        // Three rows of the real NAS-Bench-101 sample as decision columns, then two graphs whose every value is valid but
        // which are no network: no input->output path (every edge absent), and all 21 edges (more than 9 after pruning).
        // Both used to vanish from the labels without a word ("3 distinct architectures" from 5 rows).
        var space = TestData.CompileExample("nas-bench-101.space.yaml");
        var header = string.Join(",", space.Decisions.Select(d => d.Name)) + ",val_acc";
        var rows = TestData.ReadCsv(TestData.Data("nas-bench-101-sample", "nb101_naslib_500.csv.gz")).Take(3)
            .Select(r => TestData.Nb101Row(space, r)).Select(a => string.Join(",", a.Choices.Select((c, d) => space.Decisions[d].Values[c])) + ",93").ToList();
        string Graph(string edge) => string.Join(",", space.Decisions.Select(d => d.Name.StartsWith("op", StringComparison.Ordinal) ? "conv3x3_bn_relu" : edge)) + ",93";
        var csv = header + "\n" + string.Join("\n", rows) + "\n" + Graph("false") + "\n" + Graph("true") + "\n";
        var r = LabelsReader.Read(space, "nb101.csv", csv, TargetExpression.Parse("val_acc"));
        Assert.Null(r.Labels);
        Assert.Equal(new[] { (5, 1), (6, 1) }, r.Diagnostics.Where(d => d.Code == LabelCodes.NotAnArchitecture).Select(d => (d.Location.Line, d.Location.Column)));
        Assert.All(r.Diagnostics, d => Assert.Equal(Severity.Error, d.Severity));
        Assert.Contains("the decisions of this row are not a NasBench101 architecture: ", r.Diagnostics[0].Message);
        // The three real rows alone read as three architectures.
        Assert.Equal(3, LabelsReader.Read(space, "nb101.csv", header + "\n" + string.Join("\n", rows) + "\n", TargetExpression.Parse("val_acc")).Labels!.Architectures.Count);
    }
}

using AutoBuild.Reports;
using AutoBuild.Spec.Results;

namespace AutoBuild.Reports.Tests;

public class FormattingTests
{
    [Fact]
    public void Numbers_print_the_same_in_every_culture_and_never_as_NaN()
    {
        var saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            // A German-style culture (the process runs in invariant-globalization mode, so it is built by hand).
            var german = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            german.NumberFormat.NumberDecimalSeparator = ",";
            german.NumberFormat.NumberGroupSeparator = ".";
            Thread.CurrentThread.CurrentCulture = german;
            Assert.Equal("91.61", Fmt.Target(91.6133));
            Assert.Equal("0.01230", Fmt.Target(0.0123));
            Assert.Equal("1234.50", Fmt.Target(1234.5));
            Assert.Equal("1,985,514", Fmt.Count(1985514));
            Assert.Equal("1.99 M", Fmt.Compact(1985514));
            Assert.Equal("85.2 M", Fmt.Compact(85.16e6));
            Assert.Equal("950", Fmt.Compact(950));
            Assert.Equal("5 M", Fmt.Compact(5e6));
            Assert.Equal("1.25 M", Fmt.Compact(1.25e6));
            Assert.Equal("0.00", Fmt.Fixed(-0.0001, 2));
            Assert.Equal("-0.10", Fmt.Delta(-0.097, 90.85));
            Assert.Equal("+5.31", Fmt.Delta(5.3104, 88.61));
            Assert.Equal("0.001", Fmt.Plain(0.001));
            Assert.Equal("n/a", Fmt.Target(double.NaN));
            Assert.Equal("n/a", Fmt.Compact(double.PositiveInfinity));
            Assert.Equal("12.3 s", Fmt.Seconds(12.34));
            Assert.Equal("3 min 05 s", Fmt.Seconds(185));
            Assert.Equal("12.5", Fmt.Coord(12.4999));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Markup_escapes_xml_specials_and_replaces_forbidden_characters()
    {
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Markup.Escape("a <b> & \"c\" 'd'"));
        Assert.Equal("x\uFFFDy", Markup.Escape("x\u0007y"));
        Assert.Equal("\uFFFD", Markup.Escape("\uD800"));
        Assert.Equal("😀", Markup.Escape("😀"));
    }

    [Fact]
    public void Pareto_front_keeps_only_non_dominated_points_by_increasing_cost()
    {
        var pts = new (double Cost, double Target)[] { (10.0, 80.0), (5, 70), (20, 90), (15, 85), (12, 79), (30, 88), (5, 72), (double.NaN, 99) };
        var front = Pareto.Front(pts, p => p.Cost, p => p.Target);
        Assert.Equal(new (double, double)[] { (5.0, 72.0), (10, 80), (15, 85), (20, 90) }, front);
    }

    [Fact]
    public void Decision_names_give_edges_stages_and_chains()
    {
        Assert.True(DecisionNames.TryParseEdge("edge_02", out var f, out var t) && f == 0 && t == 2);
        Assert.True(DecisionNames.TryParseEdge("cell.edge_1_3", out f, out t) && f == 1 && t == 3);
        Assert.False(DecisionNames.TryParseEdge("s1.l2.kernel", out _, out _));
        Assert.Equal("s1", DecisionNames.Group("s1.l2.kernel"));
        Assert.Equal("resolution", DecisionNames.Group("resolution"));
        var chain = DecisionNames.Chain(new Dictionary<string, string>
        {
            ["s1.depth"] = "3", ["s1.l1.kernel"] = "5", ["s1.l1.expand"] = "6", ["s1.l10.kernel"] = "3", ["s1.l2.kernel"] = "7", ["s1.l2.expand"] = "3",
        });
        Assert.Equal(new[] { "depth 3", "l1 e6 k5", "l2 e3 k7", "l10 k3" }, chain.Select(b => string.Join(" ", b)));
        Assert.Equal(new[] { "0→1 nor_conv_3x3" }, DecisionNames.Chain(new Dictionary<string, string> { ["edge_01"] = "nor_conv_3x3" }).Select(b => string.Join(" ", b)));
        Assert.True(NaturalComparer.Instance.Compare("l2", "l10") < 0);
        Assert.True(NaturalComparer.Instance.Compare("edge_01", "edge_02") < 0);
    }
}

using System.Globalization;
using AutoBuild.Reports;
using AutoBuild.Reports.Charts;

namespace AutoBuild.Reports.Tests;

public class ChartTests
{
    [Theory]
    [InlineData(0, 1, 5, 0, 0.25, 5)]
    [InlineData(91.05, 93.13, 6, 91, 0.5, 6)]
    [InlineData(-0.3, 0.9, 5, -0.5, 0.5, 4)]
    [InlineData(10, 0, 6, 0, 2, 6)]
    [InlineData(7.7e6, 105.7e6, 6, 0, 2e7, 7)]
    public void Nice_ticks_cover_the_range_with_round_steps(double min, double max, int approx, double start, double step, int count)
    {
        var t = NiceTicks.Compute(min, max, approx);
        Assert.Equal(start, t[0], 9);
        Assert.Equal(step, t.Step, 9);
        Assert.Equal(count, t.Count);
        Assert.True(t[0] <= Math.Min(min, max) + 1e-9 && t[t.Count - 1] >= Math.Max(min, max) - 1e-9);
    }

    [Fact]
    public void Degenerate_and_non_finite_ranges_are_widened()
    {
        Assert.Equal((4.5, 5.5), NiceTicks.Widen(5, 5));
        Assert.Equal((-1.0, 1.0), NiceTicks.Widen(0, 0));
        Assert.Equal((0.0, 1.0), NiceTicks.Widen(double.NaN, double.NaN));
        var (lo, hi) = NiceTicks.Widen(double.NaN, 3);
        Assert.Equal(2.7, lo, 9);
        Assert.Equal(3.3, hi, 9);
        var single = NiceTicks.Compute(91.2, 91.2);
        Assert.True(single.Count >= 2 && single[0] < 91.2 && single[single.Count - 1] > 91.2);
    }

    [Theory]
    [InlineData(0.25, 2)]
    [InlineData(2.5, 1)]
    [InlineData(5, 0)]
    [InlineData(0.1, 1)]
    [InlineData(25, 0)]
    [InlineData(0.002, 3)]
    public void Tick_labels_get_exactly_the_decimals_the_step_needs(double step, int decimals) =>
        Assert.Equal(decimals, new TickSet(0, step, 3).Decimals);

    [Fact]
    public void Linear_scale_maps_its_nice_domain_onto_the_range_and_formats_ticks()
    {
        var y = new LinearScale(0.13, 0.91, 300, 20, 5);
        Assert.Equal(0, y.DomainMin);
        Assert.Equal(1, y.DomainMax);
        Assert.Equal(300, y.Map(0));
        Assert.Equal(20, y.Map(1));
        Assert.Equal(160, y.Map(0.5));
        Assert.Equal(new[] { "0.0", "0.2", "0.4", "0.6", "0.8", "1.0" }, y.Ticks.Select(y.FormatTick));
        Assert.False(y.Accepts(double.NaN));
    }

    [Fact]
    public void Log_scale_ticks_at_1_2_5_and_rejects_non_positive_values()
    {
        var x = new LogScale(7.7e6, 105.7e6, 0, 500, Fmt.Compact);
        Assert.Equal(5e6, x.DomainMin);
        Assert.Equal(2e8, x.DomainMax);
        Assert.Equal(new[] { "5 M", "10 M", "20 M", "50 M", "100 M", "200 M" }, x.Ticks.Select(x.FormatTick));
        Assert.Equal(0, x.Map(5e6), 9);
        Assert.Equal(500, x.Map(2e8), 9);
        Assert.True(x.Map(1e7) < x.Map(2e7));
        Assert.False(x.Accepts(0));
        Assert.False(x.Accepts(-3));
        var wide = new LogScale(1e3, 1e9, 0, 100);
        Assert.Equal(7, wide.Ticks.Count); // powers of ten only across six decades
        var bad = new LogScale(-1, 0, 0, 100);
        Assert.True(bad.DomainMin > 0 && bad.DomainMax > bad.DomainMin);
    }

    [Fact]
    public void Scatter_of_no_points_says_so_and_is_well_formed()
    {
        var svg = new XyChart("c", "Empty", "Nothing to show.", "x", "y").Points("s", Array.Empty<XyPoint>(), Palette.Blue).Diagonal().Render();
        var root = SvgAssert.WellFormed(svg);
        Assert.Contains(SvgAssert.All(root, "text"), t => t.Value == "no data");
        Assert.Empty(SvgAssert.All(root, "circle"));
    }

    [Fact]
    public void Scatter_of_a_single_point_places_it_inside_the_plot()
    {
        var root = SvgAssert.WellFormed(new XyChart("c", "One", "One point.", "x", "y").Points("s", new[] { new XyPoint(91.2, 90.8, "only") }, Palette.Blue).Render());
        var circle = SvgAssert.All(root, "circle").Single(c => c.Element(SvgAssert.Svg + "title")?.Value == "only");
        var cx = double.Parse((string)circle.Attribute("cx")!, CultureInfo.InvariantCulture);
        var cy = double.Parse((string)circle.Attribute("cy")!, CultureInfo.InvariantCulture);
        Assert.InRange(cx, 72, 540);
        Assert.InRange(cy, 20, 348);
    }

    [Fact]
    public void Non_finite_points_are_left_out_and_counted_in_the_description()
    {
        var points = new[] { new XyPoint(1, 2, "a"), new XyPoint(double.NaN, 3, "b"), new XyPoint(2, double.PositiveInfinity, "c"), new XyPoint(3, 4, "d") };
        var root = SvgAssert.WellFormed(new XyChart("c", "T", "D.", "x", "y").Points("s", points, Palette.Blue).Render());
        var tips = SvgAssert.All(root, "circle").Select(c => c.Element(SvgAssert.Svg + "title")?.Value).Where(t => t is not null).ToList();
        Assert.Equal(new[] { "a", "d" }, tips);
        Assert.Contains("2 point(s) without a finite value are not drawn", root.Element(SvgAssert.Svg + "desc")!.Value);
        Assert.DoesNotContain("NaN", root.ToString());
    }

    [Fact]
    public void Points_on_a_log_axis_must_be_positive()
    {
        var root = SvgAssert.WellFormed(new XyChart("c", "T", "D.", "cost", "y") { LogX = true }
            .Points("s", new[] { new XyPoint(0, 1, "zero"), new XyPoint(1e6, 2, "m"), new XyPoint(1e8, 3, "h") }, Palette.Blue).Render());
        Assert.DoesNotContain(SvgAssert.All(root, "circle"), c => c.Element(SvgAssert.Svg + "title")?.Value == "zero");
    }

    [Fact]
    public void Points_below_the_floor_sit_on_the_edge_as_triangles()
    {
        var pts = Enumerable.Range(0, 20).Select(i => new XyPoint(i, 88 + i * 0.1, "p" + i)).Append(new XyPoint(5, 10, "outlier")).ToList();
        var floor = Robust.LowerFence(pts.Select(p => p.Y));
        Assert.NotNull(floor);
        var root = SvgAssert.WellFormed(new XyChart("c", "T", "D.", "x", "y") { Floor = floor }.Points("s", pts, Palette.Blue).Render());
        Assert.Contains(SvgAssert.All(root, "path"), p => p.Element(SvgAssert.Svg + "title")?.Value == "outlier");
        Assert.Contains(SvgAssert.All(root, "text"), t => t.Value.StartsWith("▼ 1 below", StringComparison.Ordinal));
        // The axis no longer reaches down to the outlier: its lowest tick is far above 10.
        var yTicks = SvgAssert.All(root, "text").Where(t => (string?)t.Attribute("text-anchor") == "end" && double.TryParse(t.Value, CultureInfo.InvariantCulture, out _))
            .Select(t => double.Parse(t.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(yTicks.Min() > 80);
    }

    [Fact]
    public void Text_is_escaped_everywhere()
    {
        const string nasty = "a < b & \"c\" 'd' >\u0001";
        var svg = new XyChart("c", nasty, nasty, nasty, nasty).Points(nasty, new[] { new XyPoint(1, 1, nasty) }, Palette.Blue).Render();
        var root = SvgAssert.WellFormed(svg);
        Assert.Equal("a < b & \"c\" 'd' >\uFFFD", root.Element(SvgAssert.Svg + "title")!.Value);
        SvgAssert.WellFormed(new HorizontalBarChart("b", nasty, nasty, nasty, new[] { new BarRow(nasty, nasty, 1, 0, nasty) }).Render());
        SvgAssert.WellFormed(new HeatMap("h", nasty, nasty, new[] { nasty }, new[] { nasty }, new double[1, 1] { { 1 } }, v => nasty, nasty).Render());
        SvgAssert.WellFormed(BlockDiagrams.Network("n", nasty, nasty, new[] { new DiagramBlock(nasty, new[] { nasty }, 1, nasty) }));
        SvgAssert.WellFormed(CellDag.Render("d", nasty, nasty, 2, new[] { new CellEdge(0, 1, nasty, 1) }));
    }

    [Fact]
    public void Bars_handle_empty_negative_and_missing_values()
    {
        SvgAssert.WellFormed(new HorizontalBarChart("b", "T", "D.", "x", Array.Empty<BarRow>()).Render());
        var root = SvgAssert.WellFormed(new HorizontalBarChart("b", "T", "D.", "x", new[]
        {
            new BarRow("g", "up", 91, 90, "91"), new BarRow("g", "down", 89, 90, "89"), new BarRow("g", "missing", double.NaN, 90, "n/a"),
        }).Render());
        var bars = SvgAssert.All(root, "rect").Where(r => (string?)r.Attribute("fill") is Palette.Blue or Palette.Orange).ToList();
        Assert.Equal(2, bars.Count);
        Assert.Contains(SvgAssert.All(root, "text"), t => t.Value == "n/a");

        var v = SvgAssert.WellFormed(new VerticalBarChart("v", "T", "D.", "hop", "rho", new[] { ("hop 0", -0.2), ("hop 1", 0.7), ("hop 2", double.NaN) }) { Domain = (0, 1) }.Render());
        Assert.Contains(SvgAssert.All(v, "rect"), r => (string?)r.Attribute("fill") == Palette.Orange);
        Assert.Contains(SvgAssert.All(v, "text"), t => t.Value == "n/a");
        SvgAssert.WellFormed(new VerticalBarChart("v", "T", "D.", "hop", "rho", Array.Empty<(string, double)>()).Render());
    }

    [Fact]
    public void Heat_map_colours_cells_and_marks_missing_ones()
    {
        var values = new double[2, 2] { { 1, 2 }, { double.NaN, 4 } };
        var root = SvgAssert.WellFormed(new HeatMap("h", "T", "D.", new[] { "r1", "r2" }, new[] { "c1", "c2" }, values, v => Fmt.Fixed(v, 1), "score").Render());
        var cells = SvgAssert.All(root, "rect").Where(r => r.Element(SvgAssert.Svg + "title") is not null).ToList();
        Assert.Equal(4, cells.Count);
        Assert.Equal(Palette.Sequential(0), (string?)cells[0].Attribute("fill"));
        Assert.Equal(Palette.Sequential(1), (string?)cells[3].Attribute("fill"));
        Assert.Equal("r2 × c1: no data", cells[2].Element(SvgAssert.Svg + "title")!.Value);
        SvgAssert.WellFormed(new HeatMap("h", "T", "D.", Array.Empty<string>(), Array.Empty<string>(), new double[0, 0], v => "", "").Render());
    }

    [Fact]
    public void Cell_dag_draws_an_arrow_per_connected_edge_and_a_faint_line_for_none()
    {
        var edges = new[] { new CellEdge(0, 1, "nor_conv_3x3", 88), new CellEdge(0, 2, "none", 75), new CellEdge(1, 2, "skip_connect", 86), new CellEdge(0, 3, "avg_pool_3x3", 80),
            new CellEdge(1, 3, "nor_conv_1x1", 86), new CellEdge(2, 3, "nor_conv_3x3", 88) };
        var root = SvgAssert.WellFormed(CellDag.Render("d", "T", "D.", 4, edges));
        Assert.Equal(5, SvgAssert.All(root, "path").Count(p => p.Attribute("marker-end") is not null));
        Assert.Single(SvgAssert.All(root, "path"), p => (string?)p.Attribute("stroke-dasharray") == "4 4");
        Assert.Equal(4, SvgAssert.All(root, "circle").Count());
        SvgAssert.WellFormed(CellDag.Render("d", "T", "D.", 0, Array.Empty<CellEdge>()));
    }

    [Fact]
    public void Network_and_chains_handle_empty_input_and_colour_scored_blocks()
    {
        Assert.Contains(SvgAssert.All(SvgAssert.WellFormed(BlockDiagrams.Network("n", "T", "D.", Array.Empty<DiagramBlock>())), "text"), t => t.Value == "no blocks");
        var blocks = Enumerable.Range(0, 23).Select(i => new DiagramBlock("s" + (i / 5), new[] { "MB6 k5", "24x56x56" }, i % 3 == 0 ? null : i, "b" + i)).ToList();
        var root = SvgAssert.WellFormed(BlockDiagrams.Network("n", "T", "D.", blocks));
        Assert.Equal(23, root.Descendants(SvgAssert.Svg + "g").Count(g => g.Element(SvgAssert.Svg + "title")?.Value.StartsWith('b') == true));
        Assert.Contains(SvgAssert.All(root, "rect"), r => (string?)r.Attribute("fill") == Palette.Sequential(1));
        SvgAssert.WellFormed(BlockDiagrams.Chains("m", "T", "D.", Array.Empty<ChainRow>(), 0, 1));
        var chains = SvgAssert.WellFormed(BlockDiagrams.Chains("m", "T", "D.", new[] { new ChainRow("#1", new[] { new[] { "l1", "k5 e6" } }, 90, "90", true, "first") }, 80, 90));
        Assert.Contains(SvgAssert.All(chains, "text"), t => t.Value == "used");
    }

    [Fact]
    public void Palette_is_viridis_like_and_text_stays_readable()
    {
        Assert.Equal("#440154", Palette.Sequential(0));
        Assert.Equal("#fde725", Palette.Sequential(1));
        Assert.Equal("#fde725", Palette.Sequential(7));
        Assert.Equal(Palette.NoData, Palette.Sequential(double.NaN));
        Assert.Equal("#ffffff", Palette.TextOn(Palette.Sequential(0)));
        Assert.Equal(Palette.Ink, Palette.TextOn(Palette.Sequential(1)));
    }

    [Fact]
    public void Same_chart_same_bytes()
    {
        string Make() => new XyChart("c", "T", "D.", "x", "y").Points("s", Enumerable.Range(0, 50).Select(i => new XyPoint(i * 0.37, Math.Sin(i), "p" + i)), Palette.Blue).Diagonal().Render();
        Assert.Equal(Make(), Make());
    }
}

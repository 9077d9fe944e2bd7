using System.Text.RegularExpressions;
using System.Xml.Linq;
using AutoBuild.Spec.Results;
using AutoBuild.Reports;

namespace AutoBuild.Reports.Tests;

public class ReportTests
{
    private static readonly XNamespace H = SvgAssert.Xhtml;

    public static TheoryData<string> Fixtures => new() { "nb201", "nbmacro", "empty", "nonfinite", "hostile", "NasBench201.autobuild.json", "NasBenchMacro.autobuild.json" };

    private static AutoBuildResult Fixture(string name) => name switch
    {
        "nb201" => ReportFixtures.Nb201(),
        "nbmacro" => ReportFixtures.NasBenchMacro(),
        "empty" => new AutoBuildResult(),
        "nonfinite" => NonFinite(),
        "hostile" => Hostile(),
        _ => RealResult(name),
    };

    /// <summary>A result JSON that `autobuild build` wrote (Reports/Data/README.md), read the way `autobuild report` reads it.</summary>
    private static AutoBuildResult RealResult(string file)
    {
        var path = Path.Combine(ReportFixtures.RepoRoot, "tests", "AutoBuild.Reports.Tests", "Data", file);
        Assert.True(ResultJson.TryRead(File.ReadAllText(path), out var result, out var error), error);
        return result!;
    }

    /// <summary>A result whose numbers are all missing or non-finite (what a reader gets for JSON nulls).</summary>
    private static AutoBuildResult NonFinite()
    {
        var r = new AutoBuildResult { Space = "Odd", Kind = "macro", Target = "acc" };
        r.Predictor.TestSpearman = double.NaN;
        r.Predictor.HopSpearman.AddRange(new[] { double.NaN, 0.5 });
        r.Predictor.HeldOut.Add(new HeldOutPoint { Arch = "a", Measured = double.NaN, Predicted = 1 });
        r.Best.Add(new RankedArchitecture { Rank = 1, Method = "construct", Arch = "a", Predicted = double.NaN });
        r.Labelled.Add(new LabelledPoint { Arch = "a", Target = double.PositiveInfinity, Params = 0, Flops = 0 });
        r.Modules.Add(new ModuleScore { Stage = "s1", Rank = 1, Score = double.NaN });
        r.Importance.Add(new ImportanceEntry { Decision = "s1.l1.kernel", Value = "3", Score = double.NaN, Count = 0 });
        r.Blocks.Add(new BlockInfo { Index = 0, Stage = "s1", Label = "x", Score = double.NaN });
        return r;
    }

    /// <summary>Names full of markup and Markdown syntax: they must come out as text, never as structure.</summary>
    private static AutoBuildResult Hostile()
    {
        const string evil = "<script>alert(1)</script> | *x* _y_ `z` [a](b) & \"q\"";
        var r = new AutoBuildResult { Space = evil, Kind = "cell", Target = "acc*100/lat|x", Tool = evil, SpecHash = evil };
        var a = new RankedArchitecture { Rank = 1, Method = evil, Arch = "|a~0|+|b~0|c~1|", Predicted = 1 };
        a.Decisions["edge_01"] = evil;
        a.Decisions[evil] = evil;
        r.Best.Add(a);
        r.BestLabelled = a;
        r.Warnings.Add(evil);
        r.Modules.Add(new ModuleScore { Stage = evil, Rank = 1, Score = 1, Decisions = a.Decisions });
        r.Importance.Add(new ImportanceEntry { Decision = evil, Value = evil, Score = 1, Count = 1 });
        r.FeatureImportance.Add(new FeatureImportance { Feature = evil, Value = evil, Score = 1 });
        r.Blocks.Add(new BlockInfo { Stage = evil, Label = evil, OutShape = evil, Score = 1 });
        r.Labelled.Add(new LabelledPoint { Arch = evil, Target = 1, Params = 10, Flops = 10 });
        r.Predictor.HeldOut.Add(new HeldOutPoint { Arch = evil, Measured = 1, Predicted = 1 });
        return r;
    }

    [Fact]
    public void Too_few_held_out_labels_get_no_verdict_on_the_predictor()
    {
        // NAS-Bench-201 with 50 labels holds out 4-5, with 100 labels 8-9 (audit18): the build warns AB3003 that their
        // correlation is not meaningful, and the report called the same 0.800 on 4 labels "strong".
        var r = ReportFixtures.Nb201();
        r.Predictor.TestSize = 4;
        r.Predictor.TestSpearman = 0.8;
        r.Selection = new SelectionInfo { RankCorrelation = 0.738, CorrelationLabels = 46 };
        var (md, _) = ReportWriter.Render(r);
        Assert.DoesNotContain("(strong)", md);
        Assert.Contains("Only 4 labels were held out, too few to judge the ranking", md);
        Assert.Contains("rank correlation on the 46 labels they did not train on, 0.738", md);
        Assert.Contains("Spearman on 4 held-out labels: too few to judge", md);

        r.Predictor.TestSize = PredictorInfo.MinTestSizeToJudge;
        (md, _) = ReportWriter.Render(r);
        Assert.Contains("held-out labels the predicted ranking agrees with the measured one at Spearman ρ = 0.800 (strong)", md);
        Assert.DoesNotContain("too few to judge", md);
    }

    [Fact]
    public void A_top_pick_predicted_below_the_best_measurement_is_compared_prediction_with_prediction()
    {
        // audit18 (NAS-Bench-201, 50 labels, seed 1610): the summary said the built cell is "-0.03 against the best
        // labelled architecture (measured 90.37). Measure it" while choosing it at a 0.73 chance of beating that one.
        var r = ReportFixtures.Nb201();
        r.Selection = new SelectionInfo { Confidence = 0.7, BestSource = "predicted", BestBy = "top-pick", BestMeasured = 90.368, TopPickProbability = 0.73, TopProbability = 0.73, RankCorrelation = 0.74 };
        r.BestLabelled!.Measured = 90.368;
        r.BestLabelled.Predicted = 89.32;
        r.Best[0].Measured = null;
        r.Best[0].Source = "predicted";
        r.Best[0].Predicted = 90.3368;
        var (md, _) = ReportWriter.Render(r);
        Assert.Contains("against the best labelled architecture (measured 90.37), but the same predictors put the best labelled architecture at 89.32, so predicted against predicted it is 1.02 higher.", md);
        Assert.Contains("rank highest (predicted 90.34; the same predictors put the best labelled architecture at 89.32", md);
    }

    [Fact]
    public void Replicated_labels_state_the_noise_and_the_level_the_top_reaches()
    {
        var r = ReportFixtures.NasBenchMacro();
        r.Selection = new SelectionInfo { Confidence = 0.7, BestSource = "measured", BestBy = "measured", TopPickProbability = 0.41, RankCorrelation = 0.93,
            MeasurementNoise = 0.123, NoiseDegreesOfFreedom = 200, ReplicatedLabels = 100, TopPickLevel = 93.01, MeanNoise = 0.071 };
        var (md, _) = ReportWriter.Render(r);
        Assert.Contains("Measurement noise: the labels measure 100 architectures more than once; the target's run-to-run standard deviation is 0.123 (200 degrees of freedom). The top pick's chance is judged in the target's units", md);
        Assert.Contains("put the top of the space at 93.01 at the best label's rank, taken as flat beyond the labels' reach", md);
        Assert.Contains("against the noise of a mean (0.0710)", md);
        // Without replicates: no such paragraph.
        r.Selection = new SelectionInfo { Confidence = 0.7, BestSource = "measured", BestBy = "measured", TopPickProbability = 0.41, RankCorrelation = 0.93 };
        Assert.DoesNotContain("Measurement noise", ReportWriter.Render(r).Markdown);
    }

    [Fact]
    public void Hostile_names_stay_text()
    {
        var (md, html) = ReportWriter.Render(Hostile());
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>", Regex.Replace(md, "`[^`\n]*`", "")); // inside a code span it is shown, not run
        Assert.Contains("\\<script\\>", md);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Html_is_well_formed_self_contained_and_has_every_section(string fixture)
    {
        var (_, html) = ReportWriter.Render(Fixture(fixture));
        var doc = SvgAssert.ParseXhtml(html);
        var sections = doc.Descendants(H + "section").Select(s => (string?)s.Attribute("id")).ToList();
        Assert.Equal(ReportBuilder.SectionIds, sections);
        foreach (var section in doc.Descendants(H + "section"))
            Assert.NotNull(section.Elements(H + "p").FirstOrDefault(p => (string?)p.Attribute("class") == "how"));
        foreach (var svg in doc.Descendants(SvgAssert.Svg + "svg")) SvgAssert.WellFormed(svg.ToString());
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).Where(i => i is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        // Self-contained: no scripts, no external files or links, only in-page anchors.
        Assert.Empty(doc.Descendants(H + "script"));
        Assert.DoesNotContain(doc.Descendants(), e => e.Attribute("src") is not null);
        Assert.All(doc.Descendants().Select(e => (string?)e.Attribute("href")).Where(h => h is not null), h => Assert.StartsWith("#", h));
        Assert.DoesNotMatch(new Regex("(https?:)?//(?!www\\.w3\\.org/)"), Regex.Replace(html, "xmlns=\"[^\"]*\"", ""));
        Assert.DoesNotContain("NaN", html);
        Assert.DoesNotContain("Infinity", html);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Markdown_tables_are_rectangular_and_every_section_is_there(string fixture)
    {
        var (md, _) = ReportWriter.Render(Fixture(fixture));
        foreach (var id in ReportBuilder.SectionIds) Assert.Contains("<a id=\"" + id + "\"></a>", md);
        var tables = 0;
        var lines = md.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('|') || i + 1 >= lines.Length || !Regex.IsMatch(lines[i + 1], @"^\|(-{3}:?\|)+$")) continue;
            tables++;
            var columns = Cells(lines[i]);
            Assert.Equal(columns, Cells(lines[i + 1]));
            for (var j = i + 2; j < lines.Length && lines[j].StartsWith('|'); j++)
                Assert.True(Cells(lines[j]) == columns, $"row {j + 1} has {Cells(lines[j])} cells, the header {columns}: {lines[j]}");
        }
        Assert.True(tables >= 3);
        Assert.DoesNotContain("NaN", md);
    }

    /// <summary>Cells of a Markdown table row: pipes not escaped as \| separate them.</summary>
    private static int Cells(string row) => Regex.Matches(row, @"(?<!\\)\|").Count - 1;

    [Fact]
    public void Same_result_same_bytes()
    {
        var a = ReportWriter.Render(ReportFixtures.Nb201());
        var b = ReportWriter.Render(ReportFixtures.Nb201());
        Assert.Equal(a.Markdown, b.Markdown);
        Assert.Equal(a.Html, b.Html);

        var dir1 = Directory.CreateTempSubdirectory("report-a-");
        var dir2 = Directory.CreateTempSubdirectory("report-b-");
        try
        {
            var p1 = ReportWriter.Write(ReportFixtures.NasBenchMacro(), dir1.FullName);
            var p2 = ReportWriter.Write(ReportFixtures.NasBenchMacro(), dir2.FullName);
            Assert.Equal(new[] { "NasBenchMacro.report.md", "NasBenchMacro.report.html" }, p1.Select(Path.GetFileName));
            for (var i = 0; i < 2; i++) Assert.Equal(File.ReadAllBytes(p1[i]), File.ReadAllBytes(p2[i]));
            Assert.False(File.ReadAllBytes(p1[1]).AsSpan(0, 3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }), "no byte-order mark");
            Assert.DoesNotContain('\r', File.ReadAllText(p1[0]));
        }
        finally
        {
            dir1.Delete(true);
            dir2.Delete(true);
        }
    }

    [Fact]
    public void Writing_replaces_old_reports_and_leaves_no_temporary_files()
    {
        var dir = Directory.CreateTempSubdirectory("report-w-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "NasBench201.report.md"), "old");
            var paths = ReportWriter.Write(ReportFixtures.Nb201(), Path.Combine(dir.FullName));
            Assert.StartsWith("# AutoBuild report: NasBench201", File.ReadAllText(paths[0]));
            Assert.Equal(new[] { "NasBench201.report.html", "NasBench201.report.md" }, dir.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void A_failed_write_leaves_nothing_behind()
    {
        var dir = Directory.CreateTempSubdirectory("report-f-");
        try
        {
            var blocker = Path.Combine(dir.FullName, "out");
            File.WriteAllText(blocker, "a file where the output directory should be");
            Assert.ThrowsAny<IOException>(() => ReportWriter.Write(ReportFixtures.Nb201(), blocker));
            Assert.Equal(new[] { "out" }, dir.GetFiles().Select(f => f.Name));
            Assert.Empty(dir.GetDirectories());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("NasBench201", "NasBench201")]
    [InlineData("", "space")]
    [InlineData("../evil", "space")]
    [InlineData("a/b", "space")]
    [InlineData("..", "space")]
    public void File_names_come_from_the_space_name_only_when_safe(string space, string stem) => Assert.Equal(stem, ReportWriter.FileStem(space));

    [Fact]
    public void Cell_report_draws_the_cell_and_an_edge_by_op_matrix()
    {
        var r = ReportFixtures.Nb201();
        var (md, html) = ReportWriter.Render(r);
        var doc = SvgAssert.ParseXhtml(html);
        Assert.NotNull(doc.Descendants(SvgAssert.Svg + "svg").SingleOrDefault(s => (string?)s.Attribute("id") == "fig-cell"));
        var heat = doc.Descendants(SvgAssert.Svg + "svg").Single(s => (string?)s.Attribute("id") == "fig-heat");
        Assert.Contains(heat.Descendants(SvgAssert.Svg + "text"), t => t.Value == "edge 0→1");
        Assert.Contains(heat.Descendants(SvgAssert.Svg + "text"), t => t.Value == "nor_conv_3x3");
        Assert.Contains("| edge 0→1 |", md);
        Assert.Contains(r.Best[0].Arch.Replace("|", "\\|"), md);
        Assert.Contains("This run had no budget", md);
        Assert.Contains("Top modules per root node", md);
    }

    [Fact]
    public void Macro_report_shows_stage_by_choice_budget_line_and_used_modules()
    {
        var r = ReportFixtures.NasBenchMacro();
        var (md, html) = ReportWriter.Render(r);
        var doc = SvgAssert.ParseXhtml(html);
        var heat = doc.Descendants(SvgAssert.Svg + "svg").Single(s => (string?)s.Attribute("id") == "fig-heat");
        // Rows are the stages the modules name, although the decisions are called layer0..layer7.
        foreach (var stage in new[] { "s1", "s2", "s3" }) Assert.Contains(heat.Descendants(SvgAssert.Svg + "text"), t => t.Value == stage);
        var flops = doc.Descendants(SvgAssert.Svg + "svg").Single(s => (string?)s.Attribute("id") == "fig-tradeoff-flops");
        Assert.Contains(flops.Descendants(SvgAssert.Svg + "text"), t => t.Value == "budget 60 M");
        Assert.Contains("This run had a budget: FLOPs ≤ 60 M", md);
        Assert.All(r.Best, b => Assert.True(b.Flops <= 60e6));
        // The built architecture uses exactly one module of each stage, and the drawing marks it.
        var chains = doc.Descendants(SvgAssert.Svg + "svg").Where(s => ((string?)s.Attribute("id"))!.StartsWith("fig-modules-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, chains.Count);
        Assert.All(chains, c => Assert.Single(c.Descendants(SvgAssert.Svg + "text"), t => t.Value == "used"));
        Assert.Contains("construct-constrained", md);
    }

    [Fact]
    public void Dotted_macro_decisions_pool_layers_per_stage_in_the_heat_map()
    {
        var r = new AutoBuildResult { Space = "Ofa", Kind = "macro", Target = "acc" };
        foreach (var (d, v, s, n) in new[] { ("s1.l1.kernel", "3", 70.0, 2), ("s1.l2.kernel", "3", 72.0, 2), ("s1.l1.kernel", "7", 75.0, 1), ("s2.l1.expand", "6", 74.0, 4), ("resolution", "224", 73.0, 9) })
            r.Importance.Add(new ImportanceEntry { Decision = d, Value = v, Score = s, Count = n });
        var (md, html) = ReportWriter.Render(r);
        var heat = SvgAssert.ParseXhtml(html).Descendants(SvgAssert.Svg + "svg").Single(x => (string?)x.Attribute("id") == "fig-heat");
        var texts = heat.Descendants(SvgAssert.Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("kernel 3", texts);
        Assert.Contains("expand 6", texts);
        Assert.Contains("71.00", texts); // s1 × kernel 3: the two layers pooled, weighted by module counts
        Assert.Matches(@"\| s1 \|( – \|)+ 71\.00 \| 75\.00 \|", md);
        Assert.Contains("| resolution |", md);
    }

    [Fact]
    public void A_value_the_labels_barely_cover_is_marked_and_never_the_unqualified_best()
    {
        // Session 12's audit (the 6-stage `huge` space, 150 uniform labels): depth 2, which no label has, scored best
        // and the table's "architectures" column (143, the backgrounds) read like labels.
        var r = new AutoBuildResult { Space = "Huge", Kind = "macro", Target = "acc" };
        foreach (var (v, s, n) in new[] { ("2", 86.64, 0), ("3", 86.57, 2), ("4", 86.54, 12), ("5", 86.18, 136) })
            r.Importance.Add(new ImportanceEntry { Decision = "s1.depth", Value = v, Score = s, Count = 143, Labels = n, Extrapolated = n < ImportanceEntry.MinLabels });
        foreach (var (v, s, n) in new[] { ("3", 86.2, 50), ("5", 86.5, 46) })
            r.Importance.Add(new ImportanceEntry { Decision = "s1.l1.kernel", Value = v, Score = s, Count = 143, Labels = n });
        var (md, html) = ReportWriter.Render(r);
        Assert.Contains("- ⚠ `s1.depth` = 2: no label; predicted best, unverified. The best value the labels cover is 4 (12 labels, 86.54 against 86.64).", md);
        Assert.Contains("- ⚠ 2 of 6 decision values are extrapolated: fewer than 3 labelled architectures have them", md);
        Assert.Contains("| decision | value | predicted mean acc | vs decision average | labels | backgrounds | coverage |", md);
        Assert.Contains("| s1.depth | 2 | 86.64 | +0.16 | 0 | 143 | no label; predicted best, unverified |", md);
        Assert.Contains("| s1.depth | 3 | 86.57 | +0.09 | 2 | 143 | 2 labels; extrapolated |", md);
        Assert.Contains("| s1.depth | 4 | 86.54 | +0.06 | 12 | 143 | best covered value |", md);
        Assert.Contains("| s1.l1.kernel | 5 | 86.50 | +0.15 | 46 | 143 |  |", md);
        // The heat map's table marks the extrapolated cells; its description names the best covered value per stage.
        Assert.Contains(@"| s1 | 86.64\* | 86.57\* | 86.54 | 86.18 |", md); // "*" escaped in Markdown
        Assert.Contains("Best per row among values the labels cover: s1: depth 4 (depth 2 predicted higher, unverified)", html);

        // A result written before the label counts: nothing is marked, the labels column says it does not know.
        foreach (var e in r.Importance) { e.Labels = null; e.Extrapolated = false; }
        var (old, _) = ReportWriter.Render(r);
        Assert.DoesNotContain("unverified", old);
        Assert.Contains("| s1.depth | 2 | 86.64 | +0.16 | – | 143 |  |", old);
    }

    [Fact]
    public void Latency_budget_gets_its_own_chart_and_budget_line()
    {
        var r = ReportFixtures.Nb201();
        r.Constraints.MaxLatency = 7.5;
        r.Constraints.LatencyColumn = "c10_edgegpu_latency";
        var (md, html) = ReportWriter.Render(r);
        var chart = SvgAssert.ParseXhtml(html).Descendants(SvgAssert.Svg + "svg").Single(x => (string?)x.Attribute("id") == "fig-tradeoff-latency");
        Assert.Contains(chart.Descendants(SvgAssert.Svg + "text"), t => t.Value == "budget 7.50");
        Assert.Contains("latency (c10_edgegpu_latency) ≤ 7.50", md);
        Assert.Contains("| **no** |", md); // some built architectures (rows in bold) are slower than the budget in this fixture
    }
    [Fact]
    public void The_cost_charts_show_a_measured_built_architecture_at_its_measured_value()
    {
        // Seen on a NAS-Bench-201 build under a Raspberry Pi latency budget: best[0] was the best label (measured 89.07),
        // yet the cost tables listed it as "built #1 (predicted)" at its prediction 88.20.
        var r = ReportFixtures.Nb201();
        var b = r.Best[0];
        b.Measured = b.Predicted + 1.2345;
        b.Source = "measured";
        r.Constraints.MaxLatency = 1e9;
        r.Constraints.LatencyColumn = "c10_edgegpu_latency";
        b.BudgetBasis = "measured";
        var (md, _) = ReportWriter.Render(r);
        var rows = md.Split('\n').Where(l => l.StartsWith("| **built \\#1 ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, l => Assert.StartsWith("| **built \\#1 (measured)** |", l));
        Assert.All(rows, l => Assert.Contains("| **" + Fmt.Target(b.Measured.Value) + "** |", l));
        Assert.Contains(rows, l => l.EndsWith("| **yes (measured)** |", StringComparison.Ordinal));
        Assert.Contains(rows, l => l.EndsWith("| **no budget** |", StringComparison.Ordinal));
    }
    [Fact]
    public void Under_a_latency_budget_the_answer_says_which_unmeasured_architectures_could_not_beat_the_best_label()
    {
        // Candidates may fit a latency budget only without its margin ("probable"); best[0] may not. The sentence about
        // the best label speaks of those that fit with the margin, or it contradicts a candidate listed at 0.99.
        var r = ReportFixtures.Nb201();
        r.Selection ??= new SelectionInfo { Confidence = 0.7 };
        r.Selection.BestSource = "measured";
        r.Selection.TopProbability = 0;
        r.Constraints.MaxLatency = 7.5;
        r.Constraints.LatencyColumn = "c10_edgegpu_latency";
        var (md, _) = ReportWriter.Render(r);
        Assert.Contains("no unmeasured architecture that fits the budget with the latency margin beats it with probability 0.70 or more (none does with more than 0.00)", md);
        r.Constraints.MaxLatency = null;
        Assert.Contains("no unmeasured architecture beats it with probability 0.70 or more", ReportWriter.Render(r).Item1);
    }
    [Fact]
    public void The_answer_says_why_a_candidate_predicted_beyond_the_residuals_has_probability_zero()
    {
        // A candidate predicted above what the calibrating residuals cover (selection.coveredUpTo) gets probability 0;
        // the rule paragraph names the limit only when such a candidate is listed.
        var r = ReportFixtures.Nb201();
        r.Selection ??= new SelectionInfo { Confidence = 0.7 };
        r.Selection.CoveredUpTo = null;
        Assert.DoesNotContain("have probability 0: that is beyond the highest prediction", ReportWriter.Render(r).Item1);
        var c = new RankedArchitecture { Rank = 1, Method = "exhaustive", Arch = r.Best[0].Arch, Source = "predicted", Predicted = 91.5, ProbabilityOfImprovement = 0, ExpectedImprovement = 0.2 };
        r.Candidates.Add(c);
        r.Selection.CoveredUpTo = c.Predicted - 0.5;
        var (md, _) = ReportWriter.Render(r);
        Assert.Contains("Candidates predicted above " + Fmt.Target(c.Predicted - 0.5) + " have probability 0: that is beyond the highest prediction the labels' residuals cover", md);
    }
    // The NAS-Bench-201 fixture with a selection: best[0] of the given source, chosen by the given rule, and the top
    // pick's chance.
    private static AutoBuildResult WithTopPick(string source, string by, double topPickProbability)
    {
        var r = ReportFixtures.Nb201();
        r.Selection ??= new SelectionInfo { Confidence = 0.7 };
        r.Selection.BestSource = source;
        r.Selection.BestBy = by;
        r.Selection.TopPickProbability = topPickProbability;
        return r;
    }
    [Fact]
    public void An_unmeasured_best_is_called_the_first_candidate_only_when_it_is_one()
    {
        // Session 14's audit: with --candidates 0, a best[0] by the top-pick rule was "the first candidate: measuring the
        // candidates measures it" and the empty list "every architecture proposed is already measured"; neither was true.
        var r = WithTopPick("predicted", "top-pick", 0.87);
        r.Selection!.RankCorrelation = 0.84;
        var b = r.Best[0];
        b.Source = "predicted";
        b.Measured = null;
        b.Predicted = 91.5;
        b.ProbabilityOfImprovement = 0.87;
        r.Candidates.Clear();
        r.Candidates.Add(new RankedArchitecture { Rank = 1, Method = "exhaustive", Arch = b.Arch, Source = "predicted", Predicted = 91.5, ProbabilityOfImprovement = 0.87, ExpectedImprovement = 0.2 });
        var md = ReportWriter.Render(r).Item1;
        Assert.Contains("(rank correlation 0.84). It is the first candidate: measuring the candidates measures it.", md);
        r.Candidates.Clear();
        md = ReportWriter.Render(r).Item1;
        Assert.Contains("(rank correlation 0.84). No candidate lists it: measure it too.", md);
        Assert.Contains("No candidates: none were asked for (autobuild build --candidates 0).", md);
        Assert.DoesNotContain("It is the first candidate", md);
        Assert.DoesNotContain("every architecture proposed is already measured", md);
    }
    [Fact]
    public void A_top_pick_refused_as_a_neighbour_of_the_best_label_is_said_to_stay_a_candidate()
    {
        // Session 15: a top pick one decision from the best measured architecture that the member which never trained on
        // it predicts lower is not best[0], although its chance by ranks reached the confidence; the report says why.
        var r = WithTopPick("measured", "measured", 0.86);
        r.Selection!.BestMeasured = 91.61;
        r.Selection.TopPickNeighbourDifference = -0.152;
        var md = ReportWriter.Render(r).Item1;
        Assert.Contains("The ensemble's top pick reached the top-pick chance (0.86), but it is one decision from the best measured architecture", md);
        Assert.Contains("predicts it 0.15 below it", md);
        // A neighbour the member puts above M, or a chance below the confidence: no such sentence.
        r.Selection.TopPickNeighbourDifference = 0.2;
        Assert.DoesNotContain("reached the top-pick chance", ReportWriter.Render(r).Item1);
        r.Selection.TopPickNeighbourDifference = -0.152;
        r.Selection.TopPickProbability = 0.6;
        Assert.DoesNotContain("reached the top-pick chance", ReportWriter.Render(r).Item1);
    }
    // Audit 11: a DAG space's size counts every assignment of its decisions, of which only those with an
    // input->output path and few enough edges are architectures (an own 6-node space: 382,256 of 524,288), so
    // the report must not state it as the number of architectures.
    [Fact]
    public void A_dag_space_size_is_reported_as_an_upper_bound()
    {
        var r = new AutoBuildResult { Space = "Dag6", Kind = "dag", Target = "acc", SpaceSize = "524288" };
        var (md, html) = ReportWriter.Render(r);
        Assert.Contains("labelled of at most 524,288 architectures", md);
        Assert.DoesNotContain("of 524,288", md);
        Assert.Contains("at most 524,288", html);
        var cell = new AutoBuildResult { Space = "Cell", Kind = "cell", Target = "acc", SpaceSize = "15625" };
        Assert.Contains("labelled of 15,625 architectures", ReportWriter.Render(cell).Markdown);
    }
}

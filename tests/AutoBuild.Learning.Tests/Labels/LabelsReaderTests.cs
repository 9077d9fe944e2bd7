using AutoBuild.Spec.Diagnostics;
using AutoBuild.Learning.Labels;

namespace AutoBuild.Learning.Tests.Labels;

public class LabelsReaderTests
{
    private const string File = "labels.csv";

    private static LabelsResult Read(string csv, string? target = null) =>
        LabelsReader.Read(LabelSpaces.Mini(), File, csv, target is null ? null : TargetExpression.Parse(target));

    /// <summary>The diagnostics as "code(line,col)" for exact position checks.</summary>
    private static string[] Where(LabelsResult r) =>
        r.Diagnostics.Select(d => $"{d.Code}({d.Location.Line},{d.Location.Column})").ToArray();

    [Fact]
    public void Decision_columns_metrics_and_an_expression_target()
    {
        var r = Read(
            "resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc,lat\n" +
            "224,3,3,5,7,90,2\n" +
            "192,2,7,7,,80,4\n", "acc*100/lat");
        Assert.Empty(r.Diagnostics);
        var labels = r.Labels!;
        Assert.Equal(2, labels.Architectures.Count);
        Assert.Equal("r224|s1:d3:k3,k5,k7", labels.Architectures[0].ToString());
        Assert.Equal("r192|s1:d2:k7,k7", labels.Architectures[1].ToString());
        Assert.Equal(new[] { 4500.0, 2000.0 }, labels.Targets);
        Assert.Equal(new[] { "acc", "lat" }, labels.MetricColumns);
        Assert.Equal(new double?[] { 2, 4 }, labels.Metric("lat"));
        Assert.Equal(new[] { 2, 3 }, labels.RowsOfArchitecture.Select(x => x.Single()));
        Assert.Equal(64, labels.ContentHash.Length);
    }

    [Fact]
    public void Candidate_rows_carry_what_the_build_predicted_and_the_column_is_no_metric()
    {
        // The header ends with the candidate column (as --candidates-out writes it); the first row was written before
        // the header had it and ends one field early, the second leaves it empty: both ordinary labels. The candidate
        // measured twice averages its predictions as its target is averaged.
        var r = Read(
            "resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc,autobuild_predicted\n" +
            "224,3,3,5,7,90\n" +
            "192,2,7,7,,80,\n" +
            "224,2,3,3,,85,86.25\n" +
            "224,2,3,3,,83,\"86.75\"\n", "acc");
        Assert.Equal(new[] { "AB2014(5,1)" }, Where(r));
        var labels = r.Labels!;
        Assert.Equal(new double?[] { null, null, 86.5 }, labels.CandidatePredicted);
        Assert.Equal(new[] { 90.0, 80, 84 }, labels.Targets);
        Assert.Equal(new[] { "acc" }, labels.MetricColumns);
        // Every row reads at the header's width: the short row's cell is empty.
        Assert.Equal("", labels.Cell(0, LabelsReader.PredictedColumn));
        // Without the column every label is ordinary.
        var old = Read("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc\n224,3,3,5,7,90\n", "acc");
        Assert.Equal(new double?[] { null }, old.Labels!.CandidatePredicted);
    }

    [Fact]
    public void A_malformed_candidate_prediction_is_a_located_error()
    {
        var r = Read(
            "resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,autobuild_predicted,acc\n" +
            "224,3,3,5,7,high,90\n" +
            "192,2,7,7,,nan,80\n" +
            "192,3,7,7,7,91.5,80\n", "acc");
        Assert.Null(r.Labels);
        Assert.Equal(new[] { "AB2026(2,13)", "AB2026(3,12)" }, Where(r));
        Assert.Contains("autobuild_predicted is 'high', which is not a finite number", r.Diagnostics[0].Message);
        // A candidate row appended below a header that lacks the column: the ragged-row error says what to do.
        var appended = Read("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc\n224,3,3,5,7,90\n192,2,7,7,,80,79.5\n", "acc");
        Assert.Equal(new[] { "AB2003(3,15)" }, Where(appended));
        Assert.Contains("end with the autobuild_predicted column: add it to the end of this file's header", appended.Diagnostics[0].Message);
    }

    [Fact]
    public void An_arch_column_alone_identifies_the_architectures()
    {
        var r = Read("arch,acc\nr224|s1:d3:k3k5k7,1\n\"r224|s1:d3:k3,k5,k7\",2\nr192|s1:d2:k7,k7,3\n", "acc");
        // Row 2 runs the layers together; row 4 is ragged because a string with ',' must be quoted.
        Assert.Equal(new[] { "AB2009(2,1)", "AB2003(4,18)" }, Where(r));
        Assert.Contains("'r224|s1:d3:k3k5k7' is not a Mini architecture: expected ',' and the next layer of s1 at character 14, found 'k'", r.Diagnostics[0].Message);
        var ok = Read("arch,acc\n\"r224|s1:d3:k3,k5,k7\",2\n\"r192|s1:d2:k7,k7\",3\n", "acc");
        Assert.Empty(ok.Diagnostics);
        Assert.Equal(new[] { 2.0, 3.0 }, ok.Labels!.Targets);
    }

    [Fact]
    public void Duplicates_are_averaged_with_a_warning_listing_the_rows()
    {
        var r = Read(
            "resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc\n" +
            "224,2,3,3,,90\n" +
            "192,2,3,3,,70\n" +
            "224,2,3,3,,80\n" +
            "224,2,3,3,,85\n", "acc");
        var w = Assert.Single(r.Diagnostics);
        Assert.Equal(Severity.Warning, w.Severity);
        Assert.Equal("AB2014(4,1)", Where(r)[0]);
        Assert.Equal("architecture r224|s1:d2:k3,k3 appears in rows 2, 4, 5; they count as one architecture whose target is the mean of the 3 rows", w.Message);
        Assert.Equal(new[] { 85.0, 70.0 }, r.Labels!.Targets);
        Assert.Equal(new[] { 0, 1, 0, 0 }, r.Labels.RowArchitecture);
    }

    [Fact]
    public void Repeated_rows_estimate_the_run_to_run_noise_and_a_run_column_declares_them_replicates_without_warnings()
    {
        const string header = "resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc";
        const string rows =
            "224,2,3,3,,90,1\n" +
            "192,2,3,3,,70,1\n" +
            "224,2,3,3,,80,2\n" +
            "192,2,3,3,,74,2\n" +
            "224,2,3,3,,85,3\n" +
            "224,3,3,3,3,60,1\n";
        var declared = Read(header + ",run\n" + rows, "acc");
        Assert.Empty(declared.Diagnostics);
        var labels = declared.Labels!;
        Assert.Equal("run", labels.ReplicateColumn);
        Assert.Equal(new[] { 85.0, 72.0, 60.0 }, labels.Targets);
        // Within squares: (25 + 25 + 0) and (4 + 4); pooled over 2 + 1 degrees of freedom.
        Assert.Equal(new[] { 50.0, 8.0, 0.0 }, labels.TargetWithinSquares);
        var noise = labels.Noise!;
        Assert.Equal(58.0 / 3, noise.Variance, 12);
        Assert.Equal((3, 2, 5), (noise.DegreesOfFreedom, noise.Architectures, noise.Rows));
        Assert.Equal(Math.Sqrt(58.0 / 3), noise.StandardDeviation, 12);

        // The same rows with the column named otherwise: duplicates as before (one AB2014 per architecture), same noise.
        var undeclared = Read(header + ",note\n" + rows, "acc");
        Assert.Equal(new[] { "AB2014(4,1)", "AB2014(5,1)" }, Where(undeclared));
        Assert.Null(undeclared.Labels!.ReplicateColumn);
        Assert.Equal(noise, undeclared.Labels.Noise);

        // A run value repeated within an architecture is a duplicate (a copy), not a replicate.
        var copied = Read(header + ",Seed\n" + rows.Replace("224,2,3,3,,80,2", "224,2,3,3,,80,1"), "acc");
        Assert.Equal(new[] { "AB2014(4,1)" }, Where(copied));
        Assert.Equal("Seed", copied.Labels!.ReplicateColumn);

        // One row per architecture: no noise, nothing else changes.
        var single = Read(header + ",seed\n224,2,3,3,,90,1\n192,2,3,3,,70,1\n", "acc");
        Assert.Empty(single.Diagnostics);
        Assert.Null(single.Labels!.Noise);
        Assert.Null(Read(header + ",run\n" + rows).Labels!.Noise); // no target, no noise
    }

    [Fact]
    public void A_space_without_decisions_reads_every_row_as_its_one_architecture()
    {
        // The fuzzing reproducer: rows were dropped silently ("2 rows, 0 distinct architectures") and `cost` crashed.
        var space = AutoBuild.Spec.SpecCompiler.Compile("fixed.yaml", "space: Fixed\nnetwork: [bn]\n").Space!;
        var r = LabelsReader.Read(space, File, "acc\n1\n2\n", TargetExpression.Parse("acc"));
        Assert.Equal("AB2014(3,1)", Assert.Single(Where(r)));
        var labels = r.Labels!;
        Assert.Single(labels.Architectures);
        Assert.Equal(new[] { 1.5 }, labels.Targets);
        Assert.Equal(new[] { 0, 0 }, labels.RowArchitecture);
    }

    [Fact]
    public void Every_malformed_cell_is_reported_at_its_row_and_column()
    {
        const string header = "resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc,note\n";
        var r = Read(header +
            "224,3,3,5,7,90,ok\n" +   // row 2: fine
            "256,3,3,5,7,90,x\n" +    // row 3: unknown resolution at col 1
            "224,2,3,5,7,90,x\n" +    // row 4: s1.l3.kernel inactive but given, col 11
            "224,3,3,,7,90,x\n" +     // row 5: s1.l2.kernel empty, col 9
            "224,3,3,5,7,n/a,x\n" +   // row 6: acc not numeric, col 13
            "224,3,3,5,7,NaN,x\n" +   // row 7: acc NaN, col 13
            "224,3,3,5,7,90\n" +      // row 8: ragged (6 fields), col 1
            "224,3,3,5,7,90,x,y\n" +  // row 9: ragged (8 fields), at the extra field, col 18
            "224,9,3,5,7,90,x\n",     // row 10: unknown depth; s1.l3.kernel's activity undetermined, not reported again
            "acc");
        Assert.Null(r.Labels);
        Assert.Equal(new[]
        {
            "AB2006(3,1)", "AB2008(4,11)", "AB2007(5,9)", "AB2011(6,13)", "AB2012(7,13)", "AB2003(8,1)", "AB2003(9,18)", "AB2006(10,5)",
        }, Where(r));
        var msg = r.Diagnostics.Select(d => d.ToString()).ToArray();
        Assert.Equal("labels.csv(3,1): error AB2006: '256' is not a value of resolution; valid values: 192, 224", msg[0]);
        Assert.Equal("labels.csv(4,11): error AB2008: s1.l3.kernel has the value '7' but is inactive in this row (active when s1.depth is 3); leave the cell empty", msg[1]);
        Assert.Equal("labels.csv(5,9): error AB2007: s1.l2.kernel is empty but active; give one of 3, 5, 7", msg[2]);
        Assert.Equal("labels.csv(6,13): error AB2011: acc is 'n/a', which is not a number (write numbers like 93.5 or 1.2e-3)", msg[3]);
        Assert.Contains("AB2012: acc is 'NaN', but the target needs a finite number", msg[4]);
        Assert.Contains("this row has 6 fields but the header has 7", msg[5]);
        Assert.Contains("this row has 8 fields but the header has 7 (a value containing a comma must be quoted)", msg[6]);
    }

    [Fact]
    public void Unused_metrics_may_hold_anything()
    {
        var r = Read("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc,note\n224,2,3,5,,90,n/a\n", "acc");
        Assert.Empty(r.Diagnostics);
        Assert.Equal(new double?[] { null }, r.Labels!.Metric("note"));
    }

    [Fact]
    public void Suggestions_for_near_misses()
    {
        var r = LabelsReader.Read(LabelSpaces.Nb201(), File,
            "edge_01,edge_02,edge_12,edge_03,edge_13,edge_23,acc\nnor_conv_3x3,skip_conect,none,none,none,none,1\n");
        Assert.Equal("labels.csv(2,14): error AB2006: 'skip_conect' is not a value of edge_02; valid values: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3 (did you mean 'skip_connect'?)",
            Assert.Single(r.Diagnostics).ToString());
    }

    [Fact]
    public void Missing_decision_columns_are_named()
    {
        var r = Read("Resolution,s1.depth,s1.l1.kernel,acc\n224,2,3,1\n");
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("AB2005(1,1)", Where(r)[0]);
        Assert.Contains("the header lacks the decision columns resolution, s1.l2.kernel, s1.l3.kernel (names must match exactly: the header has 'Resolution' for 'resolution')", d.Message);
        Assert.Contains("an 'arch' column with canonical strings such as 'r192|s1:d2:k3,k3'", d.Message);
    }

    [Fact]
    public void A_semicolon_separated_file_is_named_as_such()
    {
        // audit18: labels saved with ';' (a spreadsheet where ',' is the decimal mark) read as one column, and the
        // error listed every decision as missing with no word about the separator.
        var r = LabelsReader.Read(LabelSpaces.Nb201(), File,
            "edge_01;edge_02;edge_12;edge_03;edge_13;edge_23;acc\nnor_conv_3x3;none;none;none;none;none;90,5\n");
        var d = r.Diagnostics.First(x => x.Code == "AB2005");
        Assert.Contains("(the header is one field containing ';': labels are comma-separated, with '.' as the decimal mark)", d.Message);
        Assert.Equal((1, 1), (d.Location.Line, d.Location.Column));
        // A comma-separated header missing a column gets no such note.
        Assert.DoesNotContain("one field containing", Assert.Single(LabelsReader.Read(LabelSpaces.Nb201(), File,
            "edge_01,edge_02,edge_12,edge_03,edge_13,acc\nnor_conv_3x3,none,none,none,none,1\n").Diagnostics).Message);
    }

    [Fact]
    public void Missing_target_column_suggests_the_nearest()
    {
        var r = Read("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,accuracy\n224,2,3,5,,90\n", "acuracy*2");
        Assert.Equal("labels.csv(1,1): error AB2015: the target 'acuracy*2' uses column 'acuracy', which is not in the header (did you mean 'accuracy'?); columns: resolution, s1.depth, s1.l1.kernel, s1.l2.kernel, s1.l3.kernel, accuracy",
            Assert.Single(r.Diagnostics).ToString());
    }

    [Fact]
    public void Target_that_is_not_finite_in_a_row()
    {
        var r = Read("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc,lat\n224,2,3,5,,90,0\n", "acc/lat");
        Assert.Equal("labels.csv(2,1): error AB2013: the target 'acc/lat' is infinite in this row (acc=90, lat=0); change the expression (e.g. log(x+1)) or fix the row",
            Assert.Single(r.Diagnostics).ToString());
    }

    [Fact]
    public void Target_too_large_to_compute_with_is_located()
    {
        // Audit12: NAS-Bench-201 accuracies times 1e306 (finite, ~6e307) crashed the build (AB9001: the mean of two
        // equivalent labels overflowed to infinity); times 1e300 the selection's coverage limit became "Infinity".
        var r = Read("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc\n224,2,3,5,,90\n192,2,3,3,,6.1e307\n", "acc");
        Assert.Equal("labels.csv(3,1): error AB2013: the target 'acc' is 6.1E+307 in this row (acc=6.1E+307), beyond ±1e100, where its squares and sums overflow; rescale the expression (e.g. acc/1e307) or fix the row",
            Assert.Single(r.Diagnostics).ToString());
        Assert.Empty(Read("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc\n224,2,3,5,,-1e100\n", "acc").Diagnostics);
    }

    [Theory]
    [InlineData("", "labels.csv: error AB2001: the labels file is empty")]
    [InlineData("\n\n", "labels.csv: error AB2001: the labels file is empty")]
    [InlineData("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc\n", "labels.csv(1,1): error AB2001: the labels file has a header but no data rows")]
    [InlineData("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc,acc\n224,2,3,5,,1,2\n", "labels.csv(1,64): error AB2004: column 'acc' appears twice (fields 6 and 7); rename one")]
    [InlineData("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel,acc\n224,2,3,5,,\"90\n", "labels.csv(2,12): error AB2002: the quoted field that starts here has no closing quote")]
    public void File_level_problems(string csv, string first)
    {
        var r = Read(csv, null);
        Assert.Null(r.Labels);
        Assert.StartsWith(first, r.Diagnostics[0].ToString());
    }

    [Fact]
    public void Blank_lines_are_warned_about_not_silently_skipped()
    {
        var r = Read("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel\n224,2,3,5,\n\n192,2,3,5,\n");
        Assert.Equal(new[] { "AB2017(3,1)" }, Where(r));
        Assert.Equal(2, r.Labels!.Architectures.Count);
        Assert.Equal(new[] { 2, 4 }, r.Labels.RowsOfArchitecture.Select(x => x.Single()));
    }

    [Fact]
    public void Arch_and_decision_columns_must_agree()
    {
        var r = LabelsReader.Read(LabelSpaces.NbMacro(), File,
            "arch,layer0,layer1,layer2,layer3,layer4,layer5,layer6,layer7\n" +
            "22212220,mb6_k5,mb6_k5,mb6_k5,mb3_k3,mb6_k5,mb6_k5,mb6_k5,id\n" +
            "22212221,mb6_k5,mb6_k5,mb6_k5,mb3_k3,mb6_k5,mb6_k5,mb6_k5,id\n" +
            "2221222,mb6_k5,mb6_k5,mb6_k5,mb3_k3,mb6_k5,mb6_k5,mb6_k5,id\n");
        Assert.Equal(new[] { "AB2010(3,1)", "AB2009(4,1)" }, Where(r));
        Assert.Contains("layer7 is 'id' in its column but 'mb3_k3' in arch", r.Diagnostics[0].Message);
        Assert.Contains("'2221222' is not a NasBenchMacro architecture: expected 8 digits", r.Diagnostics[1].Message);
    }

    [Fact]
    public void Many_errors_of_one_code_are_counted_not_flooded()
    {
        var rows = string.Concat(Enumerable.Range(0, 40).Select(_ => "999,2,3,5,\n"));
        var r = Read("resolution,s1.depth,s1.l1.kernel,s1.l2.kernel,s1.l3.kernel\n" + rows);
        Assert.Equal(LabelsReader.MaxPerCode + 1, r.Diagnostics.Count);
        Assert.Equal("labels.csv: error AB2018: 15 more AB2006 errors not listed (40 in all)", r.Diagnostics[^1].ToString());
    }

    [Fact]
    public void Content_hash_is_the_sha256_of_the_file_bytes()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("arch\n00000000\n");
        var r = LabelsReader.Read(LabelSpaces.NbMacro(), File, bytes);
        // printf 'arch\n00000000\n' | sha256sum
        Assert.Equal("5adc2359674cab638b33530d516a8aaedf7fd53de12f8c8d62062589e2b6cd0a", r.Labels!.ContentHash);
    }

    [Fact]
    public void Utf16_with_its_byte_order_mark_reads_as_the_same_labels_and_gzip_or_a_directory_is_one_clear_error()
    {
        const string csv = "arch,acc\n00000000,90.5\n01201201,91\n";
        var utf8 = LabelsReader.Read(LabelSpaces.NbMacro(), File, System.Text.Encoding.UTF8.GetBytes(csv), TargetExpression.Parse("acc"));
        Assert.Empty(utf8.Diagnostics);
        foreach (var encoding in new[] { new System.Text.UnicodeEncoding(false, true), new System.Text.UnicodeEncoding(true, true) })
        {
            var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(csv)).ToArray();
            var r = LabelsReader.Read(LabelSpaces.NbMacro(), File, bytes, TargetExpression.Parse("acc"));
            Assert.Empty(r.Diagnostics);
            Assert.Equal(utf8.Labels!.Targets, r.Labels!.Targets);
            Assert.Equal(new[] { "acc" }, r.Labels.MetricColumns);
        }

        using var gz = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            z.Write(System.Text.Encoding.UTF8.GetBytes(csv));
        var zipped = LabelsReader.Read(LabelSpaces.NbMacro(), "labels.csv.gz", gz.ToArray(), TargetExpression.Parse("acc"));
        var error = Assert.Single(zipped.Diagnostics);
        Assert.Equal("labels.csv.gz: error AB2001: the labels file is gzip-compressed; decompress it first (gunzip -k labels.csv.gz) and pass the .csv", error.ToString());

        var dir = Directory.CreateTempSubdirectory("ab-labels-dir").FullName;
        try
        {
            var r = LabelsReader.ReadFile(LabelSpaces.NbMacro(), dir, TargetExpression.Parse("acc"));
            Assert.Contains("cannot read the labels file: it is a directory, not a file", Assert.Single(r.Diagnostics).Message);
        }
        finally { Directory.Delete(dir); }
    }

    [Fact]
    public void All_of_nas_bench_201_reads_and_every_cell_matches_its_arch_str()
    {
        var path = TestData.Data("nas-bench-201", "nb201_all.csv.gz");
        var r = LabelsReader.Read(LabelSpaces.Nb201(), path, TestData.ReadText(path), TargetExpression.Parse("c10v_valid_acc_200ep"));
        Assert.Empty(r.Diagnostics);
        var labels = r.Labels!;
        Assert.Equal(15_625, labels.Rows.Count);
        Assert.Equal(15_625, labels.Architectures.Count);
        for (var row = 0; row < labels.Rows.Count; row++)
            Assert.Equal(labels.Cell(row, "arch_str"), labels.Architectures[labels.RowArchitecture[row]].ToString());
        var targets = labels.Targets!;
        Assert.Equal(91.607, targets.Max(), 3); // README: max c10v_valid_acc_200ep
        Assert.Equal("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
            labels.Architectures[Array.IndexOf(targets, targets.Max())].ToString());
    }

    [Fact]
    public void Nas_bench_201_1seed_imagenet_column_is_empty_for_dead_cells_and_says_where()
    {
        var path = TestData.Data("nas-bench-201", "nb201_all.csv.gz");
        var r = LabelsReader.Read(LabelSpaces.Nb201(), path, TestData.ReadText(path), TargetExpression.Parse("in16_valid_acc_200ep_1seed"));
        Assert.Null(r.Labels);
        Assert.Equal("AB2011", r.Diagnostics[0].Code);
        Assert.Equal(15_625 - 9_445, int.Parse(r.Diagnostics[^1].Message.Split('(')[1].Split(' ')[0]));
    }

    [Fact]
    public void All_of_nas_bench_macro_reads_with_decision_and_arch_columns()
    {
        var path = TestData.Data("nas-bench-macro", "nas_bench_macro_cifar10.csv.gz");
        var r = LabelsReader.Read(LabelSpaces.NbMacro(), path, TestData.ReadText(path), TargetExpression.Parse("mean_acc"));
        Assert.Empty(r.Diagnostics);
        var labels = r.Labels!;
        Assert.Equal(6_561, labels.Architectures.Count);
        var targets = labels.Targets!;
        Assert.Equal(93.127, targets.Max(), 3);
        var best = labels.Architectures.Select((a, i) => (a, i)).Single(x => x.a.ToString() == "22212220").i;
        Assert.Equal(targets.Max(), targets[best]); // README: the best architecture
    }

    [Fact]
    public void Nas_bench_201_reads_through_the_real_spec_and_its_canonical_strings_are_the_benchmark_strings()
    {
        var space = TestData.CompileExample("nas-bench-201.space.yaml");
        Assert.Equal(AutoBuild.Runtime.CanonicalEncoding.CellEdges, space.Encoding);
        Assert.Equal(new System.Numerics.BigInteger(15_625), space.Size);
        var path = TestData.Data("nas-bench-201", "nb201_all.csv.gz");
        var r = LabelsReader.Read(space, path, TestData.ReadText(path), TargetExpression.Parse("c10v_valid_acc_200ep"));
        Assert.Empty(r.Diagnostics);
        var labels = r.Labels!;
        Assert.Equal(15_625, labels.Architectures.Count);
        var mismatches = Enumerable.Range(0, labels.Rows.Count).Count(row => labels.Cell(row, "arch_str") != labels.Architectures[labels.RowArchitecture[row]].ToString());
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void A_metric_column_that_looks_like_a_decision_is_warned_about()
    {
        // A misspelt decision column next to an arch column: its values are all the decision's, so it is no metric.
        var misspelt = Read("arch,s1.dept,acc\n\"r224|s1:d3:k3,k5,k7\",3,90\n\"r192|s1:d2:k7,k7\",2,80\n", "acc");
        Assert.NotNull(misspelt.Labels);
        var w = Assert.Single(misspelt.Diagnostics);
        Assert.Equal(("AB2024", Severity.Warning, 1, 6), (w.Code, w.Severity, w.Location.Line, w.Location.Column));
        Assert.Contains("did you mean 's1.depth'?", w.Message);

        // A choice the spec lacks: NAS-Bench-201 labels with an input-size column that takes two values.
        var csv = "edge_01,edge_02,edge_12,edge_03,edge_13,edge_23,input_size,acc\n" + string.Concat(Enumerable.Range(0, 6).Select(i =>
            $"nor_conv_3x3,skip_connect,none,avg_pool_3x3,nor_conv_1x1,skip_connect,{(i % 2 == 0 ? 16 : 32)},{90 + i}\n"));
        var nb201 = LabelsReader.Read(LabelSpaces.Nb201(), File, csv, TargetExpression.Parse("acc"));
        var choice = Assert.Single(nb201.Diagnostics, d => d.Code == LabelCodes.LooksLikeDecision);
        Assert.Equal((1, 49), (choice.Location.Line, choice.Location.Column));
        Assert.Contains("column 'input_size' is read as a metric, but it looks like an architecture decision", choice.Message);
        Assert.Contains("2 distinct values over 6 rows: 16, 32", choice.Message);

        // Not warned: the target itself, a choice-named metric with many values, a short column of unique values.
        var quiet = LabelsReader.Read(LabelSpaces.Nb201(), File, csv.Replace("input_size", "depth"), TargetExpression.Parse("depth"));
        Assert.DoesNotContain(quiet.Diagnostics, d => d.Code == LabelCodes.LooksLikeDecision);
        var many = "edge_01,edge_02,edge_12,edge_03,edge_13,edge_23,kernel_ms,acc\n" + string.Concat(Enumerable.Range(0, 40).Select(i =>
            $"nor_conv_3x3,skip_connect,none,avg_pool_3x3,nor_conv_1x1,skip_connect,{i / 10.0},{90 + i}\n"));
        Assert.DoesNotContain(LabelsReader.Read(LabelSpaces.Nb201(), File, many, TargetExpression.Parse("acc")).Diagnostics, d => d.Code == LabelCodes.LooksLikeDecision);
    }
}

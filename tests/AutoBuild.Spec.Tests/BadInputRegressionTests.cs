using System.Text;
using AutoBuild.Spec;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Spec.Tests;

/// <summary>The spec reproducers of the fuzzing pass (issue 13), each now a located diagnostic with the right code
/// (or a correct result) instead of an internal failure, a stack overflow, a wrapped number or minutes of work.</summary>
public class BadInputRegressionTests
{
    private static SpecResult Compile(string text) => SpecCompiler.Compile("t.space.yaml", text);

    private static Diagnostic SingleError(SpecResult r, string code)
    {
        Assert.True(r.HasErrors);
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == "AB9001");
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(code, d.Code);
        Assert.True(d.Location.Line > 0, d.ToString());
        return d;
    }

    [Fact]
    public void Class2_an_open_flow_mapping_before_a_block_item_is_a_located_yaml_error()
    {
        var d = SingleError(Compile("- {o\n-\n"), "AB1001");
        Assert.Contains("cannot continue", d.Message);
    }

    [Fact]
    public void A_directory_given_as_the_spec_is_said_to_be_a_directory_not_a_denied_access()
    {
        var dir = Directory.CreateTempSubdirectory("autobuild-spec-dir-").FullName;
        try
        {
            var d = Assert.Single(SpecCompiler.CompileFile(dir).Diagnostics);
            Assert.Equal("AB1015", d.Code);
            Assert.Equal("cannot read the spec: it is a directory, not a file; check the path", d.Message);
        }
        finally { Directory.Delete(dir); }
    }

    [Theory]
    // YamlDotNet places a tab in a block mapping's indentation at (1,1) and one in a plain scalar's continuation at the
    // scalar's start; the diagnostic points at the tab (session 16 audit).
    [InlineData("# a comment\nspace: Tiny\nops:\n  a: identity\n\tb: identity\nnetwork: [bn]\n", 5, 1)]
    [InlineData("space: Tiny\nnetwork:\n  - bn\n\t- relu\n", 4, 1)]
    [InlineData("space: Tiny\ndescription: |\n  a\n\tb\nnetwork: [bn]\n", 4, 1)]
    public void A_tab_in_the_indentation_is_located_at_the_tab(string text, int line, int column)
    {
        var d = SingleError(Compile(text), "AB1001");
        Assert.Contains("tab", d.Message);
        Assert.Equal((line, column), (d.Location.Line, d.Location.Column));
    }

    [Theory]
    [InlineData("[op{p}]")]
    [InlineData("[op{p}, bn]")]
    [InlineData("{ residual: { body: op{p} } }")]
    public void Class6_a_chain_of_4240_user_ops_is_AB1011_not_a_stack_overflow(string form)
    {
        var text = new StringBuilder("space: Chain\nops:\n  op0: { conv: { kernel: 3 } }\n");
        for (var i = 1; i < 4240; i++) text.Append("  op").Append(i).Append(": ").Append(form.Replace("{p}", (i - 1).ToString())).Append('\n');
        text.Append("network:\n  - op4239\n  - global_pool\n  - classifier\n");
        var d = SingleError(Compile(text.ToString()), "AB1011");
        Assert.Contains($"nest more than {SpecLimits.MaxLayerNesting} deep", d.Message);
        Assert.Contains("op4239 -> op4238", d.Message);
    }

    [Fact]
    public void A_chain_of_ops_at_the_nesting_limit_still_compiles()
    {
        var text = new StringBuilder("space: Chain\nops:\n  op0: { conv: { kernel: 3 } }\n");
        for (var i = 1; i < SpecLimits.MaxLayerNesting - 1; i++) text.Append("  op").Append(i).Append(": op").Append(i - 1).Append('\n');
        text.Append($"network:\n  - op{SpecLimits.MaxLayerNesting - 2}\n  - global_pool\n  - classifier\n");
        var r = Compile(text.ToString());
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
    }

    [Fact]
    public void Class9_duplicate_keys_are_found_in_linear_time_and_each_reported()
    {
        // 200,000 keys took 177 s with the quadratic check; now one pass (no wall-time assertion, the count proves the path).
        var text = new StringBuilder("space: T\nnetwork: [bn]\ninput:\n");
        for (var i = 0; i < 200_000; i++) text.Append("  channels: 3\n");
        var r = Compile(text.ToString());
        Assert.Equal(199_999, r.Diagnostics.Count(d => d.Code == "AB1007"));
        Assert.Contains(r.Diagnostics, d => d.Code == "AB1007" && d.Message.Contains("'channels'") && d.Message.Contains("line 4") && d.Location.Line == 200_003);
    }

    [Fact]
    public void Class9_stage_depths_and_repeats_have_documented_limits()
    {
        var depths = string.Join(", ", Enumerable.Range(1, SpecLimits.MaxStageDepth + 1));
        var d = SingleError(Compile($"space: T\nnetwork:\n  - stage: {{ name: s1, depth: {{ choose: [{depths}] }}, block: bn }}\n"), "AB1003");
        Assert.Contains($"between 1 and {SpecLimits.MaxStageDepth}", d.Message);
        var r = SingleError(Compile($"space: T\ncell: {{ nodes: 3, ops: [skip_connect_x] }}\nnetwork: [{{ cell: {{ repeat: {SpecLimits.MaxRepeat + 1} }} }}]\n".Replace("skip_connect_x", "bn")), "AB1012");
        Assert.Contains($"between 1 and {SpecLimits.MaxRepeat}", r.Message);
    }

    [Fact]
    public void Class10_a_parameter_or_flop_count_beyond_64_bits_is_AB1011_not_negative()
    {
        var text = "space: Big\nnetwork:\n" + string.Concat(Enumerable.Repeat("  - conv: { out: 1000000, kernel: 7 }\n", 5)) + "  - global_pool\n  - classifier\n";
        var d = SingleError(Compile(text), "AB1011");
        Assert.Contains("exceeds 9,223,372,036,854,775,807", d.Message);
        Assert.Equal(2, d.Location.Line);
    }

    [Fact]
    public void Class10_a_30_node_concat_cell_is_a_shape_error_not_negative_channels()
    {
        var d = SingleError(Compile("space: Cat\ncell: { nodes: 30, ops: [skip], combine: concat }\nnetwork:\n  - conv_bn: { out: 16, kernel: 3 }\n  - cell\n  - global_pool\n  - classifier\n"), "AB1008");
        Assert.Contains("more than 1,073,741,824", d.Message);
    }

    [Theory]
    [InlineData("to_plan")]
    [InlineData("size")]
    [InlineData("space")]
    [InlineData("decisions")]
    [InlineData("sample")]
    [InlineData("mutate")]
    [InlineData("enumerate")]
    [InlineData("flops")]
    [InlineData("architecture")]
    [InlineData("best")]
    public void Class11_space_names_that_PascalCase_to_a_generated_member_are_AB1010(string name)
    {
        var d = SingleError(Compile($"space: {name}\nnetwork: [bn]\n"), "AB1010");
        Assert.Contains("would have a member of that name", d.Message);
    }

    [Fact]
    public void Class14_an_unsafe_space_name_gets_one_AB1010_not_a_second_bogus_one()
    {
        var r = Compile("space: class\nnetwork: [bn]\n");
        var d = SingleError(r, "AB1010");
        Assert.Contains("'class'", d.Message);
    }

    [Fact]
    public void Class14_line_breaks_and_NULs_from_user_text_never_split_a_diagnostic_line()
    {
        var r = Compile("space: T\nnetwork: [bn]\n\"bad\\nkey\\r\\u0000x\": 1\n");
        var d = Assert.Single(r.Diagnostics, x => x.Code == "AB1002");
        var line = d.ToString();
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\0', line);
        Assert.Contains("bad\\nkey\\r\\0x", line);
    }
    // Audit 11: an mbconv with an even depthwise kernel (default padding kernel/2) grows the map by one pixel, yet
    // it was planned with its residual add (16x32x32 + 16x33x33), which no framework can run; a generic residual
    // reports the same case as AB1008.
    [Theory]
    [InlineData("  - mbconv: { out: 16, kernel: 4, expand: 3 }\n")]
    [InlineData("  - stage: { name: s1, depth: 2, out: 16, block: { mbconv: { kernel: { choose: [3, 4] } } } }\n")]
    public void An_mbconv_whose_even_kernel_changes_the_map_cannot_keep_its_residual_and_is_AB1008(string layer)
    {
        var d = SingleError(Compile("space: T\ninput: { channels: 3, size: 32 }\nnetwork:\n  - conv_bn: { out: 16, kernel: 3 }\n" + layer + "  - global_pool\n  - classifier\n"), "AB1008");
        Assert.Contains("16x32x32 into 16x33x33", d.Message);
        Assert.Contains("residual", d.Message);
    }

    [Fact]
    public void An_mbconv_with_an_even_kernel_and_no_residual_still_compiles()
    {
        var r = Compile("space: T\ninput: { channels: 3, size: 32 }\nnetwork:\n  - conv_bn: { out: 16, kernel: 3 }\n  - mbconv: { out: 24, kernel: 4, stride: 2 }\n  - global_pool\n  - classifier\n");
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
    }
}

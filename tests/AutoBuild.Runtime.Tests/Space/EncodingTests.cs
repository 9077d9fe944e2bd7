using System.Numerics;
using AutoBuild.Runtime;

namespace AutoBuild.Runtime.Tests.Space;

public class EncodingTests
{
    private const string Nb201Index0 = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";

    [Fact]
    public void Each_kind_of_space_gets_its_encoding()
    {
        Assert.Equal(CanonicalEncoding.CellEdges, TestSpaces.Nb201().Encoding);
        Assert.Equal(CanonicalEncoding.MacroDigits, TestSpaces.NbMacro().Encoding);
        Assert.Equal(CanonicalEncoding.MacroCompact, TestSpaces.Ofa().Encoding);
        Assert.Equal(CanonicalEncoding.Generic, TestSpaces.SmallDag().Encoding);
    }

    [Fact]
    public void Nb201_string_parses_into_the_edge_columns()
    {
        var s = TestSpaces.Nb201();
        var a = s.Parse(Nb201Index0);
        Assert.Equal("avg_pool_3x3", a.Value("edge_01"));
        Assert.Equal("nor_conv_1x1", a.Value("edge_02"));
        Assert.Equal("skip_connect", a.Value("edge_12"));
        Assert.Equal("nor_conv_1x1", a.Value("edge_03"));
        Assert.Equal("skip_connect", a.Value("edge_13"));
        Assert.Equal("skip_connect", a.Value("edge_23"));
        Assert.Equal(Nb201Index0, a.ToString());
    }

    [Fact]
    public void Nb201_edges_given_in_any_order_within_a_node_group_parse_to_the_same_cell()
    {
        var s = TestSpaces.Nb201();
        var a = s.Parse("|avg_pool_3x3~0|+|skip_connect~1|nor_conv_1x1~0|+|skip_connect~2|nor_conv_1x1~0|skip_connect~1|");
        Assert.Equal(Nb201Index0, a.ToString());
    }

    [Fact]
    public void Id_is_the_first_16_hex_digits_of_the_sha256_of_the_canonical_string()
    {
        // python3: hashlib.sha256(s.encode()).hexdigest()[:16]
        Assert.Equal("f902ef7202535617", TestSpaces.Nb201().Parse(Nb201Index0).Id);
    }

    [Fact]
    public void Ofa_compact_string_lists_active_layers_only()
    {
        var s = TestSpaces.Ofa(stages: 2);
        var a = s.Parse("r224|s1:d3:k3e4,k5e6,k7e3|s2:d2:k3e3,k3e6");
        Assert.Equal("224", a.Value("resolution"));
        Assert.Equal("3", a.Value("s1.depth"));
        Assert.Equal("7", a.Value("s1.l3.kernel"));
        Assert.Null(a.Value("s1.l4.kernel"));
        Assert.Null(a.Value("s2.l3.expand"));
        Assert.Equal("6", a.Value("s2.l2.expand"));
        Assert.Equal("r224|s1:d3:k3e4,k5e6,k7e3|s2:d2:k3e3,k3e6", a.ToString());
    }

    [Fact]
    public void Nb_macro_digit_string_is_the_choice_indices()
    {
        var s = TestSpaces.NbMacro();
        var a = s.Parse("22212220");
        Assert.Equal("mb6_k5", a.Value("layer0"));
        Assert.Equal("mb3_k3", a.Value("layer3"));
        Assert.Equal("id", a.Value("layer7"));
        Assert.Equal("22212220", a.ToString());
    }

    [Fact]
    public void Generic_string_marks_inactive_decisions_with_a_dash()
    {
        var s = TestSpaces.SmallDag();
        Assert.Equal("maxpool3x3|false|-", s.Parse("maxpool3x3|false|-").ToString());
        Assert.Equal("conv1x1-bn-relu|true|maxpool3x3", s.Create(new[] { 1, 1, 1 }).ToString());
    }

    public static TheoryData<string> AllSpaces() => new() { "nb201", "nbmacro", "ofa", "dag", "skewed" };

    private static SearchSpace ByName(string name) => name switch
    {
        "nb201" => TestSpaces.Nb201(),
        "nbmacro" => TestSpaces.NbMacro(),
        "ofa" => TestSpaces.Ofa(),
        "dag" => TestSpaces.SmallDag(),
        _ => TestSpaces.Skewed(),
    };

    [Theory]
    [MemberData(nameof(AllSpaces))]
    public void Format_and_parse_round_trip(string name)
    {
        var s = ByName(name);
        var archs = s.CanEnumerate(20_000) ? s.Enumerate().ToList() : s.SampleDistinct(2_000, new Random(7)).ToList();
        var strings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in archs)
        {
            var text = a.ToString();
            Assert.True(s.TryParse(text, out var back, out var error), $"{text}: {error}");
            Assert.Equal(a, back);
            Assert.True(strings.Add(text), $"two architectures share the string {text}");
        }
    }

    [Theory]
    [InlineData("nb201", "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|conv_9x9~2|", "'conv_9x9' is not a value of edge_23 (none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)")]
    [InlineData("nb201", "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|", "expected 3 '+'-separated node groups, found 2")]
    [InlineData("nb201", "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~2|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|", "there is no edge 2->2")]
    [InlineData("nbmacro", "2221222", "expected 8 digits")]
    [InlineData("nbmacro", "22212223", "'3' at character 8 is not a choice index of layer7 (0-2: id, mb3_k3, mb6_k5)")]
    [InlineData("ofa", "r224|s1:d3:k3e4,k5e6", "expected ',' and the next layer of s1 at character 21, found the end")]
    [InlineData("ofa", "r256|s1", "'256' is not a value of resolution (192, 208, 224) at character 2")]
    [InlineData("dag", "maxpool3x3|false|maxpool3x3", "decision 'node2' is inactive (active when adj_02 is true) but has value 'maxpool3x3'")]
    [InlineData("dag", "maxpool3x3|true|-", "decision 'node2' is active but has no value")]
    public void Bad_strings_say_what_is_wrong(string space, string text, string expected)
    {
        var s = ByName(space);
        Assert.False(s.TryParse(text, out var a, out var error));
        Assert.Null(a);
        Assert.Contains(expected, error);
        Assert.Throws<FormatException>(() => s.Parse(text));
    }

    [Fact]
    public void Size_counts_only_valid_architectures()
    {
        Assert.Equal(new BigInteger(15_625), TestSpaces.Nb201().Size);
        Assert.Equal(new BigInteger(6_561), TestSpaces.NbMacro().Size);
        Assert.Equal(BigInteger.Parse("65275966477717457553"), TestSpaces.Ofa().Size); // 3 × (9² + 9³ + 9⁴)^5
        Assert.Equal(new BigInteger(3 * (1 + 2)), TestSpaces.SmallDag().Size);
        Assert.Equal(new BigInteger(4), TestSpaces.Skewed().Size);
    }

    [Fact]
    public void Validity_checks_ranges_and_activity()
    {
        var s = TestSpaces.Skewed();
        Assert.True(s.IsValid(new[] { 0, -1 }, out _));
        Assert.True(s.IsValid(new[] { 1, 2 }, out _));
        Assert.False(s.IsValid(new[] { 1, 3 }, out var e1));
        Assert.Equal("decision 's1.l2.kernel' has choice 3, but only 3 values exist", e1);
        Assert.False(s.IsValid(new[] { 0, 0 }, out var e2));
        Assert.Equal("decision 's1.l2.kernel' is inactive (active when s1.depth is 2) but has value '3'", e2);
        Assert.False(s.IsValid(new[] { -1, -1 }, out var e3));
        Assert.Equal("decision 's1.depth' is active but has no value", e3);
        Assert.False(s.IsValid(new[] { 0 }, out var e4));
        Assert.Equal("expected 2 choices, got 1", e4);
        Assert.Throws<ArgumentException>(() => s.Create(new[] { 0, 1 }));
    }

    [Fact]
    public void Nested_conditions_deactivate_the_whole_subtree()
    {
        var s = new SearchSpace("Nested", null, SpaceKind.Macro, new[]
        {
            new Decision("a", DecisionKind.Integer, new[] { "0", "1" }),
            new Decision("b", DecisionKind.Integer, new[] { "0", "1" }, activeWhen: new ActivityCondition(0, new[] { 1 })),
            new Decision("c", DecisionKind.Integer, new[] { "0", "1", "2" }, activeWhen: new ActivityCondition(1, new[] { 0 })),
        });
        // a=0 → b, c inactive (1); a=1,b=1 → c inactive (1); a=1,b=0 → 3 choices of c.
        Assert.Equal(new BigInteger(5), s.Size);
        Assert.False(s.IsValid(new[] { 0, -1, 0 }, out var error));
        Assert.Contains("'c' is inactive", error);
        Assert.Equal(5, s.Enumerate().Count());
    }

    [Fact]
    public void Cyclic_conditions_are_reported_not_looped()
    {
        var s = new SearchSpace("Cycle", null, SpaceKind.Macro, new[]
        {
            new Decision("a", DecisionKind.Integer, new[] { "0", "1" }, activeWhen: new ActivityCondition(1, new[] { 1 })),
            new Decision("b", DecisionKind.Integer, new[] { "0", "1" }, activeWhen: new ActivityCondition(0, new[] { 1 })),
        });
        var e = Assert.Throws<InvalidOperationException>(() => s.Size);
        Assert.Contains("Cyclic", e.Message);
    }
}

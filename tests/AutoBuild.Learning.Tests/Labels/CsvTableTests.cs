using AutoBuild.Learning.Labels;

namespace AutoBuild.Learning.Tests.Labels;

public class CsvTableTests
{
    [Fact]
    public void Quoted_fields_doubled_quotes_and_embedded_newlines_keep_exact_positions()
    {
        var t = CsvTable.Parse("\uFEFFa,b,c\r\n1,\"x,\"\"y\"\"\",3\r\n\"multi\nline\",5,6\n7,8,9");
        Assert.Empty(t.Errors);
        Assert.Equal(4, t.Records.Count);
        Assert.Equal(new[] { "a", "b", "c" }, t.Records[0].Fields.Select(f => f.Value));
        var r1 = t.Records[1];
        Assert.Equal(2, r1.Line);
        Assert.Equal("x,\"y\"", r1.Fields[1].Value);
        Assert.True(r1.Fields[1].Quoted);
        Assert.Equal((2, 3), (r1.Fields[1].Line, r1.Fields[1].Column));
        Assert.Equal((2, 13), (r1.Fields[2].Line, r1.Fields[2].Column));
        var r2 = t.Records[2];
        Assert.Equal(3, r2.Line);
        Assert.Equal("multi\nline", r2.Fields[0].Value);
        Assert.Equal((4, 7), (r2.Fields[1].Line, r2.Fields[1].Column)); // the record continues on line 4
        Assert.Equal(5, t.Records[3].Line);
        Assert.Equal(1, t.Records[0].Fields[0].Column); // the BOM is not a character of the file's text
    }

    [Fact]
    public void Empty_fields_trailing_commas_and_final_newlines()
    {
        var t = CsvTable.Parse("a,b,c\n1,,\n\n\n");
        Assert.Equal(2, t.Records.Count);
        Assert.Equal(new[] { "1", "", "" }, t.Records[1].Fields.Select(f => f.Value));
        Assert.Empty(t.BlankLines); // trailing empty lines are not listed
    }

    [Fact]
    public void Blank_lines_between_records_are_listed()
    {
        var t = CsvTable.Parse("a\n1\n\r\n2\n");
        Assert.Equal(3, t.Records.Count);
        Assert.Equal(new[] { 3 }, t.BlankLines);
        Assert.Equal(4, t.Records[2].Line);
    }

    [Fact]
    public void Unterminated_quote_is_reported_where_it_opens()
    {
        var t = CsvTable.Parse("a,b\n1,\"open\n2,3\n");
        var e = Assert.Single(t.Errors);
        Assert.Equal((2, 3), (e.Line, e.Column));
        Assert.Contains("no closing quote", e.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_reported_at_that_character()
    {
        var t = CsvTable.Parse("a,b\n\"x\"y,2\n");
        var e = Assert.Single(t.Errors);
        Assert.Equal((2, 4), (e.Line, e.Column));
        Assert.Equal("xy", t.Records[1].Fields[0].Value);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData("", "")]
    public void Escape_quotes_only_when_needed_and_round_trips(string value, string expected)
    {
        Assert.Equal(expected, CsvTable.Escape(value));
        var back = CsvTable.Parse("h\n" + CsvTable.Escape(value) + "\n");
        Assert.Equal(value, back.Records.Count > 1 ? back.Records[1].Fields[0].Value : "");
    }
}

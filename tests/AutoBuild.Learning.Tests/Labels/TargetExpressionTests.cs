using AutoBuild.Learning.Labels;

namespace AutoBuild.Learning.Tests.Labels;

public class TargetExpressionTests
{
    private static double Eval(string text, params (string Name, double Value)[] columns)
    {
        var map = columns.ToDictionary(c => c.Name, c => c.Value);
        return TargetExpression.Parse(text).Evaluate(n => map[n]);
    }

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("2 ^ 3 ^ 2", 512)]
    [InlineData("-2 ^ 2", -4)]
    [InlineData("2 ^ -1", 0.5)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("8 / 4 / 2", 1)]
    [InlineData("--3", 3)]
    [InlineData("+3", 3)]
    [InlineData("1.5e2 + .5", 150.5)]
    [InlineData("log10(1000)", 3)]
    [InlineData("log(exp(2))", 2)]
    [InlineData("sqrt(16) + abs(-1)", 5)]
    [InlineData("pow(2, 10)", 1024)]
    [InlineData("min(3, 1, 2) + max(3, 7, 5)", 8)]
    public void Arithmetic_follows_the_usual_precedence(string text, double expected) =>
        Assert.Equal(expected, Eval(text), 9);

    [Fact]
    public void Columns_may_have_dots_underscores_digits_and_backticks()
    {
        var e = TargetExpression.Parse("acc*100/latency_gpu + s1.depth - `fgsm@Linf_eps-1` + log10(x2+1)");
        Assert.Equal(new[] { "acc", "latency_gpu", "s1.depth", "fgsm@Linf_eps-1", "x2" }, e.Columns);
        Assert.False(e.IsColumn);
        Assert.Equal(new[] { 0, 8, 22, 33, 59 }, e.References.Select(r => r.Offset));
        var v = e.Evaluate(n => n switch { "acc" => 0.9, "latency_gpu" => 3, "s1.depth" => 2, "fgsm@Linf_eps-1" => 1, _ => 9 });
        Assert.Equal(0.9 * 100 / 3 + 2 - 1 + 1, v, 9);
        Assert.True(TargetExpression.Parse("c10v_valid_acc_200ep").IsColumn);
        Assert.Equal(-2.5, Eval("-loss", ("loss", 2.5)));
    }

    [Fact]
    public void A_column_named_like_a_function_is_a_column_unless_called()
    {
        Assert.Equal(7, Eval("log + 1", ("log", 6)));
    }

    [Theory]
    [InlineData("", 0, "the target is empty")]
    [InlineData("acc *", 5, "the expression ends where a number, column or '(' was expected")]
    [InlineData("(acc + 1", 0, "'(' is never closed")]
    [InlineData("acc + 1)", 7, "unmatched ')'")]
    [InlineData("acc $ 2", 4, "unexpected '$'; expected an operator")]
    [InlineData("logg(acc)", 0, "unknown function 'logg'")]
    [InlineData("pow(acc)", 0, "pow takes 2 arguments, not 1")]
    [InlineData("min(acc)", 0, "min takes at least 2 arguments, not 1")]
    [InlineData("acc * `lat", 6, "no closing backtick")]
    [InlineData("2acc", 0, "a name cannot start with a digit; write `2acc` in backticks")]
    [InlineData("acc + #", 6, "unexpected '#'; expected a number, column or '('")]
    [InlineData("max(a; b)", 5, "unexpected ';' in the arguments of max")]
    public void Errors_point_at_the_character(string text, int offset, string message)
    {
        Assert.False(TargetExpression.TryParse(text, out var e, out var error, out var at));
        Assert.Null(e);
        Assert.Equal(offset, at);
        Assert.Contains(message, error);
        Assert.Throws<FormatException>(() => TargetExpression.Parse(text));
    }

    [Fact]
    public void Syntax_errors_become_AB2016_at_the_character()
    {
        var diagnostics = new List<AutoBuild.Spec.Diagnostics.Diagnostic>();
        Assert.Null(TargetExpression.Parse("acc * (lat", "--target", diagnostics));
        Assert.Equal("--target(1,7): error AB2016: bad target 'acc * (lat': '(' is never closed (at character 7)", Assert.Single(diagnostics).ToString());
        Assert.NotNull(TargetExpression.Parse("acc", "--target", diagnostics));
        Assert.Single(diagnostics);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        // The fuzzing pass's stack overflows (exit 134): each is now a located syntax error.
        { new string('(', 10_000) + "a" + new string(')', 10_000), "longer than 4096 characters" },
        { string.Concat(Enumerable.Repeat("log(", 500)) + "a" + new string(')', 500), "nests deeper than 64 levels" },
        { string.Concat(Enumerable.Repeat("2^", 1_000)) + "2", "nests deeper than 64 levels" },
        { new string('-', 1_000) + "a", "nests deeper than 64 levels" },
        { string.Concat(Enumerable.Repeat("2^", 100_000)) + "2", "longer than 4096 characters" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Deep_or_huge_expressions_are_errors_not_stack_overflows(string text, string message)
    {
        Assert.False(TargetExpression.TryParse(text, out _, out var error, out _));
        Assert.Contains(message, error);
    }

    [Fact]
    public void Nesting_up_to_the_limit_still_parses_and_evaluates()
    {
        var text = new string('(', 60) + "a" + new string(')', 60) + string.Concat(Enumerable.Repeat("+a", 1_000));
        Assert.True(TargetExpression.TryParse(text, out var e, out var error, out _), error);
        Assert.Equal(1_001, e!.Evaluate(_ => 1));
    }
}

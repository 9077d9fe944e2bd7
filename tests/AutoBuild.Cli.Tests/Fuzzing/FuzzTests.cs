using System.Globalization;
using Xunit.Abstractions;

namespace AutoBuild.Cli.Tests.Fuzzing;

/// <summary>The fuzz test (docs/robustness.md). In CI a fixed seed and a small budget; for a longer local run set
/// AUTOBUILD_FUZZ=long (about 60x the cases), AUTOBUILD_FUZZ_SEED=&lt;n&gt; for another seed (each seed gives other
/// inputs) and optionally AUTOBUILD_FUZZ_SCALE=&lt;factor&gt;, then
/// <c>dotnet test tests/AutoBuild.Cli.Tests -c Release --filter FullyQualifiedName~Fuzzing</c>.</summary>
public sealed class FuzzTests
{
    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void No_input_crashes_hangs_or_breaks_the_diagnostic_contract()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("AUTOBUILD_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 1;
        var budget = Environment.GetEnvironmentVariable("AUTOBUILD_FUZZ") == "long" ? FuzzBudget.Long : FuzzBudget.Ci;
        if (double.TryParse(Environment.GetEnvironmentVariable("AUTOBUILD_FUZZ_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0)
            budget = budget.Scaled(scale);
        var fuzzer = new Fuzzer(seed);
        fuzzer.Run(budget);
        _output.WriteLine($"seed {seed}: " + string.Join(", ", fuzzer.Counts.Select(c => $"{c.Value} {c.Key} cases")));
        foreach (var f in fuzzer.Failures) _output.WriteLine(f);
        Assert.True(fuzzer.Failures.Count == 0, $"{fuzzer.Failures.Count} failing case(s):\n" + string.Join("\n", fuzzer.Failures.Take(20)));
    }
}

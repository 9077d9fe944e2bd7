using System.Collections.Immutable;
using AutoBuild.Generators.Emit;
using AutoBuild.Generators.Tests.Infrastructure;
using AutoBuild.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoBuild.Generators.Tests;

/// <summary>No spec can change what the generated code means. Two independent layers: the front end rejects unsafe
/// identifiers (AB1010) so nothing is generated, and the emitter escapes every string and reduces every identifier
/// to ASCII letters, digits and '_' even for an IR built by hand.</summary>
public class HostileSpecTests
{
    public static TheoryData<string> HostileSpecs => new()
    {
        "space: \"Evil\\\"; } class Pwned { //\"\nnetwork: [bn]\n",
        "space: T\nnamespace: \"System; class Pwned {}\"\nnetwork: [bn]\n",
        "space: class\nnetwork: [bn]\n",
        "space: T\ninput: { size: { choose: [32], name: \"res\\u202Eolution\" } }\nnetwork: [bn]\n",
        "space: T\nnetwork:\n  - stage: { name: \"s\\u0000\", block: bn }\n",
        "space: \"T\\u2028x\"\nnetwork: [bn]\n",
    };

    [Theory]
    [MemberData(nameof(HostileSpecs))]
    public async Task The_front_end_rejects_unsafe_names_so_nothing_is_generated(string spec)
    {
        var file = new MemoryAdditionalText("/p/hostile.space.yaml", spec);
        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Consumer(), new[] { file });
        Assert.Empty(result.GeneratedTrees);
        Assert.Empty(result.Diagnostics);
        var diagnostics = await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SpecAnalyzer()),
            new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(file), GeneratorHarness.Options())).GetAnalyzerDiagnosticsAsync();
        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("AB1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_emitter_escapes_a_hostile_ir_built_by_hand()
    {
        string[] hostile =
        {
            "a\"; System.Environment.Exit(1); //",
            "*/ #error boom",
            "x\u202Ey\u2028z\r\n#define EVIL",
            "class",
            "日本語",
            "\\u0022",
        };
        var decisions = hostile.Select((name, i) => new Decision(name, i % 2 == 0 ? DecisionKind.Categorical : DecisionKind.Integer,
            i % 2 == 0 ? new[] { "</summary> <b>", "none", name } : new[] { "1", "2" })).ToList();
        var space = new SearchSpace("Evil\"Space</summary>", "Ns; class Pwned { } namespace X", SpaceKind.Macro, decisions);
        var source = SpaceEmitter.Emit(space, new SpaceEmitOptions { SourceName = "evil\n#error x.space.yaml" });
        var compilation = TestCompiler.Create(new[] { source });
        TestCompiler.AssertClean(compilation);
        // Exactly the types the emitter means to declare, in the sanitised namespace.
        var declared = compilation.Assembly.TypeNames.OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.DoesNotContain("Pwned", declared);
        Assert.NotNull(compilation.GetTypeByMetadataName("Ns__class_Pwned_____namespace_X.EvilSpaceSummary"));
        TestCompiler.Run(compilation, assembly =>
        {
            var rebuilt = (SearchSpace)TestCompiler.Get(assembly, "Ns__class_Pwned_____namespace_X.EvilSpaceSummary", "Space")!;
            Assert.Equal(space.Name, rebuilt.Name);
            Assert.Equal(space.Namespace, rebuilt.Namespace);
            Assert.Equal(hostile, rebuilt.Decisions.Select(d => d.Name));
            Assert.Equal(decisions.Select(d => string.Join("|", d.Values)), rebuilt.Decisions.Select(d => string.Join("|", d.Values)));
            return 0;
        });
        // No raw control or non-ASCII characters reach the file at all.
        Assert.DoesNotContain(source, c => c != '\n' && (c < 0x20 || c > 0x7E));
    }

    [Theory]
    [InlineData("a.b.c", "ABC")]
    [InlineData("edge_01", "Edge01")]
    [InlineData("3x3", "_3x3")]
    [InlineData("class", "Class")]
    [InlineData("\u0430dmin", "Dmin")]
    [InlineData("", "Unnamed")]
    public void Identifiers_are_ascii_pascal_case(string name, string expected) => Assert.Equal(expected, CSharpSyntax.PascalCase(name));

    [Theory]
    [InlineData("class", "@class")]
    [InlineData("a-b", "a_b")]
    [InlineData("1st", "_1st")]
    [InlineData("ok_name", "ok_name")]
    public void Identifiers_are_escaped_or_sanitised(string name, string expected) => Assert.Equal(expected, CSharpSyntax.Identifier(name));

    [Fact]
    public void String_literals_and_doc_text_cannot_break_out()
    {
        Assert.Equal("\"a\\\"b\\\\c\\u000A\\u202E\"", CSharpSyntax.StringLiteral("a\"b\\c\n\u202E"));
        Assert.Equal("&lt;/summary&gt; &amp; x &#x1F600; y", CSharpSyntax.XmlDocText("</summary> & x\n\U0001F600\u2028y"));
    }
}

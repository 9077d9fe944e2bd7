using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoBuild.Generators.Tests.Infrastructure;

/// <summary>The TorchSharp reference surface (TorchSharpSurface/TorchSharp.surface.cs.txt) compiled as an assembly
/// named TorchSharp, once with the 0.99 argument names and once with the 0.106 ones.</summary>
internal static class TorchSharpSurface
{
    private static readonly Lazy<MetadataReference> V099 = new(() => Build("V099"));
    private static readonly Lazy<MetadataReference> V0106 = new(() => Build(null));

    public static MetadataReference Version(string version) => version switch
    {
        "0.99" => V099.Value,
        "0.106" => V0106.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    public static readonly string[] Versions = { "0.99", "0.106" };

    private static MetadataReference Build(string? define)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.TestProject, "TorchSharpSurface", "TorchSharp.surface.cs.txt"));
        var options = new CSharpParseOptions(LanguageVersion.CSharp12, preprocessorSymbols: define is null ? null : new[] { define });
        var compilation = CSharpCompilation.Create("TorchSharp", new[] { CSharpSyntaxTree.ParseText(text, options) },
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using AutoBuild.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoBuild.Generators.Tests.Infrastructure;

/// <summary>Compiles generated code the way a consumer project would (net8.0 reference assemblies, nullable on,
/// warning level 9999, warnings reported), and runs it in a collectible load context.</summary>
internal static class TestCompiler
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    public static readonly MetadataReference RuntimeReference = MetadataReference.CreateFromFile(typeof(SearchSpace).Assembly.Location);

    public static IEnumerable<MetadataReference> References(MetadataReference? torchSharp = null)
    {
        foreach (var r in Basic.Reference.Assemblies.Net80.References.All) yield return r;
        yield return RuntimeReference;
        if (torchSharp is not null) yield return torchSharp;
    }

    public static CSharpCompilation Create(IEnumerable<string> sources, MetadataReference? torchSharp = null, string assemblyName = "Consumer") =>
        CSharpCompilation.Create(assemblyName,
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            References(torchSharp),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999, generalDiagnosticOption: ReportDiagnostic.Default));

    /// <summary>Every warning and error, formatted, for assertion messages.</summary>
    public static IReadOnlyList<string> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();

    public static void AssertClean(Compilation compilation)
    {
        var problems = Problems(compilation);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Take(20)));
    }

    /// <summary>Emits the compilation and runs <paramref name="use"/> on the loaded assembly; the context is unloaded after.</summary>
    public static T Run<T>(Compilation compilation, Func<Assembly, T> use)
    {
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics.Take(20)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        try
        {
            return use(context.LoadFromStream(stream));
        }
        finally
        {
            context.Unload();
        }
    }

    public static object? Invoke(Assembly assembly, string type, string method, params object?[] args)
    {
        var t = assembly.GetType(type, throwOnError: true)!;
        var candidates = t.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == method && m.GetParameters().Length == args.Length).ToList();
        Assert.True(candidates.Count == 1, $"{type}.{method}/{args.Length}: {candidates.Count} candidates");
        try
        {
            return candidates[0].Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    public static object? Get(Assembly assembly, string type, string property) =>
        assembly.GetType(type, throwOnError: true)!.GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetValue(null);

    public static object? Get(object instance, string property) => instance.GetType().GetProperty(property)!.GetValue(instance);
}

using System.Collections;
using System.Reflection;
using AutoBuild.Generators.Tests.Infrastructure;
using AutoBuild.Generators.Model;
using Microsoft.CodeAnalysis;

namespace AutoBuild.Generators.Tests;

/// <summary>Pipeline models must not hold anything that roots a compilation or defeats value caching
/// (the System.Text.Json generator's SourceGenModelDoesNotEncapsulateSymbolsOrCompilationData).</summary>
public class ModelPurityTests
{
    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(SemanticModel),
        typeof(AdditionalText), typeof(AutoBuild.Runtime.SearchSpace),
    };

    [Fact]
    public void Model_types_reach_no_symbols_syntax_locations_or_IR_objects()
    {
        var models = typeof(AutoBuildGenerator).Assembly.GetTypes().Where(t => t.Namespace == "AutoBuild.Generators.Model" && !t.IsAbstract).ToList();
        Assert.Contains(models, t => t.Name == "SpecFile");
        var seen = new HashSet<Type>();
        foreach (var t in models) Walk(t, seen);
        foreach (var t in seen) Assert.DoesNotContain(Forbidden, f => f.IsAssignableFrom(t));
        foreach (var t in models.Where(t => t.IsClass && t.Name != "IsExternalInit"))
            Assert.True(typeof(IEquatable<>).MakeGenericType(t).IsAssignableFrom(t), t.Name + " must be equatable");
    }

    [Fact]
    public void Step_outputs_of_a_real_run_hold_only_pure_values()
    {
        var files = new[] { GeneratorHarness.SpecFile(TestPaths.Spec("tiny-cell.space.yaml")), GeneratorHarness.SpecFile(TestPaths.Spec("TinyCell.autobuild.json")) };
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(GeneratorHarness.Consumer(TorchSharpSurface.Version("0.106")));
        var steps = driver.GetRunResult().Results[0].TrackedSteps;
        Assert.NotEmpty(steps);
        Assert.Contains(AutoBuildStepNames.Spaces, steps.Keys);
        foreach (var (name, runs) in steps.Where(s => s.Key.StartsWith("AutoBuild.", StringComparison.Ordinal)))
            foreach (var output in runs.SelectMany(r => r.Outputs))
                AssertPure(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void A_compiled_spec_is_equal_by_its_source_alone()
    {
        // CompiledSpec is the one model that holds IR (so results rewrites do not compile the spec again); it must
        // still cache by value: two compiles of one text are equal, any change of the text is not.
        var text = File.ReadAllText(TestPaths.Spec("tiny-cell.space.yaml"));
        var a = SpaceGeneration.Compile(new SpecFile("/p/tiny-cell.space.yaml", text, "Root"));
        var b = SpaceGeneration.Compile(new SpecFile("/p/tiny-cell.space.yaml", text, "Root"));
        Assert.NotNull(a.Space);
        Assert.NotSame(a.Space, b.Space);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, SpaceGeneration.Compile(new SpecFile("/p/tiny-cell.space.yaml", text + "\n# edited\n", "Root")));
        Assert.NotEqual(a, SpaceGeneration.Compile(new SpecFile("/p/tiny-cell.space.yaml", text, "Other")));
    }

    private static void Walk(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type.IsPrimitive || type == typeof(string)) return;
        if (type == typeof(CompiledSpec))
        {
            // The documented exception: its IR is not part of its equality (tested above); its source is walked.
            Walk(typeof(SpecFile), seen);
            return;
        }
        if (type.IsArray) Walk(type.GetElementType()!, seen);
        foreach (var arg in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes) Walk(arg, seen);
        foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)) Walk(f.FieldType, seen);
    }

    private static void AssertPure(object? value, string step, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || !visited.Add(value)) return;
        if (value is CompiledSpec compiled)
        {
            AssertPure(compiled.Source, step, visited);
            return;
        }
        Assert.False(Forbidden.Any(f => f.IsInstanceOfType(value)), $"step {step} outputs a {value.GetType().Name}");
        if (value is IEnumerable items)
            foreach (var item in items) AssertPure(item, step, visited);
        foreach (var f in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertPure(f.GetValue(value), step, visited);
    }
}

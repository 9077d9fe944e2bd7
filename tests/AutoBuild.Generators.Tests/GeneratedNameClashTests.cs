using AutoBuild.Generators.Tests.Infrastructure;
using AutoBuild.Spec;

namespace AutoBuild.Generators.Tests;

/// <summary>Issue 13, class 11: 15 of 93 names that passed validation broke the generated C# (space names equal to a
/// generated member after PascalCase, decisions `choices`/`choice_of`, space `plan` with TorchSharp). Every name
/// below, as a space name and as a decision name, is either refused by the front end (AB1010) or generates code
/// that compiles without a diagnostic, TorchSharp models included.</summary>
public class GeneratedNameClashTests
{
    private static readonly string[] Names =
    {
        "to_plan", "size", "space", "decisions", "sample", "mutate", "enumerate", "flops", "params", "architecture", "best",
        "ranked", "candidates", "build_space", "plan", "Plan", "model", "choices", "Choices", "choice_of", "ChoiceOf", "untyped",
        "id", "canonical", "parse", "try_parse", "from", "create", "equals", "get_hash_code", "to_string", "get_type",
        "memberwise_clone", "finalize", "reference_equals", "value__", "s_ranked", "build_ranked", "edge_op", "node_op", "op",
        "activation_choice", "forward", "register_module", "register_components", "dispose", "module", "torch", "system",
        "global", "random", "architecture_model", "best_model", "layers", "_layers", "root", "children", "sequence", "input",
        "resolution", "x", "i", "d", "value", "other", "obj", "left", "right", "text", "untyped_choices", "tensor", "state_dict",
    };

    [Fact]
    public void Every_name_is_refused_or_generates_code_that_compiles()
    {
        var files = new List<MemoryAdditionalText>();
        var accepted = 0;
        for (var i = 0; i < Names.Length; i++)
        {
            var name = Names[i];
            var asSpace = $"space: {name}\nnamespace: Clash.S{i}\ninput: {{ size: {{ choose: [32, 64] }} }}\nclasses: 10\nnetwork: [{{ conv_bn: {{ out: 8, kernel: 3 }} }}, global_pool, classifier]\n";
            var asDecision = $"space: D{i}\nnamespace: Clash.D{i}\ninput: {{ size: {{ choose: [32, 64], name: {name} }} }}\nclasses: 10\nnetwork: [{{ conv_bn: {{ out: 8, kernel: {{ choose: [1, 3], name: kern }} }} }}, global_pool, classifier]\n";
            foreach (var (text, kind) in new[] { (asSpace, "s"), (asDecision, "d") })
            {
                var compiled = SpecCompiler.Compile("x.space.yaml", text);
                if (compiled.HasErrors)
                {
                    Assert.All(compiled.Diagnostics, d => Assert.Equal("AB1010", d.Code));
                    continue;
                }
                accepted++;
                files.Add(new MemoryAdditionalText($"/p/{kind}{i}.space.yaml", text));
            }
        }
        Assert.True(accepted > Names.Length, $"only {accepted} of {2 * Names.Length} specs were accepted");
        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Consumer(TorchSharpSurface.Version("0.106")), files);
        Assert.Equal(accepted + 1, result.Results[0].GeneratedSources.Length); // + the shared TorchSharp layers file
        TestCompiler.AssertClean(output);
    }
}

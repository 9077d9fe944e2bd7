using System.Text;
using AutoBuild.Generators.Emit;
using AutoBuild.Generators.Tests.Infrastructure;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Ir;
using AutoBuild.Spec;

namespace AutoBuild.Generators.Tests;

/// <summary>Issue 13, class 6: a chain of 6,000 user ops brought csc down (the generator overflowed its stack). The
/// front end now stops at <see cref="SpecLimits.MaxLayerNesting"/>; a spec at that limit generates code csc compiles,
/// and an IR deeper than any spec can produce makes the emitter throw, which the generator reports (AB9002).</summary>
public class DeepSpecGenerationTests
{
    [Fact]
    public void A_spec_nested_to_the_limit_generates_code_that_compiles()
    {
        var text = new StringBuilder("space: DeepChain\nnamespace: Deep\ninput: { size: { choose: [16, 32] } }\nclasses: 10\nops:\n  op0: [{ conv: { out: 8, kernel: 3 } }]\n");
        // Each op of the chain is a list holding the previous one: two levels of nesting per op.
        var ops = SpecLimits.MaxLayerNesting / 2 - 1;
        for (var i = 1; i < ops; i++) text.Append("  op").Append(i).Append(": [op").Append(i - 1).Append("]\n");
        text.Append($"network:\n  - op{ops - 1}\n  - global_pool\n  - classifier\n");
        var compiled = SpecCompiler.Compile("deep.space.yaml", text.ToString());
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        // One more op crosses the limit.
        var over = text.ToString().Replace($"  - op{ops - 1}\n", $"  - [[op{ops - 1}]]\n");
        Assert.Contains(SpecCompiler.Compile("deep.space.yaml", over).Diagnostics, d => d.Code == "AB1011");
        var (_, output, result) = GeneratorHarness.Run(GeneratorHarness.Consumer(), new[] { new MemoryAdditionalText("/p/deep.space.yaml", text.ToString()) });
        Assert.Single(result.Results[0].GeneratedSources);
        TestCompiler.AssertClean(output);
    }

    [Fact]
    public void An_IR_too_deep_to_write_is_an_exception_the_generator_can_report_not_a_stack_overflow()
    {
        Layer body = new BatchNormLayer();
        for (var i = 0; i < 200_000; i++) body = new SequenceLayer(new[] { body });
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                ObjectLiteralEmitter.WriteFactoryBody(new CodeWriter(), body, typeof(Layer));
            }
            catch (Exception e)
            {
                thrown = e;
            }
        }, 1 << 20);
        thread.Start();
        thread.Join();
        Assert.IsType<InsufficientExecutionStackException>(thrown);
    }
}

using System.CommandLine;
using System.IO;
using AutoBuild.Compiler.Spec;

namespace AutoBuild.Cli.Commands;

/// <summary>`autobuild inspect &lt;spec&gt;`: decisions with domains and conditions, the exact space size, the cost range
/// and the skeleton with output shapes.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The search-space spec (.space.yaml)." };
        var command = new Command("inspect", "Show a space: its decisions (domains, roles, activity conditions), exact size, params/FLOPs range, " +
                                             "and the layer skeleton with output shapes of its largest architecture.")
        {
            spec,
        };
        command.SetAction(pr => Run(pr.GetValue(spec)!, pr.InvocationConfiguration.Output, pr.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string specPath, TextWriter output, TextWriter error)
    {
        var result = SpecCompiler.CompileFile(specPath);
        foreach (var d in result.Diagnostics) error.WriteLine(d.ToString());
        if (result.HasErrors) return ExitCodes.BadInput;
        SpaceDescription.Write(result.Space!, output);
        return ExitCodes.Success;
    }
}

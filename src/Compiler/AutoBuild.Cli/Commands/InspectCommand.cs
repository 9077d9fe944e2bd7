using System.CommandLine;
using System.IO;

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
        var space = CsvOutput.LoadSpace(specPath, error);
        if (space is null) return ExitCodes.BadInput;
        SpaceDescription.Write(space, output);
        return ExitCodes.Success;
    }
}

using System.CommandLine;

namespace AutoBuild.Cli.Commands;

// SCAFFOLD: replaced by the owner of `autobuild inspect` during the first session.
internal static class InspectCommand
{
    public static Command Create()
    {
        var command = new Command("inspect", "(not built yet)");
        command.SetAction(_ =>
        {
            System.Console.Error.WriteLine("autobuild: error AB9002: 'inspect' is not available in this build.");
            return ExitCodes.InternalFailure;
        });
        return command;
    }
}

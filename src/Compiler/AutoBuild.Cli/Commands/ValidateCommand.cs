using System.CommandLine;

namespace AutoBuild.Cli.Commands;

// SCAFFOLD: replaced by the owner of `autobuild validate` during the first session.
internal static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate", "(not built yet)");
        command.SetAction(_ =>
        {
            System.Console.Error.WriteLine("autobuild: error AB9002: 'validate' is not available in this build.");
            return ExitCodes.InternalFailure;
        });
        return command;
    }
}

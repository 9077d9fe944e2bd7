using System.CommandLine;

namespace AutoBuild.Cli.Commands;

// SCAFFOLD: replaced by the owner of `autobuild sample` during the first session.
internal static class SampleCommand
{
    public static Command Create()
    {
        var command = new Command("sample", "(not built yet)");
        command.SetAction(_ =>
        {
            System.Console.Error.WriteLine("autobuild: error AB9002: 'sample' is not available in this build.");
            return ExitCodes.InternalFailure;
        });
        return command;
    }
}

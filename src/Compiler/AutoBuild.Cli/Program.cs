using System;
using System.CommandLine;
using AutoBuild.Cli.Commands;

namespace AutoBuild.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("autobuild: an architecture compiler. Learns from a few evaluated architectures which modules of a " +
                                   "search space drive a metric, and builds the best architecture from them.");
        root.Add(ValidateCommand.Create());
        root.Add(InspectCommand.Create());
        root.Add(CostCommand.Create());
        root.Add(SampleCommand.Create());
        root.Add(BuildCommand.Create());
        root.Add(ReportCommand.Create());
        try
        {
            return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = ResponseFiles.TryExpand }).Invoke();
        }
        catch (Exception e)
        {
            // Last resort: never a stack trace for the user (exit 2 = internal failure).
            Console.Error.WriteLine($"autobuild: error AB9001: internal failure: {e.GetType().Name}: {e.Message}");
            return ExitCodes.InternalFailure;
        }
    }
}

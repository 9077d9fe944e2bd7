using System;
using System.Linq;
using System.CommandLine;
using AutoBuild.Cli.Commands;
using AutoBuild.Spec.Diagnostics;

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
        root.Add(ExportCommand.Create());
        root.Add(EvaluateCommand.Create());
        try
        {
            // `evaluate` belongs to a separate program (it loads libtorch): its arguments go there unparsed.
            if (args.Length > 0 && args[0] == EvaluateCommand.Name) return EvaluateCommand.Run(args[1..], Console.Error);
            // The default handler would print "Unhandled exception" with a stack trace and exit 1; exceptions must
            // reach CrashReport instead (exit 2, one line, the trace in a log file).
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = ResponseFiles.ForOneCommandLine() });
            if (parse.Errors.Count > 0) return UsageErrors(parse, Console.Error);
            // `evaluate` reached through a response file (`autobuild @args.rsp`): forward what follows it, as above.
            if (parse.CommandResult.Command.Name == EvaluateCommand.Name) return EvaluateCommand.Run(ArgumentsAfterCommand(parse), Console.Error);
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CrashReport.Handle(e, args, Console.Error);
        }
    }

    /// <summary>The expanded command line after the (sub)command's own token, verbatim.</summary>
    private static string[] ArgumentsAfterCommand(ParseResult parse)
    {
        var tokens = parse.Tokens;
        var command = -1;
        for (var i = 0; i < tokens.Count && command < 0; i++)
            if (tokens[i].Type == System.CommandLine.Parsing.TokenType.Command && tokens[i].Value == parse.CommandResult.Command.Name) command = i;
        var rest = new string[tokens.Count - command - 1];
        for (var i = 0; i < rest.Length; i++) rest[i] = tokens[command + 1 + i].Value;
        return rest;
    }

    /// <summary>Command-line errors (an unknown option, a value that is not a number) as one AB5021 line each, exit 1,
    /// like every other bad input; System.CommandLine's own output (free text and the whole help) is not used.</summary>
    private static int UsageErrors(ParseResult parse, System.IO.TextWriter error)
    {
        // Response-file errors (AB5020) are already diagnostics; when there is one, the parser's other complaints
        // ("Required command was not provided") only follow from the arguments it could not read, so they are left out.
        var responseFileErrors = parse.Errors.Where(e => e.Message.Contains(": error AB", StringComparison.Ordinal)).ToList();
        foreach (var e in responseFileErrors) error.WriteLine(Diagnostic.OneLine(e.Message));
        if (responseFileErrors.Count > 0) return ExitCodes.BadInput;
        foreach (var e in parse.Errors)
            error.WriteLine(Diagnostic.Error("AB5021", Plain(e.Message).TrimEnd('.') + "; see 'autobuild --help'", SourceLocation.File("autobuild")));
        return ExitCodes.BadInput;
    }

    /// <summary>The parser names the type it wanted as .NET spells it ("as expected type
    /// 'System.Nullable`1[System.Double]'" for <c>--max-flops abc</c>, audit18); a user is told what to write instead.</summary>
    internal static string Plain(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"as expected type '([^']*)'", m =>
            m.Groups[1].Value switch
            {
                var t when t.Contains("Double", StringComparison.Ordinal) || t.Contains("Single", StringComparison.Ordinal) => "as a number (e.g. 2.5e6)",
                var t when t.Contains("Int32", StringComparison.Ordinal) || t.Contains("Int64", StringComparison.Ordinal) => "as a whole number",
                var t when t.Contains("Boolean", StringComparison.Ordinal) => "as true or false",
                _ => m.Value,
            });
}

using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using AutoBuild.Generators.Emit;
using AutoBuild.Runtime;
using AutoBuild.Runtime.Plans;
using AutoBuild.Spec.Diagnostics;

namespace AutoBuild.Cli.Commands;

/// <summary><c>autobuild export &lt;json&gt; --spec &lt;spec&gt; --format torchsharp|pytorch [--out FILE] [--class NAME]
/// [--namespace NS] [--torchvision-names]</c>: the best architecture of a build result as a standalone source file, the
/// same explicit code as the generated <c>&lt;Space&gt;BestModel</c> (docs/cli.md, "export").</summary>
internal static class ExportCommand
{
    private const string CannotExport = "AB5904";

    public static Command Create()
    {
        var json = new Argument<string>("json") { Description = "A <Space>.autobuild.json written by `autobuild build`." };
        var spec = new Option<string>("--spec") { Description = "The search-space spec the result was built from.", Required = true };
        var format = new Option<string>("--format") { Description = "torchsharp (a C# class) or pytorch (a Python module).", Required = true };
        format.AcceptOnlyFromAmong("torchsharp", "pytorch");
        var output = new Option<string?>("--out") { Description = "Write the file here (atomically) instead of to standard output." };
        var className = new Option<string?>("--class") { Description = "The class name (default: <Space>BestModel)." };
        var ns = new Option<string?>("--namespace") { Description = "torchsharp: the namespace (default: the spec's namespace)." };
        var torchvision = new Option<bool>("--torchvision-names") { Description = "Register layers under torchvision's state-dict names (the ResNet18 and MobileNetV3Large example specs), so that its pretrained weights load by name." };
        var command = new Command("export", "Write the best architecture of a build result as a standalone TorchSharp (C#) or PyTorch (Python) model file.")
        {
            json, spec, format, output, className, ns, torchvision,
        };
        command.SetAction(pr => Run(pr.GetValue(json)!, pr.GetValue(spec)!, pr.GetValue(format)!, pr.GetValue(output), pr.GetValue(className),
            pr.GetValue(ns), pr.GetValue(torchvision), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string jsonPath, string specPath, string format, string? outPath, string? className, string? ns,
        bool torchvisionNames, TextWriter stdout, TextWriter stderr)
    {
        if (NameProblem(format, className, ns) is { } problem) return Fail(stderr, "autobuild", problem);
        var result = ReportCommand.Read(jsonPath, stderr);
        if (result is null) return ExitCodes.BadInput;
        var space = CsvOutput.LoadSpace(specPath, stderr);
        if (space is null) return ExitCodes.BadInput;
        if (result.Space != space.Name)
            return Fail(stderr, jsonPath, $"the result is for space '{result.Space}', the spec declares '{space.Name}'; pass the spec the result was built from");
        var best = result.Best.OrderBy(b => b.Rank).FirstOrDefault();
        Architecture? architecture = null;
        if (best is not null && !string.IsNullOrEmpty(best.Arch)) space.TryParse(best.Arch!, out architecture, out _);
        else if (best is not null && space.Decisions.Count == 0) architecture = space.Create(Array.Empty<int>()); // a fixed network
        if (best is null || architecture is null)
            return Fail(stderr, jsonPath, "the result has no best architecture of this spec (is it from an older version of the spec?)");
        Plan plan;
        try { plan = space.Instantiate(architecture); }
        catch (Exception e) when (e is InvalidArchitectureException or ShapeException)
        {
            return Fail(stderr, jsonPath, "the best architecture cannot be built: " + e.Message);
        }
        if (!ExplicitModelEmitter.CanWrite(plan))
            return Fail(stderr, jsonPath, "the best architecture uses a registered op that has no explicit form yet; use the generated <Space>Model instead");
        Func<string, string>? rename = null;
        if (torchvisionNames && (rename = Torchvision.TorchvisionNames.For(space.Name)) is null)
            return Fail(stderr, specPath, $"--torchvision-names knows the {string.Join(" and ", Torchvision.TorchvisionNames.Spaces)} example specs, not '{space.Name}'");
        var name = className ?? CSharpSyntax.PascalCase(space.Name, "S") + "BestModel";
        var summary = $"{space.Name} Best ({architecture}), {best.Params:N0} params, {best.Flops:N0} FLOPs";
        var text = format == "pytorch"
            ? ExplicitModelEmitter.WritePyTorchFile(plan, CSharpSyntax.Identifier(name), summary, rename)
            : ExplicitModelEmitter.WriteFile(plan, ns ?? space.Namespace, CSharpSyntax.Identifier(name), summary, rename);
        return CsvOutput.Write(text, outPath, new[] { jsonPath, specPath }, stdout, stderr);
    }

    /// <summary>Python's keywords, and the names the exported module imports (a class of that name would shadow them).</summary>
    private static readonly HashSet<string> PythonReserved = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield", "json", "torch", "nn",
    };

    /// <summary>Names the exported C# class declares inside itself (a member may not be named like its class).</summary>
    private static readonly HashSet<string> CSharpMembers = new(StringComparer.Ordinal) { "NameGroup", "Register", "Group", "forward" };

    /// <summary>Why <c>--class</c> or <c>--namespace</c> cannot be used as written, or null. The name is never changed
    /// silently: a name the file could not declare as given is refused (before, `--class lambda` wrote a Python file
    /// that does not parse, and `--class "1 bad"` a class named `_1_bad`).</summary>
    internal static string? NameProblem(string format, string? className, string? ns)
    {
        if (className is not null)
        {
            var identifier = className.Length > 0 && CSharpSyntax.Identifier(className) is var id && (id == className || id == "@" + className);
            if (format == "pytorch" && (!identifier || PythonReserved.Contains(className)))
                return $"--class '{className}' is not a Python class name the module can declare (ASCII letters, digits and '_', not first a digit, not a keyword, not json, torch or nn)";
            if (format != "pytorch" && (!identifier || CSharpMembers.Contains(className) || (className.Length > 1 && className[0] == '_' && char.IsDigit(className[1]))))
                return $"--class '{className}' is not a C# class name the file can declare (ASCII letters, digits and '_', not first a digit, not '_' and a digit, not {string.Join(", ", CSharpMembers)})";
        }
        if (ns is not null && format != "pytorch")
            foreach (var part in ns.Split('.'))
                if (part.Length == 0 || CSharpSyntax.Identifier(part) is var id && id != part && id != "@" + part)
                    return $"--namespace '{ns}' is not a C# namespace (dot-separated identifiers of ASCII letters, digits and '_')";
        return null;
    }

    private static int Fail(TextWriter stderr, string path, string message)
    {
        stderr.WriteLine(Diagnostic.Error(CannotExport, "cannot export: " + message, SourceLocation.File(path)));
        return ExitCodes.BadInput;
    }
}

using System.Diagnostics;
using System.Text.Json;
using AutoBuild.Cli.Commands;
using AutoBuild.Spec;

namespace AutoBuild.Cli.Tests;

/// <summary>`autobuild export`: the best architecture of a build result as a standalone TorchSharp or PyTorch file. The C#
/// is the generator's explicit model (compiled against TorchSharp in AutoBuild.Generators.Tests, run against the generic
/// model in AutoBuild.TorchSharp.Tests); the Python is run here with Debian's python3-torch.</summary>
public sealed class ExportCommandTests
{
    private static readonly string Root = CliRunner.RepoRoot;
    private static readonly string Nb201Json = Path.Combine(Root, "examples", "GeneratedSpace", "NasBench201.autobuild.json");
    private static readonly string Nb201Spec = CliRunner.Example("nas-bench-201.space.yaml");

    private static (int Exit, string Out, string Err) Export(string json, string spec, string format, bool torchvisionNames = false)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ExportCommand.Run(json, spec, format, null, null, null, torchvisionNames, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Torchsharp_export_is_the_explicit_class_with_the_generic_models_names()
    {
        var (exit, text, err) = Export(Nb201Json, Nb201Spec, "torchsharp");
        Assert.True(exit == 0, err);
        Assert.Contains("namespace AutoBuild.Examples", text);
        Assert.Contains("public sealed class NasBench201BestModel : global::TorchSharp.torch.nn.Module<", text);
        Assert.Contains("Register(\"1.0.edge_0_1.1\", _1_0_edge_0_1_1);", text);
        Assert.Contains("x = _0_0.forward(x);", text);
        Assert.DoesNotContain("AutoBuild.Generated", text); // standalone: no layer classes, no plan at run time
        Assert.DoesNotContain("AutoBuild.Runtime", text);
        Assert.Equal(text, Export(Nb201Json, Nb201Spec, "torchsharp").Out); // deterministic
    }

    [Fact]
    public void A_result_for_another_space_is_AB5904()
    {
        var (exit, _, err) = Export(Nb201Json, CliRunner.Example("nas-bench-macro.space.yaml"), "pytorch");
        Assert.Equal(1, exit);
        Assert.StartsWith($"{Nb201Json}: error AB5904: cannot export: the result is for space 'NasBench201', the spec declares 'NasBenchMacro'", err);
    }

    [Theory]
    // Session 16 audit: these were written with exit 0 as a Python file that does not parse (`class lambda(nn.Module):`,
    // `class @class(...)`), one that shadows its own import, or with the name silently changed (`_1_bad`, `a.Unnamed.b`).
    [InlineData("pytorch", "lambda", null)]
    [InlineData("pytorch", "class", null)]
    [InlineData("pytorch", "None", null)]
    [InlineData("pytorch", "nn", null)]
    [InlineData("pytorch", "1 bad", null)]
    [InlineData("torchsharp", "1 bad", null)]
    [InlineData("torchsharp", "", null)]
    [InlineData("torchsharp", "NameGroup", null)]
    [InlineData("torchsharp", null, "a..b")]
    [InlineData("torchsharp", null, "My-Models")]
    public void A_class_or_namespace_the_file_cannot_declare_as_given_is_AB5904_and_nothing_is_written(string format, string? className, string? ns)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(1, ExportCommand.Run(Nb201Json, Nb201Spec, format, null, className, ns, false, output, error));
        Assert.StartsWith($"autobuild: error AB5904: cannot export: --{(className is null ? "namespace" : "class")} '", error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Theory]
    [InlineData("pytorch", "My_Model2")]
    [InlineData("torchsharp", "class")]
    public void A_class_name_the_file_can_declare_is_used_as_given(string format, string className)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ExportCommand.Run(Nb201Json, Nb201Spec, format, null, className, format == "pytorch" ? null : "My.Models", false, output, error);
        Assert.True(exit == 0, error.ToString());
        Assert.Contains(format == "pytorch" ? $"class {className}(nn.Module):" : $"public sealed class @{className} :", output.ToString());
    }

    public static TheoryData<string, string> PyTorchCases => new()
    {
        { Nb201Json, Nb201Spec },
        { Path.Combine(Root, "tests", "AutoBuild.TorchSharp.Tests", "Fixtures", "BestResults", "NasBench101.autobuild.json"), CliRunner.Example("nas-bench-101.space.yaml") },
        { Path.Combine(Root, "tests", "AutoBuild.TorchSharp.Tests", "Fixtures", "BestResults", "OfaMobileNetV3.autobuild.json"), CliRunner.Example("ofa-mobilenetv3.space.yaml") },
        { Path.Combine(Root, "tests", "AutoBuild.TorchSharp.Tests", "Fixtures", "BestResults", "TransNasMicro.autobuild.json"), CliRunner.Example("transnas-micro.space.yaml") },
    };

    [PyTorchTheory]
    [MemberData(nameof(PyTorchCases))]
    public void Pytorch_export_runs_with_the_cost_models_parameter_count_and_output_shape(string json, string spec)
    {
        var (exit, text, err) = Export(json, spec, "pytorch");
        Assert.True(exit == 0, err);
        var file = Path.Combine(Path.GetTempPath(), "autobuild-export-" + Guid.NewGuid().ToString("N") + ".py");
        File.WriteAllText(file, text);
        try
        {
            var (code, stdout, stderr) = PyTorch.Run(file);
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var space = SpecCompiler.CompileFile(spec).Space!;
            Assert.True(AutoBuild.Spec.Results.ResultJson.TryRead(File.ReadAllText(json), out var result, out _));
            var best = space.Parse(result!.Best[0].Arch!);
            var plan = space.Instantiate(best);
            Assert.Equal(space.Params(best), doc.RootElement.GetProperty("params").GetInt64());
            Assert.Equal([2, plan.Root.Output.Channels], doc.RootElement.GetProperty("output").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            var keys = doc.RootElement.GetProperty("keys").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.Contains("0.0.weight", keys);
            Assert.Contains("0.1.running_var", keys);
        }
        finally { File.Delete(file); }
    }
}

public sealed class TorchvisionExportTests
{
    /// <summary>A build result naming the one architecture of a fixed spec (written here: `build` refuses a space with
    /// nothing to choose, AB4010).</summary>
    private static string FixedResult(string space, string folder)
    {
        var path = Path.Combine(folder, space + ".autobuild.json");
        File.WriteAllText(path, "{\"schemaVersion\": 1, \"space\": \"" + space + "\", \"kind\": \"macro\", \"target\": \"acc\", \"best\": [{\"rank\": 1, \"arch\": \"\", \"decisions\": {}}]}");
        return path;
    }

    [TorchvisionTheory]
    [InlineData("ResNet18", "resnet18.space.yaml", "resnet18")]
    [InlineData("MobileNetV3Large", "mobilenetv3-large.space.yaml", "mobilenet_v3_large")]
    public void With_torchvision_names_torchvisions_weights_load_strictly_and_give_torchvisions_outputs(string space, string spec, string model)
    {
        var folder = Directory.CreateTempSubdirectory("autobuild-tv-").FullName;
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.True(ExportCommand.Run(FixedResult(space, folder), CliRunner.Example(spec), "pytorch", Path.Combine(folder, "exported.py"), "Exported", null, true, output, error) == 0,
                error.ToString());
            // torchvision's network as it is: the MobileNetV3 spec carries torchvision's BatchNorm settings (bn: eps 0.001,
            // momentum 0.01), so nothing on the PyTorch side is adjusted.
            File.WriteAllText(Path.Combine(folder, "check.py"), string.Join("\n",
                "import torch, torchvision",
                "from exported import Exported",
                "torch.manual_seed(0)",
                $"theirs = torchvision.models.{model}().eval()",
                "ours = Exported().eval()",
                "ours.load_state_dict(theirs.state_dict(), strict=True)",
                "x = torch.randn(2, 3, 224, 224)",
                "with torch.no_grad(): d = (ours(x) - theirs(x)).abs().max().item()",
                "assert d < 1e-4, d",
                "print('ok', d)", ""));
            var (code, stdout, stderr) = PyTorch.Run(Path.Combine(folder, "check.py"));
            Assert.True(code == 0, stderr + stdout);
            Assert.StartsWith("ok", stdout);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}

/// <summary>Debian's python3-torch: <c>$AUTOBUILD_PYTHON</c>, else /usr/bin/python3, when it can import torch.</summary>
internal static class PyTorch
{
    public static readonly string? Python = Find();
    /// <summary>Whether that python3 can import torchvision too (Debian's python3-torchvision is a separate package).</summary>
    public static readonly bool HasTorchvision = Python is not null && Run(Python, "-c", "import torchvision").Exit == 0;

    private static string? Find()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("AUTOBUILD_PYTHON"), "/usr/bin/python3" })
        {
            if (string.IsNullOrEmpty(candidate) || !File.Exists(candidate)) continue;
            try
            {
                if (Run(candidate, "-c", "import torch").Exit == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }

    public static (int Exit, string Out, string Err) Run(string script) => Run(Python!, script);

    private static (int Exit, string Out, string Err) Run(string python, params string[] args)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}

/// <summary>A theory that is skipped, with the reason, where PyTorch is not installed.</summary>
public sealed class PyTorchTheoryAttribute : TheoryAttribute
{
    public PyTorchTheoryAttribute()
    {
        if (PyTorch.Python is null)
            Skip = "PyTorch is not installed: `apt-get install python3-torch` (Debian) or set AUTOBUILD_PYTHON to a python3 that can import torch";
    }
}

/// <summary>A theory that is skipped, with the reason, where torchvision is not installed beside PyTorch.</summary>
public sealed class TorchvisionTheoryAttribute : TheoryAttribute
{
    public TorchvisionTheoryAttribute()
    {
        if (!PyTorch.HasTorchvision)
            Skip = "torchvision is not installed beside PyTorch: `apt-get install python3-torch python3-torchvision` (Debian) or set AUTOBUILD_PYTHON to a python3 that can import both";
    }
}

using System.CommandLine;
using System.Text;

namespace AutoBuild.Cli.Tests;

/// <summary>`@file` arguments as the MSBuild task writes them: UTF-8, one argument per line, no quoting.</summary>
public sealed class ResponseFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("autobuild-rsp-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string text, bool bom = false)
    {
        var path = Path.Combine(_directory, "args é.rsp");
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    [Fact]
    public void Each_line_is_one_argument_even_with_spaces_quotes_and_non_ascii()
    {
        var path = Write("build\n/tmp/my dir/réseau \"a\".space.yaml\r\n--target\nacc * 100 / lat\n\n");
        Assert.True(ResponseFiles.TryExpand(path, out var arguments, out var error), error);
        Assert.Equal(new[] { "build", "/tmp/my dir/réseau \"a\".space.yaml", "--target", "acc * 100 / lat" }, arguments);
    }

    [Fact]
    public void A_byte_order_mark_is_tolerated()
    {
        Assert.True(ResponseFiles.TryExpand(Write("--seed\n7\n", bom: true), out var arguments, out _));
        Assert.Equal(new[] { "--seed", "7" }, arguments);
    }

    [Fact]
    public void A_missing_file_is_a_coded_error()
    {
        Assert.False(ResponseFiles.TryExpand(Path.Combine(_directory, "missing.rsp"), out _, out var error));
        Assert.Contains("error AB5020", error);
    }

    [Fact]
    public void The_parser_uses_it_for_at_arguments()
    {
        var spec = new Argument<string>("spec");
        var target = new Option<string>("--target");
        var command = new Command("build") { spec, target };
        string? seenSpec = null, seenTarget = null;
        command.SetAction(result => { seenSpec = result.GetValue(spec); seenTarget = result.GetValue(target); return 0; });
        var root = new RootCommand { command };
        var path = Write("build\n/a b/c.space.yaml\n--target\nacc*2\n");
        var exit = root.Parse(new[] { "@" + path }, new ParserConfiguration { ResponseFileTokenReplacer = ResponseFiles.TryExpand }).Invoke();
        Assert.Equal(0, exit);
        Assert.Equal("/a b/c.space.yaml", seenSpec);
        Assert.Equal("acc*2", seenTarget);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace AutoBuild.Tasks;

/// <summary>
/// The stamp file written after a successful run: the content hash of everything that determines the result
/// (spec and labels bytes, tool files, arguments) and the files the run wrote. Touching an input without
/// changing it leaves the hash equal, so the task skips the tool; a deleted output makes it run again.
/// </summary>
internal sealed class Stamp
{
    private const string Header = "autobuild-stamp 1";

    public Stamp(string hash, IReadOnlyList<string> outputs)
    {
        Hash = hash;
        Outputs = outputs;
    }

    public string Hash { get; }

    /// <summary>File names (no directories) relative to the stamp's directory, ordinal order.</summary>
    public IReadOnlyList<string> Outputs { get; }

    public static Stamp? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path, Encoding.UTF8);
        }
        catch (IOException)
        {
            return null;
        }
        if (lines.Length < 2 || lines[0] != Header || !lines[1].StartsWith("hash ", StringComparison.Ordinal)) return null;
        var outputs = new List<string>();
        for (var i = 2; i < lines.Length; i++)
        {
            const string prefix = "output ";
            if (!lines[i].StartsWith(prefix, StringComparison.Ordinal)) continue;
            var name = lines[i].Substring(prefix.Length);
            // Only plain file names: a stamp never makes us touch or delete anything outside its folder.
            if (name.Length > 0 && name.IndexOfAny(new[] { '/', '\\' }) < 0 && name != "." && name != "..") outputs.Add(name);
        }
        return new Stamp(lines[1].Substring("hash ".Length), outputs);
    }

    public void Write(string path)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("hash ").Append(Hash).Append('\n');
        foreach (var output in Outputs) text.Append("output ").Append(output).Append('\n');
        File.WriteAllText(path, text.ToString(), Utf8NoBom);
    }

    /// <summary>Full paths of the outputs, next to the stamp.</summary>
    public IEnumerable<string> OutputPaths(string stampPath)
    {
        var directory = Path.GetDirectoryName(stampPath) ?? "";
        foreach (var output in Outputs) yield return Path.Combine(directory, output);
    }

    public static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>SHA-256 over the arguments, the bytes of every input file and of the tool's files.</summary>
    public static string ComputeHash(IEnumerable<string> arguments, IEnumerable<string> inputFiles, IEnumerable<string> toolFiles)
    {
        using var sha = SHA256.Create();
        void Add(byte[] bytes)
        {
            var length = BitConverter.GetBytes((long)bytes.Length);
            sha.TransformBlock(length, 0, length.Length, null, 0);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        Add(Encoding.UTF8.GetBytes(Header));
        foreach (var argument in arguments) Add(Encoding.UTF8.GetBytes("arg " + argument));
        foreach (var file in inputFiles) Add(File.ReadAllBytes(file));
        foreach (var file in toolFiles)
        {
            Add(Encoding.UTF8.GetBytes("tool " + Path.GetFileName(file)));
            Add(File.ReadAllBytes(file));
        }
        sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        return Hex(sha.Hash!);
    }

    public static string Hex(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes) text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>The per-spec folder name: a hash of the spec's full path, so same-named specs never collide.</summary>
    public static string FolderFor(string specFullPath)
    {
        using var sha = SHA256.Create();
        return Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(specFullPath))).Substring(0, 16);
    }
}

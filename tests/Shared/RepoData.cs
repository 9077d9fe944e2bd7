using System.IO.Compression;
using System.Reflection;

namespace AutoBuild.Tests.Shared;

/// <summary>
/// The one way tests and benchmarks reach the benchmark tables in the repository's <c>data/</c> folder (see
/// data/README.md for each set's source and licence), so a clone alone is enough to run them. Files are kept
/// gzipped; <see cref="Read"/> and <see cref="OpenText"/> decompress on the fly and <see cref="GunzipTo"/> writes a
/// plain copy for tools that read plain CSV. Linked into every project that needs it.
/// </summary>
internal static class RepoData
{
    /// <summary>The repository root, stamped into the assembly by the build (AssemblyMetadata "RepoRoot").</summary>
    public static string RepoRoot { get; } = Path.GetFullPath(typeof(RepoData).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!);

    /// <summary>The path of a file under <c>data/</c>, e.g. <c>File("nas-bench-201", "nb201_all.csv.gz")</c>.</summary>
    public static string File(params string[] parts) => Path.Combine([RepoRoot, "data", .. parts]);

    /// <summary>Rows of a simple (optionally gzipped) CSV without quoted commas, as header-name → value maps; missing cells are empty.</summary>
    public static IEnumerable<Dictionary<string, string>> Read(string path)
    {
        using var reader = OpenText(path);
        var header = reader.ReadLine()!.Split(',');
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var cells = line.Split(',');
            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) row[header[i]] = i < cells.Length ? cells[i] : "";
            yield return row;
        }
    }

    /// <summary>A reader over a data file, gunzipped when its name ends in ".gz".</summary>
    public static StreamReader OpenText(string path)
    {
        var stream = System.IO.File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.Ordinal)
            ? new StreamReader(new GZipStream(stream, CompressionMode.Decompress))
            : new StreamReader(stream);
    }

    /// <summary>Writes the decompressed text of a data file to <paramref name="destination"/> and returns that path.</summary>
    public static string GunzipTo(string path, string destination)
    {
        using (var reader = OpenText(path)) System.IO.File.WriteAllText(destination, reader.ReadToEnd());
        return destination;
    }
}

using System.IO.Compression;

namespace AutoBuild.Tests.Shared;

/// <summary>
/// A tiny reader for the benchmark CSV files in ../shared/data (no quoted commas in these files), shared by the
/// test projects that link it. A <c>.gz</c> file is decompressed on the fly.
/// </summary>
internal static class CsvRows
{
    /// <summary>Rows of a simple (optionally gzipped) CSV, as header-name → value maps; missing cells are empty.</summary>
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
        var stream = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.Ordinal)
            ? new StreamReader(new GZipStream(stream, CompressionMode.Decompress))
            : new StreamReader(stream);
    }
}

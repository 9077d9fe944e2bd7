using System;
using System.IO;
using System.Text;

namespace AutoBuild.Training;

/// <summary>Whole-file writes that a reader, a killed process or a cancelled job-array task never sees half done.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/> and moves it over the
    /// target (a rename within one folder, atomic on POSIX file systems, shared ones included); AB6007 when it cannot.</summary>
    public static void Write(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            try { File.Delete(temp); } catch (Exception ignored) when (ignored is IOException or UnauthorizedAccessException) { }
            throw EvaluationException.At(EvaluationCodes.CannotWrite, $"cannot write the output: {e.Message}", path);
        }
    }
}

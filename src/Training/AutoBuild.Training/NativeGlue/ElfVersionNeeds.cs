using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace AutoBuild.Training.NativeGlue;

/// <summary>
/// Edits the version requirements (<c>.gnu.version_r</c>, SHT_GNU_verneed) of an ELF64 little-endian shared
/// library: <see cref="MarkWeak"/> sets VER_FLG_WEAK on one required version, so the dynamic linker loads the
/// library even when the system library lacks that version (it then only warns in LD_DEBUG output). Symbols bound
/// to that version must still be found somewhere: <see cref="LibTorchGlue"/> supplies the one that matters.
/// </summary>
internal static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>The required versions (e.g. "GLIBCXX_3.4.32") with their flags.</summary>
    public static IReadOnlyList<(string Version, ushort Flags)> Read(string path) =>
        Walk(File.ReadAllBytes(path)).Select(e => (e.Version, e.Flags)).ToList();

    /// <summary>Marks <paramref name="version"/> weak; returns false when the library does not require it. The
    /// file is replaced atomically (written beside it, then renamed) so a process that mapped it is unaffected.</summary>
    public static bool MarkWeak(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var hits = Walk(bytes).Where(e => e.Version == version).ToList();
        if (hits.Count == 0) return false;
        foreach (var hit in hits)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(hit.FlagsOffset), (ushort)(hit.Flags | VerFlgWeak));
        var temporary = path + ".weak-" + Environment.ProcessId;
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    private readonly record struct Entry(string Version, ushort Flags, int FlagsOffset);

    private static List<Entry> Walk(byte[] b)
    {
        var span = b.AsSpan();
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1)
            throw new InvalidDataException("not an ELF64 little-endian file");
        var sectionTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]), count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var result = new List<Entry>();
        for (var i = 0; i < count; i++)
        {
            var header = span.Slice(sectionTable + i * entrySize, entrySize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed) continue;
            var offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]));
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]); // the section of the version names
            var strings = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(span[(sectionTable + link * entrySize + 0x18)..]));
            while (true)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]);
                var aux = offset + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 8)..]);
                for (var a = 0; a < auxCount; a++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                    var name = strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]);
                    var end = Array.IndexOf(b, (byte)0, name);
                    result.Add(new Entry(Encoding.ASCII.GetString(b, name, end - name), BinaryPrimitives.ReadUInt16LittleEndian(span[(aux + 4)..]), aux + 4));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                }
                var next = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 12)..]);
                if (next == 0) break;
                offset += next;
            }
        }
        return result;
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;

namespace AutoBuild.Training.NativeGlue;

/// <summary>
/// Development-machine glue so that TorchSharp-cpu 0.107.0 loads on Linux distributions whose libstdc++ is older
/// than GCC 13's (Debian 12, Ubuntu 22.04: GLIBCXX_3.4.30). Its libLibTorchSharp.so requires GLIBCXX_3.4.32 for
/// one function, <c>std::ios_base_library_init()</c>; without it TorchSharp reports a misleading
/// "libtorch-cpu-linux-x64 … is not restored". Where the library loads as it is, nothing is done. Otherwise the
/// copy in this build output gets that version requirement marked weak, and the function is supplied by a tiny
/// shared object compiled from <c>ios_base_library_init.c</c> and loaded RTLD_GLOBAL first. docs/torchsharp.md
/// tells users of those distributions how to do the same. Used by the repository's TorchSharp tests and by the
/// programs of AutoBuild.Training (autobuild-evaluate, the digits example) before their first TorchSharp call; it
/// only ever edits the copy of the library in the program's own build output.
/// </summary>
public static class LibTorchGlue
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const int RtldNow = 0x2, RtldGlobal = 0x100;
    private static readonly Lazy<string> s_state = new(() => Apply() + "; " + ConvolutionGuard.Ensure(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Makes libLibTorchSharp.so loadable, then makes sure its float32 convolutions are right
    /// (<see cref="ConvolutionGuard"/>); throws with the reason when it cannot. Returns what was done.</summary>
    public static string EnsureLoadable() => s_state.Value;

    private static string Apply()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return "not linux-x64: TorchSharp loads its native library itself";
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        var library = Path.Combine(native, "libLibTorchSharp.so");
        // Not the layout of a TorchSharp-cpu build output (a published app, another package): TorchSharp finds its own.
        if (!File.Exists(library)) return $"no {library}: left to TorchSharp";
        if (TryLoad(library, RtldNow, out var error)) return "loaded as shipped";
        // dlerror() can come back empty (the runtime may have called dlopen/dlerror itself in between), so the
        // library's own requirement decides, not only the message.
        var requiresMissing = error.Contains(MissingVersion, StringComparison.Ordinal)
            || (error.Length == 0 && ElfVersionNeeds.Read(library).Any(v => v.Version == MissingVersion) && !SystemHas(MissingVersion));
        if (!requiresMissing)
            throw new InvalidOperationException($"libLibTorchSharp.so does not load: {(error.Length == 0 ? "dlopen failed without a message" : error)}");

        ElfVersionNeeds.MarkWeak(library, MissingVersion);
        var shim = BuildShim();
        if (!TryLoad(shim, RtldNow | RtldGlobal, out error)) throw new InvalidOperationException($"{shim}: {error}");
        if (!TryLoad(library, RtldNow, out error)) throw new InvalidOperationException($"libLibTorchSharp.so still does not load: {error}");
        return $"{MissingVersion} marked weak in the build output's libLibTorchSharp.so; std::ios_base_library_init from {shim}";
    }

    /// <summary>Compiles the shim with the system C compiler (once per build output).</summary>
    private static string BuildShim()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "autobuild-glue", "ios_base_library_init.c");
        var output = Path.Combine(AppContext.BaseDirectory, "autobuild-glue", "libios_base_library_init.so");
        if (File.Exists(output) && File.GetLastWriteTimeUtc(output) >= File.GetLastWriteTimeUtc(source)) return output;
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temporary = output + "." + Environment.ProcessId;
        var start = new ProcessStartInfo("cc") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-shared", "-fPIC", "-O2", "-o", temporary, source, "-lstdc++" }) start.ArgumentList.Add(a);
        using var cc = Process.Start(start) ?? throw new InvalidOperationException("cannot start cc");
        var stderr = cc.StandardError.ReadToEnd();
        cc.WaitForExit();
        if (cc.ExitCode != 0) throw new InvalidOperationException($"cc failed ({cc.ExitCode}): {stderr}");
        File.Move(temporary, output, overwrite: true);
        return output;
    }

    /// <summary>Whether the system libstdc++ defines a symbol version (its text holds the version name).</summary>
    private static bool SystemHas(string version)
    {
        foreach (var path in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" })
            if (File.Exists(path)) return System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path)).Contains(version, StringComparison.Ordinal);
        return true; // unknown layout: do not patch
    }

    private static bool TryLoad(string path, int flags, out string error)
    {
        error = "";
        dlerror(); // binds the P/Invoke now (binding it after a failed dlopen would clear the message) and clears old errors
        if (dlopen(path, flags) != IntPtr.Zero) return true;
        error = Marshal.PtrToStringUTF8(dlerror()) ?? "";
        return false;
    }

    [DllImport("libc", CharSet = CharSet.Ansi)] private static extern IntPtr dlopen(string file, int mode);
    [DllImport("libc")] private static extern IntPtr dlerror();
}

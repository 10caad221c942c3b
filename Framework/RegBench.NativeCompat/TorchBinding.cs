using System.Runtime.InteropServices;

namespace RegBench.NativeCompat;

/// <summary>
/// Proves which libtorch this process runs on: every mapped libtorch/libc10/libLibTorchSharp file must come from the app's
/// own native folder. LD_LIBRARY_PATH is searched before the libraries' RUNPATH, so a system libtorch (Debian's
/// python3-torch ships 1.13) could otherwise be bound silently instead of the 2.10 the app was built with.
/// </summary>
public static class TorchBinding
{
    /// <summary>The torch libraries whose mapped copies are checked (a versioned file such as libtorch.so.1.13 counts too).</summary>
    public static readonly string[] LibraryNames = ["libtorch.so", "libtorch_cpu.so", "libc10.so", TorchNativeProbe.LibraryFileName];

    /// <summary>Full paths of the torch libraries mapped into this process, from <c>/proc/self/maps</c> (empty elsewhere).</summary>
    public static IReadOnlyList<string> MappedTorchLibraries()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return [];
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/');
            if (slash < 0) continue;
            var path = line[slash..].Trim();
            if (path.EndsWith(" (deleted)", StringComparison.Ordinal)) path = path[..^" (deleted)".Length];
            if (IsTorchLibrary(Path.GetFileName(path))) found.Add(path);
        }
        return [.. found];
    }

    /// <summary>
    /// Null when every mapped torch library lives in <paramref name="nativeDirectory"/> (symbolic links resolved);
    /// otherwise a message naming each foreign copy, the folder it should have come from, and how to fix it.
    /// </summary>
    public static string? Verify(string nativeDirectory)
    {
        var expected = RealPath(nativeDirectory);
        var foreign = MappedTorchLibraries().Where(path => RealPath(Path.GetDirectoryName(path)!) != expected).ToList();
        if (foreign.Count == 0) return null;
        var ldLibraryPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        return $"torch is bound to a library outside this app's native folder {expected}: {string.Join(", ", foreign)}. " +
               "regbench is built and tested against its own libtorch and runs only on it. " +
               (string.IsNullOrEmpty(ldLibraryPath)
                   ? "Check LD_PRELOAD and /etc/ld.so.preload for torch libraries and remove them."
                   : $"LD_LIBRARY_PATH ({ldLibraryPath}) is searched before the app's folder: unset it or drop the folder holding that libtorch.");
    }

    private static bool IsTorchLibrary(string fileName) =>
        LibraryNames.Any(name => fileName == name || fileName.StartsWith(name + ".", StringComparison.Ordinal));

    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        if (!OperatingSystem.IsLinux()) return full;
        var resolved = realpath(full, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return full;
        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? full;
        }
        finally
        {
            free(resolved);
        }
    }

    [DllImport("libc", EntryPoint = "realpath")]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void free(IntPtr pointer);
}

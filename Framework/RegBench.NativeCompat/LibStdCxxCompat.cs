namespace RegBench.NativeCompat;

/// <summary>
/// The build's compat policy: in a library or a directory of libraries, weaken the <c>libstdc++.so.6</c>
/// version needs the host's libstdc++ lacks (never glibc's), logging one line per patched file.
/// </summary>
/// <param name="hostLibStdCxx">The libstdc++ the loader will use on this host.</param>
/// <param name="log">Where the one-line-per-patched-file report goes (the build log).</param>
public sealed class LibStdCxxCompat(VersionProvider hostLibStdCxx, TextWriter log)
{
    private readonly VersionNeedWeakener _weakener = new(HostLibraryLocator.LibStdCxx, hostLibStdCxx);

    /// <summary>
    /// Weakens <paramref name="path"/> (a library, or every <c>*.so*</c> regular file directly in a directory;
    /// symbolic links are skipped because replacing them could not keep their target intact). A missing path is ignored.
    /// Returns how many files were patched.
    /// </summary>
    /// <exception cref="ElfFormatException">A library is not ELF64 little-endian (the message names it).</exception>
    /// <exception cref="IOException">A library cannot be read or replaced.</exception>
    public int Weaken(string path)
    {
        var libraries = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.so*").Where(IsRegularFile).Order(StringComparer.Ordinal).ToArray()
            : File.Exists(path) ? [path] : [];
        var patched = 0;
        foreach (var library in libraries)
        {
            var weakened = _weakener.Weaken(library);
            if (weakened.Count > 0)
            {
                log.WriteLine(Describe(library, weakened));
                patched++;
            }
        }

        return patched;
    }

    /// <summary>
    /// "regbench: marked GLIBCXX_3.4.32 weak in libLibTorchSharp.so (used by _ZSt21ios_base_library_initv;
    /// host libstdc++ /usr/lib/x86_64-linux-gnu/libstdc++.so.6 defines up to GLIBCXX_3.4.30)".
    /// </summary>
    public string Describe(string library, IReadOnlyList<UnmetVersionNeed> weakened)
    {
        var versions = string.Join(", ", weakened.Select(w => w.Need.VersionName));
        var users = UnmetVersionNeed.DescribeUsers(weakened.SelectMany(w => w.UsedBy).Distinct().ToArray());
        var host = _weakener.Provider;
        return $"regbench: marked {versions} weak in {Path.GetFileName(library)} (used by {users}; " +
               $"host libstdc++ {host.LibraryPath} {host.DescribeFamilyOf(weakened[0].Need.VersionName)})";
    }

    private static bool IsRegularFile(string path) => new FileInfo(path).LinkTarget is null;
}

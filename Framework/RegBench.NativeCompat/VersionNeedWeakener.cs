namespace RegBench.NativeCompat;

/// <summary>
/// Marks as weak (VER_FLG_WEAK) the version needs a library has on <see cref="NeededFileName"/> that
/// <see cref="Provider"/> does not define, so the dynamic loader accepts the library without them.
/// Only needs on <see cref="NeededFileName"/> are ever touched.
/// </summary>
/// <param name="neededFileName">The vn_file whose needs may be weakened, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="provider">The library that will satisfy those needs at run time.</param>
public sealed class VersionNeedWeakener(string neededFileName, VersionProvider provider)
{
    /// <summary>The vn_file whose needs may be weakened.</summary>
    public string NeededFileName { get; } = neededFileName;

    /// <summary>The library that will satisfy the needs at run time.</summary>
    public VersionProvider Provider { get; } = provider;

    /// <summary>The strong needs of <paramref name="libraryPath"/> on <see cref="NeededFileName"/> that the provider lacks.</summary>
    /// <exception cref="ElfFormatException">The library is not ELF64 little-endian.</exception>
    public IReadOnlyList<UnmetVersionNeed> FindUnmet(string libraryPath)
    {
        using var image = ElfImage.Open(libraryPath);
        return FindUnmet(image);
    }

    /// <summary>
    /// Weakens the unmet needs of <paramref name="libraryPath"/> and returns them (empty: file untouched).
    /// The file is replaced by a patched copy (temp file in the same directory, then rename), so other hard
    /// links to the old file, such as the NuGet cache, keep the original bytes; mode and modification time are kept.
    /// </summary>
    /// <exception cref="ElfFormatException">The library is not ELF64 little-endian.</exception>
    /// <exception cref="IOException">The library or its directory cannot be read or written.</exception>
    public IReadOnlyList<UnmetVersionNeed> Weaken(string libraryPath)
    {
        IReadOnlyList<UnmetVersionNeed> unmet;
        using (var image = ElfImage.Open(libraryPath))
        {
            unmet = FindUnmet(image);
        }

        if (unmet.Count > 0)
        {
            ReplaceWithPatchedCopy(libraryPath, unmet.Select(u => u.Need).ToArray());
        }

        return unmet;
    }

    private IReadOnlyList<UnmetVersionNeed> FindUnmet(ElfImage image)
    {
        var unmet = VersionNeedReader.Read(image)
            .Where(need => need.NeededFile == NeededFileName && !need.IsWeak && !Provider.Defines(need.VersionName))
            .ToArray();
        if (unmet.Length == 0)
        {
            return [];
        }

        var users = SymbolVersionReader.UndefinedSymbolsByVersion(image);
        return unmet.Select(need => new UnmetVersionNeed(need, users[need.VersionIndex].ToArray())).ToArray();
    }

    private static void ReplaceWithPatchedCopy(string libraryPath, IReadOnlyList<VersionNeed> needs)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(libraryPath))!;
        var temp = Path.Combine(directory, $".regbench-weaken-{Guid.NewGuid():N}.tmp");
        try
        {
            File.Copy(libraryPath, temp);
            using (var file = File.OpenHandle(temp, FileMode.Open, FileAccess.ReadWrite))
            {
                Span<byte> low = stackalloc byte[1];
                foreach (var need in needs)
                {
                    // vna_flags is little-endian u16 and VER_FLG_WEAK lives in its low byte: one byte changes.
                    RandomAccess.Read(file, low, need.FlagsFileOffset);
                    low[0] |= (byte)VersionNeed.WeakFlag;
                    RandomAccess.Write(file, low, need.FlagsFileOffset);
                }

                RandomAccess.FlushToDisk(file);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(libraryPath));
            }

            // Same size and time as the package copy: MSBuild's incremental copy then leaves the patched file alone.
            File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(libraryPath));
            File.Move(temp, libraryPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

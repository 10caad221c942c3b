namespace RegBench.NativeCompat;

/// <summary>One Elf64_Vernaux entry of <c>.gnu.version_r</c>: a symbol version the library needs from another file.</summary>
/// <param name="NeededFile">vn_file: the library the version must come from, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="VersionName">vna_name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">vna_flags; bit <see cref="WeakFlag"/> makes the loader tolerate a missing version.</param>
/// <param name="FlagsFileOffset">Byte offset of vna_flags in the file (the u16 to patch).</param>
/// <param name="VersionIndex">vna_other: the index that <c>.gnu.version</c> entries use to refer to this version.</param>
public sealed record VersionNeed(string NeededFile, string VersionName, ushort Flags, long FlagsFileOffset, ushort VersionIndex)
{
    /// <summary>VER_FLG_WEAK: a missing version is not fatal to <c>dlopen</c>.</summary>
    public const ushort WeakFlag = 0x2;

    /// <summary>Whether the need is already marked weak.</summary>
    public bool IsWeak => (Flags & WeakFlag) != 0;
}

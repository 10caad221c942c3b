namespace RegBench.NativeCompat;

/// <summary>One entry of an ELF64 section header table (the fields this project uses).</summary>
/// <param name="Index">Position in the section header table.</param>
/// <param name="Name">Name from the section-header string table, e.g. <c>.gnu.version_r</c>.</param>
/// <param name="Type">sh_type, e.g. 0x6ffffffe for SHT_GNU_verneed.</param>
/// <param name="FileOffset">sh_offset: where the section's bytes start in the file.</param>
/// <param name="Size">sh_size in bytes.</param>
/// <param name="Link">sh_link: for these sections, the index of the associated string or symbol table.</param>
/// <param name="Info">sh_info: for verneed/verdef sections, the number of entries.</param>
public readonly record struct ElfSection(int Index, string Name, uint Type, long FileOffset, long Size, uint Link, uint Info)
{
    /// <summary>SHT_NOBITS: the section occupies no file bytes (e.g. <c>.bss</c>).</summary>
    public const uint NoBitsType = 8;

    /// <summary>SHT_GNU_verdef: version definitions (<c>.gnu.version_d</c>).</summary>
    public const uint VersionDefinitionsType = 0x6ffffffd;

    /// <summary>SHT_GNU_verneed: version needs (<c>.gnu.version_r</c>).</summary>
    public const uint VersionNeedsType = 0x6ffffffe;
}

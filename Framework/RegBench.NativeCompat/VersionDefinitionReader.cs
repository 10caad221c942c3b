using System.Buffers.Binary;

namespace RegBench.NativeCompat;

/// <summary>Reads the version names a library defines (<c>.gnu.version_d</c>, Elf64_Verdef/Elf64_Verdaux chains).</summary>
public static class VersionDefinitionReader
{
    private const string SectionName = ".gnu.version_d";
    private const int VerdefSize = 20;
    private const int VerdauxSize = 8;

    /// <summary>The version names <paramref name="image"/> defines (including its base name); empty without <c>.gnu.version_d</c>.</summary>
    /// <exception cref="ElfFormatException">The section's chains point outside it.</exception>
    public static IReadOnlySet<string> Read(ElfImage image)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (image.FindSection(SectionName) is not { } section)
        {
            return names;
        }

        if (section.Type != ElfSection.VersionDefinitionsType)
        {
            throw image.Malformed($"section {SectionName} has type 0x{section.Type:x}, expected SHT_GNU_verdef (0x{ElfSection.VersionDefinitionsType:x})");
        }

        var bytes = image.ReadSection(section);
        var strings = image.SectionAt(section.Link);
        long entry = 0;
        for (uint i = 0; i < section.Info; i++)
        {
            var verdef = VersionNeedReader.Slice(image, bytes, entry, VerdefSize);
            int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(verdef[6..]);
            var aux = entry + BinaryPrimitives.ReadUInt32LittleEndian(verdef[12..]);
            if (auxCount > 0)
            {
                // The first Verdaux names the version; later ones name its predecessors, which have their own Verdef.
                var verdaux = VersionNeedReader.Slice(image, bytes, aux, VerdauxSize);
                names.Add(image.ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(verdaux)));
            }

            var next = BinaryPrimitives.ReadUInt32LittleEndian(verdef[16..]);
            if (next == 0)
            {
                break;
            }

            entry += next;
        }

        return names;
    }
}

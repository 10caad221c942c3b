using System.Buffers.Binary;

namespace RegBench.NativeCompat;

/// <summary>Reads the version needs (<c>.gnu.version_r</c>, Elf64_Verneed/Elf64_Vernaux chains) of an ELF image.</summary>
public static class VersionNeedReader
{
    private const string SectionName = ".gnu.version_r";
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;

    /// <summary>Every version need of <paramref name="image"/>, in file order; empty when it has no <c>.gnu.version_r</c>.</summary>
    /// <exception cref="ElfFormatException">The section's chains point outside it.</exception>
    public static IReadOnlyList<VersionNeed> Read(ElfImage image)
    {
        if (image.FindSection(SectionName) is not { } section)
        {
            return [];
        }

        if (section.Type != ElfSection.VersionNeedsType)
        {
            throw image.Malformed($"section {SectionName} has type 0x{section.Type:x}, expected SHT_GNU_verneed (0x{ElfSection.VersionNeedsType:x})");
        }

        var bytes = image.ReadSection(section);
        var strings = image.SectionAt(section.Link);
        var needs = new List<VersionNeed>();
        long entry = 0;
        for (uint i = 0; i < section.Info; i++)
        {
            var verneed = Slice(image, bytes, entry, VerneedSize);
            int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(verneed[2..]);
            var file = image.ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(verneed[4..]));
            var aux = entry + BinaryPrimitives.ReadUInt32LittleEndian(verneed[8..]);
            for (var j = 0; j < auxCount; j++)
            {
                var vernaux = Slice(image, bytes, aux, VernauxSize);
                needs.Add(new VersionNeed(
                    file,
                    image.ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(vernaux[8..])),
                    BinaryPrimitives.ReadUInt16LittleEndian(vernaux[4..]),
                    section.FileOffset + aux + 4,
                    BinaryPrimitives.ReadUInt16LittleEndian(vernaux[6..])));
                var nextAux = BinaryPrimitives.ReadUInt32LittleEndian(vernaux[12..]);
                if (nextAux == 0)
                {
                    break;
                }

                aux += nextAux;
            }

            var next = BinaryPrimitives.ReadUInt32LittleEndian(verneed[12..]);
            if (next == 0)
            {
                break;
            }

            entry += next;
        }

        return needs;
    }

    internal static ReadOnlySpan<byte> Slice(ElfImage image, byte[] section, long offset, int length) =>
        offset >= 0 && offset <= section.Length - length
            ? section.AsSpan((int)offset, length)
            : throw image.Malformed($"a version entry at section offset {offset} runs past the end of its section ({section.Length} bytes)");
}

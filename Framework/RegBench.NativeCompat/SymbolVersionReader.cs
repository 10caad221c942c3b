using System.Buffers.Binary;

namespace RegBench.NativeCompat;

/// <summary>Reads which undefined dynamic symbols use each version index (<c>.gnu.version</c> paired with <c>.dynsym</c>).</summary>
public static class SymbolVersionReader
{
    private const int SymbolSize = 24;
    private const ushort HiddenBit = 0x8000;

    /// <summary>Undefined symbols of <paramref name="image"/> grouped by their version index (vna_other of a <see cref="VersionNeed"/>).</summary>
    /// <exception cref="ElfFormatException">The tables are inconsistent.</exception>
    public static ILookup<ushort, string> UndefinedSymbolsByVersion(ElfImage image)
    {
        if (image.FindSection(".gnu.version") is not { } versions || image.FindSection(".dynsym") is not { } symbols)
        {
            return Array.Empty<string>().ToLookup(_ => (ushort)0);
        }

        var versionBytes = image.ReadSection(versions);
        var symbolBytes = image.ReadSection(symbols);
        var names = image.SectionAt(symbols.Link);
        var count = Math.Min(versionBytes.Length / 2, symbolBytes.Length / SymbolSize);
        var users = new List<(ushort Version, string Symbol)>();
        for (var i = 1; i < count; i++)
        {
            var symbol = symbolBytes.AsSpan(i * SymbolSize, SymbolSize);
            var sectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]);
            if (sectionIndex != 0)
            {
                continue; // defined here, not needed from another file
            }

            var version = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(versionBytes.AsSpan(i * 2)) & ~HiddenBit);
            if (version > 1)
            {
                users.Add((version, image.ReadString(names, BinaryPrimitives.ReadUInt32LittleEndian(symbol))));
            }
        }

        return users.ToLookup(u => u.Version, u => u.Symbol);
    }
}

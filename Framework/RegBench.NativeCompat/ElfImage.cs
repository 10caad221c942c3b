using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace RegBench.NativeCompat;

/// <summary>
/// Read-only view of an ELF64 little-endian file: its section headers, found by name through the
/// section-header string table, and the bytes of a section read on demand (large libraries are never read whole).
/// </summary>
public sealed class ElfImage : IDisposable
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private readonly SafeFileHandle _file;
    private readonly long _fileLength;
    private readonly Dictionary<int, byte[]> _sectionBytes = [];

    private ElfImage(string path, SafeFileHandle file, long fileLength)
    {
        Path = path;
        _file = file;
        _fileLength = fileLength;
        Sections = [];
    }

    /// <summary>The file this image was opened from.</summary>
    public string Path { get; }

    /// <summary>All section headers, in table order, with names resolved.</summary>
    public IReadOnlyList<ElfSection> Sections { get; private set; }

    /// <summary>Opens <paramref name="path"/> and reads its ELF header and section headers.</summary>
    /// <exception cref="ElfFormatException">The file is not ELF64 little-endian or its headers are inconsistent.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ElfImage Open(string path)
    {
        path = System.IO.Path.GetFullPath(path); // messages name the file unambiguously, whatever the working directory
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var image = new ElfImage(path, file, RandomAccess.GetLength(file));
        try
        {
            image.Sections = image.ReadSectionHeaders();
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>The first section called <paramref name="name"/>, or null when the file has none.</summary>
    public ElfSection? FindSection(string name)
    {
        foreach (var section in Sections)
        {
            if (section.Name == name)
            {
                return section;
            }
        }

        return null;
    }

    /// <summary>The section at <paramref name="index"/> of the header table (e.g. a <c>sh_link</c> target).</summary>
    /// <exception cref="ElfFormatException">No such section.</exception>
    public ElfSection SectionAt(uint index) =>
        index < Sections.Count
            ? Sections[(int)index]
            : throw Malformed($"section index {index} is out of range (the file has {Sections.Count} sections)");

    /// <summary>The file bytes of <paramref name="section"/> (cached; empty for SHT_NOBITS).</summary>
    /// <exception cref="ElfFormatException">The section extends past the end of the file.</exception>
    public byte[] ReadSection(ElfSection section)
    {
        if (_sectionBytes.TryGetValue(section.Index, out var cached))
        {
            return cached;
        }

        var bytes = section.Type == ElfSection.NoBitsType ? [] : ReadAt(section.FileOffset, section.Size, $"section {section.Name}");
        _sectionBytes[section.Index] = bytes;
        return bytes;
    }

    /// <summary>The NUL-terminated string at <paramref name="offset"/> in the string table <paramref name="stringTable"/>.</summary>
    /// <exception cref="ElfFormatException">The offset is outside the table or the string is unterminated.</exception>
    public string ReadString(ElfSection stringTable, uint offset)
    {
        var bytes = ReadSection(stringTable);
        if (offset >= bytes.Length)
        {
            throw Malformed($"string offset {offset} is outside string table {stringTable.Name} ({bytes.Length} bytes)");
        }

        var length = Array.IndexOf(bytes, (byte)0, (int)offset) - (int)offset;
        if (length < 0)
        {
            throw Malformed($"string at offset {offset} in {stringTable.Name} is not NUL-terminated");
        }

        return Encoding.UTF8.GetString(bytes, (int)offset, length);
    }

    /// <summary>An <see cref="ElfFormatException"/> naming this file and <paramref name="problem"/>.</summary>
    public ElfFormatException Malformed(string problem) => new(Path, problem);

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private IReadOnlyList<ElfSection> ReadSectionHeaders()
    {
        if (_fileLength < HeaderSize)
        {
            throw Malformed($"not an ELF file ({_fileLength} bytes, shorter than an ELF header); expected a native shared library (.so)");
        }

        var header = ReadAt(0, HeaderSize, "ELF header");
        if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
        {
            throw Malformed("not an ELF file (no \\x7fELF magic); expected a native shared library (.so)");
        }

        if (header[4] != 2)
        {
            throw Malformed($"ELF class {header[4]} is not supported; only 64-bit (ELFCLASS64) libraries are handled");
        }

        if (header[5] != 1)
        {
            throw Malformed($"ELF data encoding {header[5]} is not supported; only little-endian (ELFDATA2LSB) libraries are handled");
        }

        var tableOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x28));
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x3a));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x3c));
        uint namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x3e));
        if (tableOffset == 0)
        {
            return [];
        }

        if (entrySize < SectionHeaderSize)
        {
            throw Malformed($"section header entry size {entrySize} is smaller than the ELF64 size {SectionHeaderSize}");
        }

        var table = ReadAt(tableOffset, 1L * entrySize * Math.Max(count, 1), "section header table");
        if (count == 0)
        {
            // More than 0xff00 sections: the real count is in the first header's sh_size (ELF gABI).
            count = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(0x20)));
            table = ReadAt(tableOffset, 1L * entrySize * count, "section header table");
        }

        if (namesIndex == 0xffff)
        {
            namesIndex = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(0x28)); // SHN_XINDEX: real index in sh_link of section 0
        }

        var unnamed = new ElfSection[count];
        var nameOffsets = new uint[count];
        for (var i = 0; i < count; i++)
        {
            var entry = table.AsSpan(i * entrySize, SectionHeaderSize);
            nameOffsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            unnamed[i] = new ElfSection(
                i,
                string.Empty,
                BinaryPrimitives.ReadUInt32LittleEndian(entry[0x04..]),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[0x18..]),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[0x20..]),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[0x28..]),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[0x2c..]));
        }

        Sections = unnamed;
        if (namesIndex == 0)
        {
            return unnamed; // SHN_UNDEF: the file has no section names
        }

        var names = SectionAt(namesIndex);
        return unnamed.Select((s, i) => s with { Name = ReadString(names, nameOffsets[i]) }).ToArray();
    }

    private byte[] ReadAt(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset > _fileLength || length > _fileLength - offset)
        {
            throw Malformed($"{what} (offset {offset}, {length} bytes) extends past the end of the file ({_fileLength} bytes); the file is truncated or corrupt");
        }

        var bytes = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(_file, bytes.AsSpan(read), offset + read);
            if (n == 0)
            {
                throw Malformed($"{what} could not be read: unexpected end of file at offset {offset + read}");
            }

            read += n;
        }

        return bytes;
    }
}

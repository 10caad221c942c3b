using System.Buffers.Binary;
using System.IO.Compression;
using RegBench.Abstractions;

namespace RegBench.Datasets.Idx;

/// <summary>
/// Reads IDX files (LeCun's MNIST format, gzipped or not): big-endian magic 0x0000_08_0D (unsigned bytes, D
/// dimensions), D big-endian int32 sizes, then the data. Every mismatch is a <see cref="DatasetException"/>
/// naming the file, what was expected and what was found.
/// </summary>
public static class IdxFile
{
    /// <summary>Reads an unsigned-byte IDX file and checks its dimensions against <paramref name="expectedDimensions"/> (-1 = any).</summary>
    public static (int[] Dimensions, byte[] Data) Read(string path, params int[] expectedDimensions)
    {
        var bytes = ReadAll(path);
        var rank = expectedDimensions.Length;
        var headerLength = 4 + 4 * rank;
        if (bytes.Length < 4)
            throw Malformed(path, $"an IDX header of {headerLength} bytes", $"a file of {bytes.Length} bytes");
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var expectedMagic = 0x0800 | rank;
        if (magic != expectedMagic)
            throw Malformed(path, $"magic number 0x{expectedMagic:X8} (unsigned bytes, {rank} dimensions)", $"0x{magic:X8}");
        if (bytes.Length < headerLength)
            throw Malformed(path, $"an IDX header of {headerLength} bytes", $"a file of {bytes.Length} bytes");
        var dimensions = Enumerable.Range(0, rank).Select(i => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i))).ToArray();
        for (var i = 0; i < rank; i++)
            if (expectedDimensions[i] >= 0 && dimensions[i] != expectedDimensions[i])
                throw Malformed(path, $"shape [{Shape(expectedDimensions)}]", $"[{string.Join(", ", dimensions)}]");
        var dataLength = dimensions.Aggregate(1L, (product, size) => product * size);
        if (bytes.Length - headerLength != dataLength)
            throw Malformed(path, $"{headerLength + dataLength} bytes (header {headerLength} + data [{string.Join(", ", dimensions)}]) uncompressed",
                $"{bytes.Length} bytes (truncated or padded)");
        return (dimensions, bytes[headerLength..]);
    }

    /// <summary>The file at <paramref name="basePath"/>, or <paramref name="basePath"/>.gz, whichever exists; null if neither.</summary>
    public static string? Locate(string basePath) =>
        File.Exists(basePath) ? basePath : File.Exists(basePath + ".gz") ? basePath + ".gz" : null;

    private static byte[] ReadAll(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException error)
        {
            throw Malformed(path, "a gzip stream", $"corrupt data ({error.Message})");
        }
        catch (EndOfStreamException)
        {
            throw Malformed(path, "a complete gzip stream", "a truncated one");
        }
    }

    private static string Shape(int[] dimensions) => string.Join(", ", dimensions.Select(d => d < 0 ? "*" : d.ToString()));

    /// <summary>A malformed-file error: what was expected, what was found, how to fix it.</summary>
    public static DatasetException Malformed(string path, string expected, string found) => new(
        $"{path}: expected {expected}, found {found}. Replace the file with an intact copy (e.g. reinstall dataset-fashion-mnist).",
        path, unavailable: false);
}

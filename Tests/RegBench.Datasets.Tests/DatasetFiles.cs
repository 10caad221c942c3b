using System.Buffers.Binary;

namespace RegBench.Datasets.Tests;

/// <summary>Writes small dataset files in the real binary formats, with pixels that encode their position.</summary>
public static class DatasetFiles
{
    /// <summary>
    /// Raw value of pixel (record, channel, row, column) in every file written here: the same along a row, increasing down a
    /// column (no wrap-around below 50 records), and 0 (black) at row 0 of record 0 in every channel.
    /// </summary>
    public static byte Pixel(int record, int channel, int row) =>
        record == 0 && row == 0 ? (byte)0 : (byte)(record * 3 + row + channel * 50);

    /// <summary>CIFAR records: label bytes, then R, G, B planes of 32×32, row-major.</summary>
    public static byte[] CifarRecords(params byte[][] labels)
    {
        const int Side = 32;
        var recordBytes = labels[0].Length + 3 * Side * Side;
        var bytes = new byte[labels.Length * recordBytes];
        for (var r = 0; r < labels.Length; r++)
        {
            var record = bytes.AsSpan(r * recordBytes, recordBytes);
            labels[r].CopyTo(record);
            for (var c = 0; c < 3; c++)
                for (var y = 0; y < Side; y++)
                    record.Slice(labels[r].Length + c * Side * Side + y * Side, Side).Fill(Pixel(r, c, y));
        }
        return bytes;
    }

    /// <summary>CIFAR-10 records with the given labels.</summary>
    public static byte[] Cifar10(params byte[] labels) => CifarRecords(labels.Select(l => new[] { l }).ToArray());

    /// <summary>Writes data_batch_1..5.bin (<paramref name="perBatch"/> records each, labels i % 10) and test_batch.bin.</summary>
    public static string WriteCifar10(string directory, int perBatch, int testCount)
    {
        Directory.CreateDirectory(directory);
        for (var b = 1; b <= 5; b++)
            File.WriteAllBytes(Path.Combine(directory, $"data_batch_{b}.bin"), Cifar10(Labels(perBatch, (b - 1) * perBatch, 10)));
        File.WriteAllBytes(Path.Combine(directory, "test_batch.bin"), Cifar10(Labels(testCount, 0, 10)));
        return directory;
    }

    /// <summary>STL-10 images: three 96×96 channel planes, each stored column-major (byte at col·96 + row).</summary>
    public static byte[] Stl10Images(int count)
    {
        const int Side = 96;
        var bytes = new byte[count * 3 * Side * Side];
        for (var n = 0; n < count; n++)
            for (var c = 0; c < 3; c++)
                for (var col = 0; col < Side; col++)
                    for (var row = 0; row < Side; row++)
                        bytes[((n * 3 + c) * Side + col) * Side + row] = Pixel(n, c, row);
        return bytes;
    }

    /// <summary>Labels start, start+1, … modulo <paramref name="classes"/>.</summary>
    public static byte[] Labels(int count, int start, int classes) => Enumerable.Range(start, count).Select(i => (byte)(i % classes)).ToArray();

    /// <summary>An IDX file of unsigned bytes with the given dimensions; <paramref name="dataBytes"/> may differ from their product.</summary>
    public static void Idx(string path, int[] dimensions, int dataBytes, int magic = 0)
    {
        var header = 4 + 4 * dimensions.Length;
        var bytes = new byte[header + dataBytes];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic != 0 ? magic : 0x0800 | dimensions.Length);
        for (var i = 0; i < dimensions.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        for (var i = header; i < bytes.Length; i++) bytes[i] = (byte)(i % 7);
        File.WriteAllBytes(path, bytes);
    }
}

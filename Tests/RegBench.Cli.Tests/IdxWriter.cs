using System.Buffers.Binary;

namespace RegBench.Cli.Tests;

/// <summary>Writes IDX files in the real MNIST format, optionally cut short, for loader error tests.</summary>
public static class IdxWriter
{
    /// <summary>An image file whose header announces <paramref name="count"/> 28×28 images but holds <paramref name="writtenImages"/>.</summary>
    public static void Images(string path, int count, int writtenImages)
    {
        var bytes = new byte[16 + writtenImages * 28 * 28];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x0803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 28);
        File.WriteAllBytes(path, bytes);
    }
}

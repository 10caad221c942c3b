namespace RegBench.Reporting.Tests;

/// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and TensorFlow's mask ((crc ≫ 15 | crc ≪ 17) + 0xa282ead8).</summary>
public static class Crc32C
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(i =>
    {
        var c = (uint)i;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    public static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Compute(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}

/// <summary>Just enough protobuf wire-format reading to list a message's fields.</summary>
public static class Protobuf
{
    public sealed record Field(int Number, ulong Value, byte[]? Bytes);

    public static IEnumerable<Field> Fields(byte[] message)
    {
        var at = 0;
        var fields = new List<Field>();
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0: fields.Add(new Field(number, Varint(message, ref at), null)); break;
                case 1: fields.Add(new Field(number, BitConverter.ToUInt64(message, at), null)); at += 8; break;
                case 5: fields.Add(new Field(number, BitConverter.ToUInt32(message, at), null)); at += 4; break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    fields.Add(new Field(number, 0, message[at..(at + length)]));
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {key & 7} at byte {at}");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}

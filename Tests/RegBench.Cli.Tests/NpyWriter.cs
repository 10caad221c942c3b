using System.Buffers.Binary;
using System.Text;

namespace RegBench.Cli.Tests;

/// <summary>Writes .npy files byte by byte as numpy.save does (versions 1.0–3.0), plus deliberately broken variants.</summary>
public static class NpyWriter
{
    /// <summary>The header dict numpy writes for a C-order array.</summary>
    public static string Header(string descr, long[] shape, bool fortranOrder = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}";

    /// <summary>The bytes of a .npy file: magic, version, header padded to 64 bytes with a newline, then the data.</summary>
    public static byte[] Bytes(string header, byte[] data, int version = 1)
    {
        var preamble = version == 1 ? 10 : 12;
        var padded = header + new string(' ', (64 - (preamble + header.Length + 1) % 64) % 64) + "\n";
        var headerBytes = (version == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(padded);
        using var stream = new MemoryStream();
        stream.Write([0x93, .. "NUMPY"u8, (byte)version, 0]);
        if (version == 1) stream.Write(BitConverter.GetBytes((ushort)headerBytes.Length));
        else stream.Write(BitConverter.GetBytes((uint)headerBytes.Length));
        stream.Write(headerBytes);
        stream.Write(data);
        return stream.ToArray();
    }

    /// <summary>Little-endian float32 ("&lt;f4") or float64 ("&lt;f8") data of <paramref name="values"/>.</summary>
    public static byte[] Data(IReadOnlyList<double> values, bool float32)
    {
        var size = float32 ? 4 : 8;
        var data = new byte[values.Count * size];
        for (var i = 0; i < values.Count; i++)
            if (float32) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), (float)values[i]);
            else BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
        return data;
    }

    /// <summary>Writes a float32 or float64 array of <paramref name="shape"/> to <paramref name="path"/>.</summary>
    public static string Write(string path, long[] shape, IReadOnlyList<double> values, bool float32 = false, int version = 1)
    {
        File.WriteAllBytes(path, Bytes(Header(float32 ? "<f4" : "<f8", shape), Data(values, float32), version));
        return path;
    }
}

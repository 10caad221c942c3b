using System.Buffers.Binary;
using System.Text;

namespace RegBench.Cli.Norms;

/// <summary>
/// Reads NumPy .npy files (format versions 1.0, 2.0 and 3.0) holding little-endian float32 or float64 arrays in C order.
/// Everything else (other dtypes, big-endian, Fortran order, object arrays, .npz archives, truncated data) is an
/// <see cref="InvalidDataException"/> that names the file and says how to re-save it.
/// </summary>
public static class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const string Resave = "re-save it with np.save(path, np.ascontiguousarray(w, dtype=np.float32))";

    /// <summary>Reads the array in <paramref name="path"/>; a missing or unreadable file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static NpyArray Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Error(path, "does not exist");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw Error(path, $"could not be read ({error.Message})");
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses the bytes of a .npy file; <paramref name="path"/> only names it in errors.</summary>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.StartsWith("PK\x03\x04"u8))
            throw Error(path, "is a zip archive (.npz), not a single array; save one array with np.save(path, archive['name'])");
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw Error(path, "is not a NumPy .npy file (it does not start with \\x93NUMPY); write it with np.save");
        var (major, minor) = (bytes[6], bytes[7]);
        var (lengthBytes, encoding) = major switch
        {
            1 => (2, Encoding.Latin1),
            2 => (4, Encoding.Latin1),
            3 => (4, Encoding.UTF8),
            _ => throw Error(path, $"has .npy format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are supported"),
        };
        var headerStart = 8 + lengthBytes;
        if (bytes.Length < headerStart) throw Error(path, "ends inside the .npy header");
        long headerLength = lengthBytes == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (headerStart + headerLength > bytes.Length)
            throw Error(path, $"declares a {headerLength}-byte header but holds only {bytes.Length - headerStart} bytes after the preamble (truncated file?)");
        var header = NpyHeader.Parse(encoding.GetString(bytes.Slice(headerStart, (int)headerLength)), path);
        var (dtype, shape) = Validate(header, path);
        return new NpyArray(path, dtype, shape, Values(bytes[(headerStart + (int)headerLength)..], dtype, shape, path));
    }

    private static (string DType, long[] Shape) Validate(NpyHeader header, string path)
    {
        var dtype = header.Descr switch
        {
            "<f4" or "=f4" => "<f4",
            "<f8" or "=f8" => "<f8",
            ">f4" or ">f8" => throw Error(path, $"holds big-endian floats (descr '{header.Descr}'); {Resave} (or w.astype('<f4'))"),
            var d when d.Contains('O') => throw Error(path, $"holds Python objects (descr '{d}'), which need pickle; {Resave}"),
            var d => throw Error(path, $"has dtype '{d}'; only float32 ('<f4') and float64 ('<f8') are supported; {Resave}"),
        };
        if (header.FortranOrder)
            throw Error(path, $"is stored in Fortran (column-major) order; {Resave}");
        if (header.Shape.Length is not (2 or 4))
            throw Error(path, $"has shape ({string.Join(", ", header.Shape)}), a {header.Shape.Length}-D array; expected a 2-D matrix (rows, cols) or a 4-D conv kernel (out, in, kh, kw)");
        if (header.Shape.Any(d => d == 0))
            throw Error(path, $"has shape ({string.Join(", ", header.Shape)}) with no elements");
        return (dtype, header.Shape);
    }

    private static double[] Values(ReadOnlySpan<byte> data, string dtype, long[] shape, string path)
    {
        var itemBytes = dtype == "<f4" ? 4 : 8;
        long count = shape.Aggregate(1L, (a, d) => checked(a * d));
        long expected = count * itemBytes;
        if (data.Length != expected)
            throw Error(path, data.Length < expected
                ? $"is truncated: shape ({string.Join(", ", shape)}) of {dtype} needs {expected} data bytes, the file holds {data.Length}"
                : $"has {data.Length - expected} bytes after the array data; it is not a single .npy array");
        var values = new double[count];
        for (var i = 0; i < values.Length; i++)
            values[i] = itemBytes == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(data.Slice(i * 4, 4))
                : BinaryPrimitives.ReadDoubleLittleEndian(data.Slice(i * 8, 8));
        return values;
    }

    internal static InvalidDataException Error(string path, string message) => new($"{path} {message}.");
}

using System.Text;
using RegBench.Cli.Norms;

namespace RegBench.Cli.Tests;

/// <summary>The .npy reader of `regbench norms`, in process: every header version, and every file it must refuse clearly.</summary>
public sealed class NpyReaderTests
{
    private static readonly double[] Six = [1, -2.5, 3, 4e-3, 5, 6e10];

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    public void Reads_float32_and_float64_matrices_with_version_1_2_and_3_headers(int version, bool float32)
    {
        var bytes = NpyWriter.Bytes(NpyWriter.Header(float32 ? "<f4" : "<f8", [2, 3]), NpyWriter.Data(Six, float32), version);

        var array = NpyReader.Parse(bytes, "w.npy");

        Assert.Equal([2L, 3L], array.Shape);
        Assert.Equal(float32 ? "float32" : "float64", array.DTypeName);
        Assert.Equal(float32 ? Six.Select(v => (double)(float)v) : Six, array.Values);
    }

    [Fact]
    public void Reads_a_4d_kernel_in_c_order()
    {
        var values = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(i => (double)i).ToArray();

        var array = NpyReader.Parse(NpyWriter.Bytes(NpyWriter.Header("<f8", [2, 3, 2, 2]), NpyWriter.Data(values, false)), "k.npy");

        Assert.Equal([2L, 3L, 2L, 2L], array.Shape);
        Assert.Equal(values, array.Values);
    }

    [Theory]
    [InlineData("{\"descr\": \"<f8\", \"shape\": (2L, 3L), \"fortran_order\": False}")]
    [InlineData("{'shape':(2,3),'fortran_order':False,'descr':'<f8'}")]
    public void Accepts_any_key_order_quote_style_and_python2_long_suffixes(string header)
    {
        var array = NpyReader.Parse(NpyWriter.Bytes(header, NpyWriter.Data(Six, false)), "w.npy");

        Assert.Equal([2L, 3L], array.Shape);
    }

    [Theory]
    [InlineData("'>f4'", "big-endian")]
    [InlineData("'<i8'", "dtype '<i8'; only float32 ('<f4') and float64 ('<f8')")]
    [InlineData("'|O'", "Python objects")]
    [InlineData("[('a', '<f4')]", "structured")]
    public void Refuses_other_dtypes_naming_the_file_and_the_fix(string descr, string reason)
    {
        var header = $"{{'descr': {descr}, 'fortran_order': False, 'shape': (2, 3), }}";

        var error = Assert.Throws<InvalidDataException>(() => NpyReader.Parse(NpyWriter.Bytes(header, new byte[48]), "/data/w.npy"));

        Assert.StartsWith("/data/w.npy ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Refuses_fortran_order_saying_how_to_resave()
    {
        var bytes = NpyWriter.Bytes(NpyWriter.Header("<f8", [2, 3], fortranOrder: true), NpyWriter.Data(Six, false));

        var error = Assert.Throws<InvalidDataException>(() => NpyReader.Parse(bytes, "w.npy"));

        Assert.Contains("Fortran", error.Message);
        Assert.Contains("np.ascontiguousarray", error.Message);
    }

    [Theory]
    [InlineData(new long[] { 6 }, "1-D")]
    [InlineData(new long[] { 1, 2, 3 }, "3-D")]
    [InlineData(new long[] { 0, 6 }, "no elements")]
    public void Refuses_shapes_other_than_2d_and_4d(long[] shape, string reason)
    {
        var bytes = NpyWriter.Bytes(NpyWriter.Header("<f8", shape), NpyWriter.Data(Six, false));

        Assert.Contains(reason, Assert.Throws<InvalidDataException>(() => NpyReader.Parse(bytes, "w.npy")).Message);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)", "malformed header")]
    [InlineData("{'descr': '<f8', 'shape': (2, 3)}", "without 'fortran_order'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, x)}", "malformed header")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}", "'fortran_order' is not True or False")]
    [InlineData("['descr', '<f8']", "not a dict")]
    public void Refuses_malformed_headers_quoting_them(string header, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => NpyReader.Parse(NpyWriter.Bytes(header, NpyWriter.Data(Six, false)), "w.npy"));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Refuses_truncated_data_with_the_byte_counts()
    {
        var bytes = NpyWriter.Bytes(NpyWriter.Header("<f4", [2, 3]), NpyWriter.Data(Six, true)[..20]);

        var error = Assert.Throws<InvalidDataException>(() => NpyReader.Parse(bytes, "w.npy"));

        Assert.Contains("truncated", error.Message);
        Assert.Contains("needs 24 data bytes, the file holds 20", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0 }, ".npz")]
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', (byte)',', (byte)'w', (byte)'o', (byte)'r', (byte)'l', (byte)'d' }, "does not start with \\x93NUMPY")]
    public void Refuses_files_that_are_not_npy(byte[] bytes, string reason)
    {
        Assert.Contains(reason, Assert.Throws<InvalidDataException>(() => NpyReader.Parse(bytes, "w.npy")).Message);
    }

    [Fact]
    public void Refuses_an_unknown_format_version()
    {
        var bytes = NpyWriter.Bytes(NpyWriter.Header("<f8", [2, 3]), NpyWriter.Data(Six, false), version: 2);
        bytes[6] = 4;

        Assert.Contains("version 4.0", Assert.Throws<InvalidDataException>(() => NpyReader.Parse(bytes, "w.npy")).Message);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_reported_as_truncated()
    {
        var bytes = Encoding.Latin1.GetBytes("\x93NUMPY\x01\x00\xff\x00{'descr'");

        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => NpyReader.Parse(bytes, "w.npy")).Message);
    }
}

using RegBench.Abstractions;
using RegBench.Datasets.Idx;

namespace RegBench.Datasets.Tests;

public sealed class IdxTests : IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public void Reads_dimensions_and_data_of_a_well_formed_file()
    {
        var path = folder.File("images");
        DatasetFiles.Idx(path, [3, 28, 28], 3 * 28 * 28);

        var (dimensions, data) = IdxFile.Read(path, -1, 28, 28);
        Assert.Equal([3, 28, 28], dimensions);
        Assert.Equal(3 * 28 * 28, data.Length);
        Assert.Equal((byte)(16 % 7), data[0]);
    }

    [Fact]
    public void A_bad_magic_number_names_the_file_and_both_numbers()
    {
        var path = folder.File("labels");
        DatasetFiles.Idx(path, [5], 5, magic: 0x0801_0000);

        var error = Assert.Throws<DatasetException>(() => IdxFile.Read(path, -1));
        Assert.Contains($"{path}: expected magic number 0x00000801", error.Message);
        Assert.Contains("found 0x08010000", error.Message);
        Assert.False(error.Unavailable);
    }

    [Fact]
    public void A_truncated_file_names_the_expected_and_found_sizes()
    {
        var path = folder.File("images");
        DatasetFiles.Idx(path, [10, 28, 28], 2 * 28 * 28);

        var error = Assert.Throws<DatasetException>(() => IdxFile.Read(path, -1, 28, 28));
        Assert.Contains($"expected {16 + 10 * 28 * 28} bytes", error.Message);
        Assert.Contains($"found {16 + 2 * 28 * 28} bytes", error.Message);
    }

    [Fact]
    public void A_wrong_image_size_names_the_expected_shape()
    {
        var path = folder.File("images");
        DatasetFiles.Idx(path, [1, 32, 32], 32 * 32);

        var error = Assert.Throws<DatasetException>(() => IdxFile.Read(path, -1, 28, 28));
        Assert.Contains("expected shape [*, 28, 28], found [1, 32, 32]", error.Message);
    }

    public void Dispose() => folder.Dispose();
}

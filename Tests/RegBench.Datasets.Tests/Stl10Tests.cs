using RegBench.Abstractions;
using RegBench.Datasets.Stl10;

namespace RegBench.Datasets.Tests;

public sealed class Stl10Tests : IDisposable
{
    private readonly TempDirectory folder = new();

    private string Write(byte[] trainLabels, byte[] testLabels, int? trainImages = null)
    {
        var directory = Directory.CreateDirectory(folder.File("stl10_binary")).FullName;
        File.WriteAllBytes(Path.Combine(directory, "train_X.bin"), DatasetFiles.Stl10Images(trainImages ?? trainLabels.Length));
        File.WriteAllBytes(Path.Combine(directory, "train_y.bin"), trainLabels);
        File.WriteAllBytes(Path.Combine(directory, "test_X.bin"), DatasetFiles.Stl10Images(testLabels.Length));
        File.WriteAllBytes(Path.Combine(directory, "test_y.bin"), testLabels);
        return directory;
    }

    private DatasetSplits Load() => new Stl10Dataset(new Stl10Options()).Load(new DatasetLoadContext(folder.Path, 0));

    [Fact]
    public void Reads_column_major_planes_as_rows_and_maps_labels_1_to_10_onto_0_to_9()
    {
        Write([1, 10, 4], [2, 3]);
        using var splits = Load();

        Assert.Equal([3L, 3, 96, 96], splits.TrainImages.shape);
        Assert.Equal([0L, 9, 3], splits.TrainLabels.data<long>().ToArray());
        Assert.Equal([1L, 2], splits.TestLabels.data<long>().ToArray());
        var image = splits.TrainImages[2];
        Assert.True(image.eq(image.narrow(2, 0, 1)).all().item<bool>(), "every row must be constant: the stored planes are column-major");
        var column = image.select(0, 1).select(1, 0);
        Assert.True(column.narrow(0, 1, 95).gt(column.narrow(0, 0, 95)).all().item<bool>());
        Assert.NotNull(splits.Augmentation);
    }

    [Fact]
    public void A_label_of_zero_names_the_label_file_the_range_and_the_record()
    {
        var directory = Write([1, 0, 4], [2, 3]);
        var error = Assert.Throws<DatasetException>(Load);
        Assert.Contains($"{Path.Combine(directory, "train_y.bin")}: expected labels in 1..10, found 0 at record 1", error.Message);
    }

    [Fact]
    public void A_label_count_that_differs_from_the_image_count_names_both()
    {
        var directory = Write([1, 2, 4], [2, 3], trainImages: 4);
        var error = Assert.Throws<DatasetException>(Load);
        Assert.Contains($"{Path.Combine(directory, "train_y.bin")}: expected 4 labels (one per image of train_X.bin), found 3", error.Message);
    }

    [Fact]
    public void A_truncated_image_file_names_the_file_and_the_image_size()
    {
        var directory = Write([1, 2], [2, 3]);
        var path = Path.Combine(directory, "test_X.bin");
        File.WriteAllBytes(path, new byte[27648 + 5]);
        var error = Assert.Throws<DatasetException>(Load);
        Assert.False(error.Unavailable);
        Assert.Contains($"{path}: expected a whole number of 27648-byte records", error.Message);
        Assert.Contains("27653 bytes = 1 records + 5 bytes", error.Message);
    }

    [Fact]
    public void A_missing_test_label_file_names_it()
    {
        var directory = Write([1, 2], [2, 3]);
        File.Delete(Path.Combine(directory, "test_y.bin"));
        var error = Assert.Throws<DatasetException>(Load);
        Assert.Equal(Path.Combine(directory, "test_y.bin"), error.Path);
        Assert.False(error.Unavailable);
    }

    public void Dispose() => folder.Dispose();
}

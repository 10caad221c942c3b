using RegBench.Abstractions;
using RegBench.Datasets.Cifar;
using static TorchSharp.torch;

namespace RegBench.Datasets.Tests;

public sealed class CifarTests : IDisposable
{
    private readonly TempDirectory folder = new();

    private static DatasetSplits Load(IDataset dataset, string directory) => dataset.Load(new DatasetLoadContext(directory, Seed: 0));

    private string Cifar10Folder => folder.File("cifar-10-batches-bin");

    [Fact]
    public void Cifar10_reads_every_batch_from_the_standard_subfolder_with_labels_and_row_major_planes()
    {
        DatasetFiles.WriteCifar10(Cifar10Folder, perBatch: 4, testCount: 3);
        using var splits = Load(new Cifar10Dataset(new CifarOptions()), folder.Path);

        Assert.Equal([20L, 3, 32, 32], splits.TrainImages.shape);
        Assert.Equal([3L, 3, 32, 32], splits.TestImages.shape);
        Assert.Equal(DatasetFiles.Labels(20, 0, 10).Select(l => (long)l), splits.TrainLabels.data<long>().ToArray());
        Assert.Equal(Cifar10Folder, splits.Source);
        // Pixels depend on the row only: equal along each row, increasing down the column.
        var image = splits.TrainImages[1];
        Assert.True(image.eq(image.narrow(2, 0, 1)).all().item<bool>());
        var column = image.select(0, 0).select(1, 0);
        Assert.True(column.narrow(0, 1, 31).gt(column.narrow(0, 0, 31)).all().item<bool>());
    }

    [Fact]
    public void Images_are_normalized_per_channel_with_the_training_statistics()
    {
        DatasetFiles.WriteCifar10(Cifar10Folder, perBatch: 4, testCount: 3);
        using var splits = Load(new Cifar10Dataset(new CifarOptions()), Cifar10Folder);

        var mean = splits.TrainImages.mean([0L, 2L, 3L]).data<float>().ToArray();
        var std = splits.TrainImages.std([0L, 2L, 3L]).data<float>().ToArray();
        Assert.All(mean, m => Assert.InRange(m, -1e-4f, 1e-4f));
        Assert.All(std, s => Assert.InRange(s, 1 - 1e-3f, 1 + 1e-3f));
    }

    [Fact]
    public void Cifar100_uses_fine_labels_by_default_and_coarse_on_request()
    {
        var directory = Directory.CreateDirectory(folder.File("cifar-100-binary")).FullName;
        var records = DatasetFiles.CifarRecords([3, 97], [19, 5], [0, 42]);
        File.WriteAllBytes(Path.Combine(directory, "train.bin"), records);
        File.WriteAllBytes(Path.Combine(directory, "test.bin"), records);

        using var fine = Load(new Cifar100Dataset(new Cifar100Options()), folder.Path);
        using var coarse = Load(new Cifar100Dataset(new Cifar100Options { Labels = Cifar100Labels.Coarse }), folder.Path);
        Assert.Equal([97L, 5, 42], fine.TrainLabels.data<long>().ToArray());
        Assert.Equal([3L, 19, 0], coarse.TestLabels.data<long>().ToArray());
    }

    [Fact]
    public void A_truncated_record_names_the_file_the_record_size_and_the_leftover_bytes()
    {
        DatasetFiles.WriteCifar10(Cifar10Folder, perBatch: 4, testCount: 3);
        var batch = Path.Combine(Cifar10Folder, "data_batch_3.bin");
        File.WriteAllBytes(batch, DatasetFiles.Cifar10(1, 2, 3).AsSpan(0, 3073 * 2 + 100).ToArray());

        var error = Assert.Throws<DatasetException>(() => Load(new Cifar10Dataset(new CifarOptions()), folder.Path));
        Assert.False(error.Unavailable);
        Assert.Equal(batch, error.Path);
        Assert.Contains($"{batch}: expected a whole number of 3073-byte records", error.Message);
        Assert.Contains("found 6246 bytes = 2 records + 100 bytes", error.Message);
    }

    [Fact]
    public void A_label_out_of_range_names_the_file_the_range_and_the_record()
    {
        DatasetFiles.WriteCifar10(Cifar10Folder, perBatch: 4, testCount: 3);
        var test = Path.Combine(Cifar10Folder, "test_batch.bin");
        File.WriteAllBytes(test, DatasetFiles.Cifar10(1, 2, 10));

        var error = Assert.Throws<DatasetException>(() => Load(new Cifar10Dataset(new CifarOptions()), folder.Path));
        Assert.Contains($"{test}: expected labels in 0..9, found 10 at record 2", error.Message);
    }

    [Fact]
    public void A_coarse_label_out_of_range_is_reported_even_when_fine_labels_are_used()
    {
        var directory = Directory.CreateDirectory(folder.File("cifar-100-binary")).FullName;
        File.WriteAllBytes(Path.Combine(directory, "train.bin"), DatasetFiles.CifarRecords([3, 97], [20, 5]));
        File.WriteAllBytes(Path.Combine(directory, "test.bin"), DatasetFiles.CifarRecords([3, 97]));

        var error = Assert.Throws<DatasetException>(() => Load(new Cifar100Dataset(new Cifar100Options()), directory));
        Assert.Contains("expected coarse labels in 0..19, found 20 at record 1", error.Message);
    }

    [Fact]
    public void A_missing_test_file_is_malformed_data_naming_the_file()
    {
        DatasetFiles.WriteCifar10(Cifar10Folder, perBatch: 4, testCount: 3);
        var test = Path.Combine(Cifar10Folder, "test_batch.bin");
        File.Delete(test);

        var error = Assert.Throws<DatasetException>(() => Load(new Cifar10Dataset(new CifarOptions()), folder.Path));
        Assert.False(error.Unavailable);
        Assert.Equal(test, error.Path);
        Assert.Contains($"{test} not found", error.Message);
    }

    [Fact]
    public void A_data_dir_without_the_files_says_where_to_put_them()
    {
        var error = Assert.Throws<DatasetException>(() => Load(new Cifar10Dataset(new CifarOptions()), folder.Path));
        Assert.False(error.Unavailable);
        Assert.Contains(Path.Combine(folder.Path, "cifar-10-batches-bin", "data_batch_1.bin"), error.Message);
        Assert.Contains("data_batch_5.bin, test_batch.bin", error.Message);
    }

    [Fact]
    public void Limits_keep_the_first_examples_and_augment_false_sets_no_augmentation()
    {
        DatasetFiles.WriteCifar10(Cifar10Folder, perBatch: 4, testCount: 3);
        using var splits = Load(new Cifar10Dataset(new CifarOptions { Augment = false, TrainLimit = 6, TestLimit = 2 }), folder.Path);
        Assert.Equal(6, splits.TrainCount);
        Assert.Equal(2, splits.TestCount);
        Assert.Null(splits.Augmentation);
    }

    public void Dispose() => folder.Dispose();
}

namespace RegBench.Datasets.Cifar;

/// <summary>
/// One of the two CIFAR binary layouts: records of <see cref="LabelBytes"/> label bytes then 3072 bytes of pixels
/// (R, G, B planes of 32×32, row-major).
/// </summary>
/// <param name="Name">Plugin name.</param>
/// <param name="Subfolder">Folder of the official binary archive.</param>
/// <param name="TrainFiles">Training files, read in order and concatenated.</param>
/// <param name="TestFile">The test file.</param>
/// <param name="LabelClasses">Classes of each label byte (CIFAR-100: coarse 20, fine 100).</param>
/// <param name="LabelNames">Name of each label byte for messages.</param>
public sealed record CifarFormat(string Name, string Subfolder, string[] TrainFiles, string TestFile, int[] LabelClasses, string[] LabelNames)
{
    /// <summary>Image side in pixels.</summary>
    public const int Side = 32;

    /// <summary>Pixel bytes per record.</summary>
    public const int PixelBytes = 3 * Side * Side;

    /// <summary>Label bytes per record.</summary>
    public int LabelBytes => LabelClasses.Length;

    /// <summary>Bytes per record.</summary>
    public int RecordBytes => LabelBytes + PixelBytes;

    /// <summary>CIFAR-10: data_batch_1..5.bin and test_batch.bin in cifar-10-batches-bin/, one label byte.</summary>
    public static CifarFormat Cifar10 { get; } = new("cifar10", "cifar-10-batches-bin",
        [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")], "test_batch.bin", [10], ["label"]);

    /// <summary>CIFAR-100: train.bin and test.bin in cifar-100-binary/, a coarse then a fine label byte.</summary>
    public static CifarFormat Cifar100 { get; } = new("cifar100", "cifar-100-binary", ["train.bin"], "test.bin", [20, 100], ["coarse label", "fine label"]);

    /// <summary>Describes one record for size errors.</summary>
    public string RecordDescription => $"{string.Join(" + ", LabelNames.Select(n => $"1 {n} byte"))} + {PixelBytes} pixel bytes";
}

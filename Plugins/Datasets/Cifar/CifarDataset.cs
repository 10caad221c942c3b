using RegBench.Abstractions;
using RegBench.Datasets.Images;
using static TorchSharp.torch;

namespace RegBench.Datasets.Cifar;

/// <summary>
/// CIFAR-10/100 (Krizhevsky 2009) from the official binary files, held whole as tensors: images scaled to [0, 1] and
/// normalized with the training split's per-channel mean and std; optional crop + flip augmentation of training batches.
/// The plugins are <see cref="Cifar10Dataset"/> and <see cref="Cifar100Dataset"/>.
/// </summary>
/// <param name="format">CIFAR-10 or CIFAR-100 layout.</param>
/// <param name="options">Augmentation and limits.</param>
/// <param name="labelByte">Which label byte is the class (CIFAR-100: 0 coarse, 1 fine).</param>
public abstract class CifarDataset(CifarFormat format, CifarOptions options, int labelByte) : IDataset
{
    /// <summary>Zero padding of the random crop, in pixels.</summary>
    public const int CropPadding = 4;

    private readonly DatasetFolder folder = new(format.Name, format.Subfolder, format.TrainFiles[0], [.. format.TrainFiles, format.TestFile]);

    /// <inheritdoc />
    public DataShape Shape { get; } = new(3, CifarFormat.Side, CifarFormat.Side, format.LabelClasses[labelByte]);

    /// <inheritdoc />
    public DatasetSize? Size { get; } = DatasetSize.Limited(50000, 10000, options.TrainLimit, options.TestLimit);

    /// <inheritdoc />
    public DatasetSplits Load(DatasetLoadContext context)
    {
        var directory = folder.Find(context.DataDirectory);
        var trainPaths = format.TrainFiles.Select(f => folder.Require(directory, f)).ToList();
        var testPath = folder.Require(directory, format.TestFile);
        using var scope = NewDisposeScope();
        var (trainImages, trainLabels) = Split(ReadAll(trainPaths), options.TrainLimit);
        var (testImages, testLabels) = Split(ReadAll([testPath]), options.TestLimit);
        var fill = ImagePreprocessing.NormalizePerChannel(trainImages, testImages);
        return new DatasetSplits(trainImages.MoveToOuterDisposeScope(), trainLabels.MoveToOuterDisposeScope(),
            testImages.MoveToOuterDisposeScope(), testLabels.MoveToOuterDisposeScope(), directory)
        {
            Augmentation = options.Augment ? new RandomCropFlip(CropPadding, fill) : null,
        };
    }

    private Tensor ReadAll(IReadOnlyList<string> paths) => cat(paths.Select(ReadChecked).ToList(), 0);

    private Tensor ReadChecked(string path)
    {
        var records = RecordFile.Read(path, format.RecordBytes, format.RecordDescription);
        for (var b = 0; b < format.LabelBytes; b++)
            RecordFile.CheckLabels(records.select(1, b), 0, format.LabelClasses[b] - 1, path, $"{format.LabelNames[b]}s");
        return records;
    }

    private (Tensor Images, Tensor Labels) Split(Tensor records, int limit)
    {
        var count = limit > 0 ? Math.Min(limit, records.shape[0]) : records.shape[0];
        records = records.narrow(0, 0, count);
        var images = ImagePreprocessing.ToUnitFloat(records.narrow(1, format.LabelBytes, CifarFormat.PixelBytes).reshape(count, 3, CifarFormat.Side, CifarFormat.Side));
        return (images, records.select(1, labelByte).to_type(ScalarType.Int64));
    }
}

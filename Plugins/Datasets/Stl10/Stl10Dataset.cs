using RegBench.Abstractions;
using RegBench.Datasets.Images;
using static TorchSharp.torch;

namespace RegBench.Datasets.Stl10;

/// <summary>
/// STL-10 (Coates et al. 2011), labelled splits of the binary version: *_X.bin holds 96×96×3 images, each as three
/// channel planes stored column-major (so a plane is transposed on reading); *_y.bin holds one label byte 1..10 per
/// image (mapped to 0..9). Normalized per channel with the training split's statistics; the unlabelled split is unused.
/// </summary>
[Dataset("stl10", Description = "STL-10 (Coates et al. 2011): 96x96 RGB, 10 classes, 5000/8000 labelled; binary version (stl10_binary/).")]
public sealed class Stl10Dataset(Stl10Options options) : IDataset
{
    /// <summary>Image side in pixels.</summary>
    public const int Side = 96;

    /// <summary>Zero padding of the random crop, in pixels.</summary>
    public const int CropPadding = 12;

    private const int Classes = 10;
    private const int ImageBytes = 3 * Side * Side;
    private static readonly string[] Files = ["train_X.bin", "train_y.bin", "test_X.bin", "test_y.bin"];
    private readonly DatasetFolder folder = new("stl10", "stl10_binary", Files[0], Files);

    /// <inheritdoc />
    public DataShape Shape { get; } = new(3, Side, Side, Classes);

    /// <inheritdoc />
    public DatasetSize? Size { get; } = DatasetSize.Limited(5000, 8000, options.TrainLimit, options.TestLimit);

    /// <inheritdoc />
    public DatasetSplits Load(DatasetLoadContext context)
    {
        var directory = folder.Find(context.DataDirectory);
        var paths = Files.Select(f => folder.Require(directory, f)).ToArray();
        using var scope = NewDisposeScope();
        var (trainImages, trainLabels) = ReadSplit(paths[0], paths[1], options.TrainLimit);
        var (testImages, testLabels) = ReadSplit(paths[2], paths[3], options.TestLimit);
        var fill = ImagePreprocessing.NormalizePerChannel(trainImages, testImages);
        return new DatasetSplits(trainImages.MoveToOuterDisposeScope(), trainLabels.MoveToOuterDisposeScope(),
            testImages.MoveToOuterDisposeScope(), testLabels.MoveToOuterDisposeScope(), directory)
        {
            Augmentation = options.Augment ? new RandomCropFlip(CropPadding, fill) : null,
        };
    }

    private static (Tensor Images, Tensor Labels) ReadSplit(string imagePath, string labelPath, int limit)
    {
        var pixels = RecordFile.Read(imagePath, ImageBytes, $"one {Side}x{Side} image: 3 column-major channel planes");
        var labels = RecordFile.Read(labelPath, 1, "one label byte").flatten();
        if (labels.shape[0] != pixels.shape[0])
            throw RecordFile.Malformed(labelPath, $"{pixels.shape[0]} labels (one per image of {Path.GetFileName(imagePath)})", $"{labels.shape[0]}");
        RecordFile.CheckLabels(labels, 1, Classes, labelPath, "labels");
        var count = limit > 0 ? Math.Min(limit, labels.shape[0]) : labels.shape[0];
        var images = pixels.narrow(0, 0, count).view(count, 3, Side, Side).transpose(2, 3);
        return (ImagePreprocessing.ToUnitFloat(images).contiguous(), labels.narrow(0, 0, count).to_type(ScalarType.Int64).sub_(1));
    }
}

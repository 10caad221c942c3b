using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Datasets.Idx;

/// <summary>
/// MNIST-format datasets (28×28 grayscale, 10 classes, 60000/10000 examples). Search order: the run's --data-dir,
/// then $REGBENCH_DATA (and its subfolder named after the dataset), then the Debian package's folder.
/// Images are scaled to [0, 1] and normalized with the training split's mean and standard deviation.
/// The plugins are <see cref="FashionMnistDataset"/> and <see cref="MnistDataset"/>, which name the dataset and its folders.
/// </summary>
/// <param name="name">Plugin name, also the subfolder searched under --data-dir and $REGBENCH_DATA.</param>
/// <param name="debianDirectory">Folder of the Debian package, searched last; null when there is none.</param>
/// <param name="installHint">How to install the files, appended to the not-found error.</param>
/// <param name="options">Limits of the splits.</param>
public abstract class IdxDataset(string name, string? debianDirectory, string installHint, IdxDatasetOptions options) : IDataset
{
    private const int Side = 28;
    private const int Classes = 10;
    private static readonly string[] Files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <inheritdoc />
    public DataShape Shape { get; } = new(1, Side, Side, Classes);

    /// <inheritdoc />
    public DatasetSize? Size { get; } = DatasetSize.Limited(60000, 10000, options.TrainLimit, options.TestLimit);

    /// <inheritdoc />
    public DatasetSplits Load(DatasetLoadContext context)
    {
        var directory = FindDirectory(context.DataDirectory);
        var (trainImages, trainLabels) = ReadSplit(directory, Files[0], Files[1], options.TrainLimit);
        var (testImages, testLabels) = ReadSplit(directory, Files[2], Files[3], options.TestLimit);
        using var scope = NewDisposeScope();
        var mean = trainImages.mean();
        var std = trainImages.std();
        var splits = new DatasetSplits(
            trainImages.sub(mean).div_(std).MoveToOuterDisposeScope(), trainLabels.MoveToOuterDisposeScope(),
            testImages.sub(mean).div_(std).MoveToOuterDisposeScope(), testLabels.MoveToOuterDisposeScope(),
            directory);
        trainImages.Dispose();
        testImages.Dispose();
        return splits;
    }

    private string FindDirectory(string? explicitDirectory)
    {
        if (explicitDirectory is not null)
        {
            var candidates = new[] { Path.Combine(explicitDirectory, name), explicitDirectory };
            var found = candidates.FirstOrDefault(HasTrainImages);
            if (found is not null) return found;
            var missing = Path.Combine(explicitDirectory, Files[0]);
            throw new DatasetException(
                $"{name}: {missing}(.gz) not found (expected {16 + 60000 * Side * Side} bytes uncompressed: 60000 images of {Side}x{Side} with a 16-byte header). " +
                $"Put the four IDX files ({string.Join(", ", Files)}, optionally .gz) in {explicitDirectory} or its subfolder {name}/.",
                missing, unavailable: false);
        }
        var searched = new List<string>();
        var environment = Environment.GetEnvironmentVariable("REGBENCH_DATA");
        if (!string.IsNullOrEmpty(environment)) searched.AddRange([Path.Combine(environment, name), environment]);
        if (debianDirectory is not null) searched.Add(debianDirectory);
        return searched.FirstOrDefault(HasTrainImages) ?? throw new DatasetException(
            $"{name} not found (searched {(searched.Count == 0 ? "nothing: $REGBENCH_DATA is unset" : string.Join(", ", searched))}). {installHint}",
            searched.LastOrDefault(), unavailable: true);
    }

    private static bool HasTrainImages(string directory) => IdxFile.Locate(Path.Combine(directory, Files[0])) is not null;

    private (Tensor Images, Tensor Labels) ReadSplit(string directory, string imageFile, string labelFile, int limit)
    {
        var imagePath = Require(directory, imageFile);
        var (imageDims, pixels) = IdxFile.Read(imagePath, -1, Side, Side);
        var labelPath = Require(directory, labelFile);
        var (labelDims, labels) = IdxFile.Read(labelPath, imageDims[0]);
        var bad = Array.FindIndex(labels, l => l >= Classes);
        if (bad >= 0) throw IdxFile.Malformed(labelPath, $"labels in 0..{Classes - 1}", $"label {labels[bad]} at index {bad}");
        var count = limit > 0 ? Math.Min(limit, labelDims[0]) : labelDims[0];
        var images = tensor(pixels.AsSpan(0, count * Side * Side).ToArray(), [count, 1, Side, Side], ScalarType.Byte);
        var scaled = images.to_type(ScalarType.Float32).div_(255f);
        images.Dispose();
        var labelTensor = tensor(labels.AsSpan(0, count).ToArray(), [count], ScalarType.Byte);
        var longLabels = labelTensor.to_type(ScalarType.Int64);
        labelTensor.Dispose();
        return (scaled, longLabels);
    }

    private string Require(string directory, string file) =>
        IdxFile.Locate(Path.Combine(directory, file)) ?? throw new DatasetException(
            $"{name}: {Path.Combine(directory, file)}(.gz) not found; the folder has the training images but lacks this split. Restore the four IDX files together.",
            Path.Combine(directory, file), unavailable: false);
}

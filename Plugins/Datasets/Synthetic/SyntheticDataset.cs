using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Datasets.Synthetic;

/// <summary>
/// Embedded, file-free data: Gaussian images labelled by a random teacher network
/// (label = argmax of W₂·tanh(W₁·x) + b, with b chosen so classes are balanced); the same options give the same data.
/// The fallback when a real dataset is not installed.
/// </summary>
[Dataset("synthetic", Description = "Embedded synthetic images labelled by a random teacher network; no files; deterministic.")]
[Invariant.LoadsWithoutFiles]
public sealed class SyntheticDataset(SyntheticOptions options) : IDataset
{
    /// <inheritdoc />
    public DataShape Shape { get; } = new(options.Channels, options.Height, options.Width, options.Classes);

    /// <inheritdoc />
    public DatasetSize? Size { get; } = new(options.TrainSize, options.TestSize);

    /// <inheritdoc />
    public DatasetSplits Load(DatasetLoadContext context)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)options.Seed);
        var features = Shape.Features;
        var total = options.TrainSize + options.TestSize;
        var inputs = randn([total, features], generator: generator);
        var hiddenWeights = randn([features, options.TeacherWidth], generator: generator).div_(Math.Sqrt(features));
        var outputWeights = randn([options.TeacherWidth, options.Classes], generator: generator).div_(Math.Sqrt(options.TeacherWidth));
        var scores = inputs.matmul(hiddenWeights).tanh_().matmul(outputWeights);
        scores = scores.sub(scores.sort(0).Values.select(0, total / 2)); // centre each class score so every class wins about equally often
        var labels = scores.argmax(1);
        var images = inputs.reshape(total, options.Channels, options.Height, options.Width);
        return new DatasetSplits(
            images.narrow(0, 0, options.TrainSize).contiguous().MoveToOuterDisposeScope(),
            labels.narrow(0, 0, options.TrainSize).contiguous().MoveToOuterDisposeScope(),
            images.narrow(0, options.TrainSize, options.TestSize).contiguous().MoveToOuterDisposeScope(),
            labels.narrow(0, options.TrainSize, options.TestSize).contiguous().MoveToOuterDisposeScope(),
            $"embedded teacher-network data, seed {options.Seed}, {options.TrainSize}/{options.TestSize} examples");
    }
}

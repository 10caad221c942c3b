using static TorchSharp.torch;

namespace RegBench.Abstractions;

/// <summary>
/// A whole dataset held as tensors: images (N, C, H, W) float32, normalized; labels (N) int64.
/// <see cref="Source"/> says what was really loaded (e.g. the directory), and is recorded with every cell.
/// </summary>
public sealed record DatasetSplits(Tensor TrainImages, Tensor TrainLabels, Tensor TestImages, Tensor TestLabels, string Source)
    : IDisposable
{
    /// <summary>Applied by the engine to every training batch when set (e.g. CIFAR crop + flip); null for none.</summary>
    public IBatchAugmentation? Augmentation { get; init; }

    /// <summary>Number of training examples.</summary>
    public long TrainCount => TrainLabels.shape[0];

    /// <summary>Number of test examples.</summary>
    public long TestCount => TestLabels.shape[0];

    /// <summary>Disposes the four tensors.</summary>
    public void Dispose()
    {
        TrainImages.Dispose();
        TrainLabels.Dispose();
        TestImages.Dispose();
        TestLabels.Dispose();
    }
}

using RegBench.Abstractions;

namespace RegBench.Datasets.Idx;

/// <summary>MNIST: LeCun's handwritten digits in the same IDX format; no system package, so only --data-dir and $REGBENCH_DATA.</summary>
[Dataset(Name, Description = "MNIST (LeCun et al. 1998): 28x28 grayscale digits, 10 classes, 60000/10000; IDX files.")]
public sealed class MnistDataset(IdxDatasetOptions options)
    : IdxDataset(Name, debianDirectory: null, InstallHint, options)
{
    /// <summary>The name experiments.json uses.</summary>
    public const string Name = "mnist";

    private const string InstallHint = "Put the four MNIST IDX files in $REGBENCH_DATA/mnist/ or pass --data-dir DIR.";
}

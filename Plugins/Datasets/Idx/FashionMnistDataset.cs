using RegBench.Abstractions;

namespace RegBench.Datasets.Idx;

/// <summary>Fashion-MNIST: the IDX files of Zalando's clothing images, also found where Debian's dataset-fashion-mnist puts them.</summary>
[Dataset(Name, Description = "Fashion-MNIST (Xiao et al. 2017): 28x28 grayscale, 10 classes, 60000/10000; IDX files.")]
public sealed class FashionMnistDataset(IdxDatasetOptions options)
    : IdxDataset(Name, DebianDirectory, InstallHint, options)
{
    /// <summary>The name experiments.json uses.</summary>
    public const string Name = "fashion-mnist";

    /// <summary>Where the Debian package dataset-fashion-mnist installs the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    private const string InstallHint = "Install it with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), set REGBENCH_DATA, or pass --data-dir DIR.";
}

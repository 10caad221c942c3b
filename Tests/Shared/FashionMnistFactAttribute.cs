namespace RegBench.Tests.Shared;

/// <summary>A fact that needs Debian's dataset-fashion-mnist; skipped with the reason when it is not installed (CI installs it).</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    /// <summary>Where the Debian package puts the IDX files.</summary>
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the dataset is absent.</summary>
    public FashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(Directory, "train-images-idx3-ubyte.gz")))
            Skip = $"Fashion-MNIST is not installed in {Directory}: apt-get install dataset-fashion-mnist (.ci/run does).";
    }
}

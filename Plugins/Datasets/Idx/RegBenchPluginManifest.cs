using RegBench.Abstractions;

[assembly: PluginManifest(typeof(RegBench.Datasets.Idx.RegBenchPluginManifest))]

namespace RegBench.Datasets.Idx;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    private const string FashionHint = "Install it with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), set REGBENCH_DATA, or pass --data-dir DIR.";
    private const string MnistHint = "Put the four MNIST IDX files in $REGBENCH_DATA/mnist/ or pass --data-dir DIR.";

    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Dataset, "fashion-mnist", "Fashion-MNIST (Xiao et al. 2017): 28x28 grayscale, 10 classes, 60000/10000; IDX files.",
            PluginOptionsBinder.Describe<IdxDatasetOptions>(),
            json => new IdxDataset("fashion-mnist", "/usr/share/datasets/fashion-mnist", FashionHint, Validate("fashion-mnist", json))),
        new(PluginKind.Dataset, "mnist", "MNIST (LeCun et al. 1998): 28x28 grayscale digits, 10 classes, 60000/10000; IDX files.",
            PluginOptionsBinder.Describe<IdxDatasetOptions>(),
            json => new IdxDataset("mnist", null, MnistHint, Validate("mnist", json))),
    ];

    private static IdxDatasetOptions Validate(string name, System.Text.Json.JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<IdxDatasetOptions>(name, json);
        if (options.TrainLimit < 0) throw new PluginOptionsException(name, "trainLimit", $"must be ≥ 0, found {options.TrainLimit}.");
        if (options.TestLimit < 0) throw new PluginOptionsException(name, "testLimit", $"must be ≥ 0, found {options.TestLimit}.");
        return options;
    }
}

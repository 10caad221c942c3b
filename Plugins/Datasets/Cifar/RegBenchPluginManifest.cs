using RegBench.Abstractions;

[assembly: PluginManifest(typeof(RegBench.Datasets.Cifar.RegBenchPluginManifest))]

namespace RegBench.Datasets.Cifar;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Dataset, "cifar10", "CIFAR-10 (Krizhevsky 2009): 32x32 RGB, 10 classes, 50000/10000; binary version (cifar-10-batches-bin/).",
            PluginOptionsBinder.Describe<CifarOptions>(), json => new CifarDataset(CifarFormat.Cifar10, Validate<CifarOptions>("cifar10", json))),
        new(PluginKind.Dataset, "cifar100", "CIFAR-100 (Krizhevsky 2009): 32x32 RGB, 100 fine / 20 coarse classes, 50000/10000; binary version (cifar-100-binary/).",
            PluginOptionsBinder.Describe<Cifar100Options>(), CreateCifar100),
    ];

    private static CifarDataset CreateCifar100(System.Text.Json.JsonElement json)
    {
        var options = Validate<Cifar100Options>("cifar100", json);
        var labelByte = options.Labels switch
        {
            "coarse" => 0,
            "fine" => 1,
            _ => throw new PluginOptionsException("cifar100", "labels", $"must be fine or coarse, found '{options.Labels}'."),
        };
        return new CifarDataset(CifarFormat.Cifar100, options, labelByte);
    }

    private static T Validate<T>(string name, System.Text.Json.JsonElement json) where T : CifarOptions, new()
    {
        var options = PluginOptionsBinder.Bind<T>(name, json);
        if (options.TrainLimit < 0) throw new PluginOptionsException(name, "trainLimit", $"must be ≥ 0, found {options.TrainLimit}.");
        if (options.TestLimit < 0) throw new PluginOptionsException(name, "testLimit", $"must be ≥ 0, found {options.TestLimit}.");
        return options;
    }
}

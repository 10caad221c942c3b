using RegBench.Abstractions;

[assembly: PluginManifest(typeof(RegBench.Datasets.Stl10.RegBenchPluginManifest))]

namespace RegBench.Datasets.Stl10;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Dataset, "stl10", "STL-10 (Coates et al. 2011): 96x96 RGB, 10 classes, 5000/8000 labelled; binary version (stl10_binary/).",
            PluginOptionsBinder.Describe<Stl10Options>(), Create),
    ];

    private static Stl10Dataset Create(System.Text.Json.JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<Stl10Options>("stl10", json);
        if (options.TrainLimit < 0) throw new PluginOptionsException("stl10", "trainLimit", $"must be ≥ 0, found {options.TrainLimit}.");
        if (options.TestLimit < 0) throw new PluginOptionsException("stl10", "testLimit", $"must be ≥ 0, found {options.TestLimit}.");
        return new Stl10Dataset(options);
    }
}

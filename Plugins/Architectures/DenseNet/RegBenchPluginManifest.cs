using RegBench.Abstractions;

namespace RegBench.Architectures.DenseNet;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Architecture, "densenet", DenseNetArchitecture.Description, PluginOptionsBinder.Describe<DenseNetOptions>(), Create),
    ];

    private static DenseNetArchitecture Create(System.Text.Json.JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<DenseNetOptions>("densenet", json);
        if (options.Depth < 10 || (options.Depth - 4) % 6 != 0)
            throw new PluginOptionsException("densenet", "depth", $"must be 6n + 4 with n ≥ 1 (e.g. 40, 100, 190), found {options.Depth}.");
        if (options.GrowthRate < 1)
            throw new PluginOptionsException("densenet", "growthRate", $"must be ≥ 1, found {options.GrowthRate}.");
        if (options.Compression is <= 0 or > 1 || double.IsNaN(options.Compression))
            throw new PluginOptionsException("densenet", "compression", $"must be in (0, 1], found {options.Compression}.");
        if (options.Dropout is < 0 or >= 1 || double.IsNaN(options.Dropout))
            throw new PluginOptionsException("densenet", "dropout", $"must be in [0, 1), found {options.Dropout}.");
        if (!DenseNetArchitecture.Stems.Contains(options.Stem))
            throw new PluginOptionsException("densenet", "stem", $"must be one of {string.Join(", ", DenseNetArchitecture.Stems)}, found '{options.Stem}'.");
        return new DenseNetArchitecture(options);
    }
}

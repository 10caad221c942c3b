using RegBench.Abstractions;

namespace RegBench.Architectures.NetworkInNetwork;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Architecture, "nin", NinArchitecture.Description, PluginOptionsBinder.Describe<NinOptions>(), Create),
    ];

    private static NinArchitecture Create(System.Text.Json.JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<NinOptions>("nin", json);
        if (options.Dropout is < 0 or >= 1 || double.IsNaN(options.Dropout))
            throw new PluginOptionsException("nin", "dropout", $"must be in [0, 1), found {options.Dropout}.");
        return new NinArchitecture(options);
    }
}

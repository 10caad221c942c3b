using RegBench.Abstractions;

namespace RegBench.Architectures.ResNet;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Architecture, "resnet", ResNetArchitecture.Description, PluginOptionsBinder.Describe<ResNetOptions>(), Create),
    ];

    private static ResNetArchitecture Create(System.Text.Json.JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<ResNetOptions>("resnet", json);
        if (!ResNetArchitecture.Depths.ContainsKey(options.Depth))
            throw new PluginOptionsException("resnet", "depth", $"must be one of {string.Join(", ", ResNetArchitecture.Depths.Keys)}, found {options.Depth}.");
        if (!ResNetArchitecture.Stems.Contains(options.Stem))
            throw new PluginOptionsException("resnet", "stem", $"must be one of {string.Join(", ", ResNetArchitecture.Stems)}, found '{options.Stem}'.");
        if (options.Width is < 1 or > 4096)
            throw new PluginOptionsException("resnet", "width", $"must be in 1..4096, found {options.Width}.");
        return new ResNetArchitecture(options);
    }
}

using RegBench.Abstractions;

namespace RegBench.Architectures.Vgg;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Architecture, "vgg", VggArchitecture.Description, PluginOptionsBinder.Describe<VggOptions>(), Create),
    ];

    private static VggArchitecture Create(System.Text.Json.JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<VggOptions>("vgg", json);
        if (!VggArchitecture.Configurations.ContainsKey(options.Depth))
            throw new PluginOptionsException("vgg", "depth", $"must be one of {string.Join(", ", VggArchitecture.Configurations.Keys)}, found {options.Depth}.");
        if (options.Width is < 1 or > 4096)
            throw new PluginOptionsException("vgg", "width", $"must be in 1..4096, found {options.Width}.");
        if (!VggArchitecture.Classifiers.Contains(options.Classifier))
            throw new PluginOptionsException("vgg", "classifier", $"must be one of {string.Join(", ", VggArchitecture.Classifiers)}, found '{options.Classifier}'.");
        return new VggArchitecture(options);
    }
}

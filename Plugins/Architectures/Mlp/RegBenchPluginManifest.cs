using RegBench.Abstractions;

namespace RegBench.Architectures.Mlp;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Architecture, "mlp", "Multilayer perceptron (Hess & Hutchison: 5x2000 and 7x4000, no biases).",
            PluginOptionsBinder.Describe<MlpOptions>(), Create),
    ];

    private static MlpArchitecture Create(System.Text.Json.JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<MlpOptions>("mlp", json);
        if (options.Depth < 0) throw new PluginOptionsException("mlp", "depth", $"must be ≥ 0, found {options.Depth}.");
        if (options.Width < 1) throw new PluginOptionsException("mlp", "width", $"must be ≥ 1, found {options.Width}.");
        if (!MlpArchitecture.Activations.Contains(options.Activation))
            throw new PluginOptionsException("mlp", "activation", $"must be one of {string.Join(", ", MlpArchitecture.Activations)}, found '{options.Activation}'.");
        return new MlpArchitecture(options);
    }
}

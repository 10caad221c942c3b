using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Regularizers.FrobeniusScaling;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Regularizer, FrobeniusNormScaling.Name, FrobeniusNormScaling.Description,
            PluginOptionsBinder.Describe<FrobeniusScalingOptions>(), Create),
    ];

    /// <summary>Binds and validates the options, then creates the plugin.</summary>
    public static FrobeniusNormScaling Create(JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<FrobeniusScalingOptions>(FrobeniusNormScaling.Name, json);
        if (options.Target is { } target && (!double.IsFinite(target) || target <= 0))
            throw new PluginOptionsException(FrobeniusNormScaling.Name, "target", $"must be a finite number > 0 (or null for the initial norm), found {target}.");
        return new FrobeniusNormScaling(options);
    }
}

using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Regularizers.SpectralScaling;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Regularizer, SpectralNormScaling.Name, SpectralNormScaling.Description,
            PluginOptionsBinder.Describe<SpectralScalingOptions>(), Create),
    ];

    /// <summary>Binds and validates the options, then creates the plugin.</summary>
    public static SpectralNormScaling Create(JsonElement json)
    {
        const string name = SpectralNormScaling.Name;
        var options = PluginOptionsBinder.Bind<SpectralScalingOptions>(name, json);
        if (options.Target is { } target && (!double.IsFinite(target) || target <= 0))
            throw new PluginOptionsException(name, "target", $"must be a finite number > 0 (or null for the initial σ₁), found {target}.");
        if (options.MaxIterations < 1)
            throw new PluginOptionsException(name, "maxIterations", $"must be ≥ 1, found {options.MaxIterations}.");
        if (!double.IsFinite(options.Tolerance) || options.Tolerance < 0)
            throw new PluginOptionsException(name, "tolerance", $"must be a finite number ≥ 0, found {options.Tolerance}.");
        if (!double.IsFinite(options.SigmaTolerance) || options.SigmaTolerance < 0)
            throw new PluginOptionsException(name, "sigmaTolerance", $"must be a finite number ≥ 0, found {options.SigmaTolerance}.");
        if (options.BlockSize < 1)
            throw new PluginOptionsException(name, "blockSize", $"must be ≥ 1, found {options.BlockSize}.");
        if (!Enum.IsDefined(options.StopRule))
            throw new PluginOptionsException(name, "stopRule", "must be \"sigma\" or \"residual\".");
        if (options.CheckInterval < 1)
            throw new PluginOptionsException(name, "checkInterval", $"must be ≥ 1, found {options.CheckInterval}.");
        if (!Enum.IsDefined(options.Mode))
            throw new PluginOptionsException(name, "mode", "must be \"faithful\" or \"adaptive\".");
        if (!Enum.IsDefined(options.Estimator))
            throw new PluginOptionsException(name, "estimator", "must be \"reshaped\" or \"operator\".");
        return new SpectralNormScaling(options);
    }
}

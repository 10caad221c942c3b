using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Regularizers.WeightDecay;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Regularizer, WeightDecayRegularizer.Name, WeightDecayRegularizer.Description,
            PluginOptionsBinder.Describe<WeightDecayOptions>(), Create),
    ];

    /// <summary>Binds and validates the options, then creates the plugin.</summary>
    public static WeightDecayRegularizer Create(JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<WeightDecayOptions>(WeightDecayRegularizer.Name, json);
        if (!double.IsFinite(options.Lambda) || options.Lambda < 0)
            throw new PluginOptionsException(WeightDecayRegularizer.Name, "lambda", $"must be a finite number ≥ 0, found {options.Lambda}.");
        if (options.Lr is { } lr && (!double.IsFinite(lr) || lr <= 0))
            throw new PluginOptionsException(WeightDecayRegularizer.Name, "lr", $"must be a finite number > 0, found {options.Lr}.");
        if (options.Decoupled && options.Lr * options.Lambda >= 1)
            throw new PluginOptionsException(WeightDecayRegularizer.Name, "lambda",
                $"lr·λ = {options.Lr * options.Lambda} ≥ 1 would flip or zero the weights each step; lower lambda or lr.");
        return new WeightDecayRegularizer(options);
    }
}
